/**
 * Opens an input as a stream of byte chunks: a file, or stdin for '-';
 * gzip is recognised by its magic bytes and decompressed on the fly. The
 * first chunks can be looked at (for format detection) and are then replayed.
 */
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';

const READ_CHUNK_BYTES = 65536;

export class ChunkSource implements AsyncIterable<Buffer> {
  readonly #iterator: AsyncIterator<Buffer>;
  #head: Buffer[] = [];
  #headBytes = 0;
  #done = false;
  #iterated = false;

  readonly #onBytesRead: ((bytes: number) => void) | undefined;

  /** `onBytesRead` hears of every chunk as it is handed on (for progress reports). */
  constructor(stream: AsyncIterable<Buffer>, onBytesRead?: (bytes: number) => void) {
    this.#iterator = stream[Symbol.asyncIterator]();
    this.#onBytesRead = onBytesRead;
  }

  /** At least `bytes` from the start (fewer at the end of input); nothing is consumed. */
  async peek(bytes: number): Promise<Buffer> {
    while (this.#headBytes < bytes && !this.#done) {
      const next = await this.#iterator.next();
      if (next.done === true) {
        this.#done = true;
        break;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      this.#head.push(chunk);
      this.#headBytes += chunk.length;
    }
    return this.#head.length === 1 ? (this.#head[0] as Buffer) : Buffer.concat(this.#head);
  }

  /** True when `peek` saw the whole input. */
  get peekedAll(): boolean {
    return this.#done;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    if (this.#iterated) throw new Error('an input can be read only once');
    this.#iterated = true;
    const head = this.#head;
    this.#head = [];
    let finished = this.#done;
    try {
      for (const chunk of head) {
        this.#onBytesRead?.(chunk.length);
        yield chunk;
      }
      if (finished) return;
      for (;;) {
        const next = await this.#iterator.next();
        if (next.done === true) {
          finished = true;
          return;
        }
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        this.#onBytesRead?.(chunk.length);
        yield chunk;
      }
    } finally {
      // A reader that stops early releases the stream (closes the file).
      if (!finished) await this.#iterator.return?.();
    }
  }
}

function isGzip(head: Buffer): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Opens `path` ('-' for stdin), decompressing gzip. Throws `InputError` when it
 * cannot be read. `onBytesRead` counts bytes as stored (compressed for .gz).
 */
export async function openChunkSource(path: string, onBytesRead?: (bytes: number) => void): Promise<ChunkSource> {
  const stream: Readable = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  const raw = new ChunkSource(stream, onBytesRead);
  let head: Buffer;
  try {
    head = await raw.peek(2);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new InputError(`cannot read ${path}: ${typeof code === 'string' ? code : error instanceof Error ? error.message : String(error)}`, {
      path,
      cause: error,
    });
  }
  if (!isGzip(head)) return raw;
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  // Errors (a truncated file) surface through the gunzip stream the reader iterates.
  pipeline(Readable.from(raw), gunzip, () => {});
  return new ChunkSource(gunzip);
}
