/**
 * A one-line progress bar on stderr for long inputs. Shown only when stderr
 * is a terminal and the inputs are large enough to be worth it; never mixed
 * into stdout, so redirected reports stay clean.
 */
import { stat } from 'node:fs/promises';

const MIN_TOTAL_BYTES = 20 * 1024 * 1024;
const REDRAW_EVERY_MILLIS = 150;
const WIDTH = 30;

export interface ProgressBar {
  update(progress: { readonly path: string; readonly bytesRead: number }): void;
  finish(): void;
}

/** A bar over the total size of `paths`, or undefined when none should be shown. */
export async function createProgressBar(paths: readonly string[], stream: NodeJS.WriteStream = process.stderr): Promise<ProgressBar | undefined> {
  if (!stream.isTTY) return undefined;
  const sizes = new Map<string, number>();
  for (const path of paths) {
    if (path === '-') return undefined; // stdin has no known size
    try {
      sizes.set(path, (await stat(path)).size);
    } catch {
      sizes.set(path, 0);
    }
  }
  const total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  if (total < MIN_TOTAL_BYTES) return undefined;
  const done = new Map<string, number>();
  let lastDraw = 0;
  let drawn = false;
  return {
    update({ path, bytesRead }) {
      done.set(path, bytesRead);
      const now = Date.now();
      if (now - lastDraw < REDRAW_EVERY_MILLIS) return;
      lastDraw = now;
      const read = [...done.values()].reduce((sum, bytes) => sum + bytes, 0);
      const share = Math.min(1, read / total);
      const filled = Math.round(share * WIDTH);
      stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${(read / 1e6).toFixed(0)}/${(total / 1e6).toFixed(0)} MB`);
      drawn = true;
    },
    finish() {
      if (drawn) stream.write('\r' + ' '.repeat(WIDTH + 24) + '\r');
    },
  };
}
