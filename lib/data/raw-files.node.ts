/**
 * Node-only: finds the course CSVs in a folder (`data/raw/` by default) under Kaggle's names or the
 * course's short names, and checks their bytes are complete.
 */
import { createReadStream } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { createGunzip } from 'node:zlib';
import { COURSE_TABLES, KAGGLE_NAMES, tableForFileName } from './course-tables';
import { RawDataError } from './raw-data-error';
import type { RawFile } from './types';

export const DEFAULT_RAW_DIR = 'data/raw';

/** The course CSVs in `dir`; other files are ignored. Throws a RawDataError if the folder is missing. */
export async function findRawFiles(dir: string): Promise<RawFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new RawDataError(
      `The folder ${dir} does not exist. Put the Olist CSVs there (for example ` +
        `${COURSE_TABLES.map((t) => `${KAGGLE_NAMES[t]}.csv`).join(', ')}).`,
    );
  }
  const files: RawFile[] = [];
  for (const name of names.sort()) {
    const table = tableForFileName(name);
    if (table) files.push({ table, path: path.resolve(dir, name), displayName: name });
  }
  return files;
}

async function lastPlainByte(file: string): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size === 0) return undefined;
    const buffer = Buffer.alloc(1);
    await handle.read(buffer, 0, 1, size - 1);
    return buffer[0];
  } finally {
    await handle.close();
  }
}

/** Streams the gzip file through zlib (which fails on a cut-off or damaged stream). */
function lastGunzippedByte(file: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    let last: number | undefined;
    const gunzip = createGunzip();
    const input = createReadStream(file);
    input.on('error', reject);
    gunzip.on('error', reject);
    gunzip.on('data', (chunk: Buffer) => {
      if (chunk.length > 0) last = chunk[chunk.length - 1];
    });
    gunzip.on('end', () => resolve(last));
    input.pipe(gunzip);
  });
}

/**
 * For `importRawFiles`' `verify` option: the file ends with a complete line (what DuckDB's reader
 * cannot tell: see file-check.ts, the same check on bytes in memory for the browser).
 */
export async function verifyRawFileOnDisk(file: RawFile): Promise<void> {
  let last: number | undefined;
  try {
    last = /\.gz$/i.test(file.path)
      ? await lastGunzippedByte(file.path)
      : await lastPlainByte(file.path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RawDataError(
      `${file.displayName}: the file cannot be read completely (${reason}); download it again.`,
      file.displayName,
    );
  }
  if (last === undefined) {
    throw new RawDataError(`${file.displayName}: the file is empty.`, file.displayName);
  }
  if (last !== 0x0a) {
    throw new RawDataError(
      `${file.displayName}: the last line does not end with a line break: the file looks cut ` +
        'off; download or export it again.',
      file.displayName,
    );
  }
}
