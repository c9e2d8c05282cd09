/**
 * Node-only: finds the course CSVs in a folder (`data/raw/` by default) under Kaggle's names or the
 * course's short names, and checks their bytes are complete.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { COURSE_TABLES, KAGGLE_NAMES, tableForFileName } from './course-tables';
import { checkCsvComplete } from './file-check';
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

/** For `importRawFiles`' `verify` option: the file on disk ends with a complete line. */
export async function verifyRawFileOnDisk(file: RawFile): Promise<void> {
  await checkCsvComplete(new Uint8Array(await readFile(file.path)), file.displayName);
}
