/**
 * Hex digests, with node:crypto loaded on first use: Node compiles about fifteen internal modules
 * for it (some 10 ms of a cold `pgopt lint`), and most runs never hash anything.
 */
import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';

let crypto: typeof Crypto | undefined;

export function hexDigest(algorithm: 'md5' | 'sha1', text: string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto;
  return crypto.createHash(algorithm).update(text).digest('hex');
}
