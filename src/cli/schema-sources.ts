import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { naturalOrder } from '../natural-order.js';

/** A schema dump file, or every .sql file below a migrations folder in name order. */
export async function readSchemaSources(path: string): Promise<{ path: string; sql: string }[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new InputError(`--schema ${path}: no such file or folder`, { path, cause: error });
  }
  if (info.isFile()) return [{ path, sql: await readFile(path, 'utf8') }];
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => naturalOrder(a.name, b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith('.sql')) files.push(full);
    }
  };
  await walk(path);
  return Promise.all(files.map(async (file) => ({ path: file, sql: await readFile(file, 'utf8') })));
}
