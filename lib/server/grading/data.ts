/**
 * The data the server grades on: whatever `npm run build` prebuilt for the lab (its manifest in
 * `public/data/`), so a verdict from the server and one from the browser's Grade tab are about the
 * same tables — the real Olist CSVs when `data/raw/` held them at build time, else the lab's
 * generated data. The grading process copies the prebuilt file (it is faster than generating or
 * importing again); without it, it generates the data or reads the CSVs the manifest names.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CourseTable, DataSource } from '@/lib/data';
import { manifestSource, PREBUILT_MANIFEST, type PrebuiltManifest } from '@/lib/data/prebuilt';
import { LAB_DATA } from '@/lib/course/lab-data-source';

/** The data when there is no build (tests, `next dev` before a build): the lab's generated data. */
export const SERVER_GRADING_DATA = LAB_DATA;

export interface ServerGradingData {
  /** The source (files: absolute paths). */
  data: DataSource;
  /** The build's database file holding `data` (gzip-compressed), with its row counts. */
  prebuilt?: { path: string; rows: Record<CourseTable, number> };
}

/** Where the build writes the lab's data, from the project root. */
export const PREBUILT_DIR = path.join('public', 'data');

function readManifest(dir: string): PrebuiltManifest | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, PREBUILT_MANIFEST), 'utf8')) as PrebuiltManifest;
  } catch {
    return null;
  }
}

/** The grading data of the build in `projectRoot` (read each time: a new build changes it). */
export function serverGradingData(projectRoot: string = process.cwd()): ServerGradingData {
  const dir = path.resolve(projectRoot, PREBUILT_DIR);
  const manifest = readManifest(dir);
  const source = manifest && manifestSource(manifest, LAB_DATA);
  if (!manifest || !source) return { data: SERVER_GRADING_DATA };
  const data: DataSource =
    source.kind === 'files'
      ? {
          ...source,
          files: source.files.map((f) => ({ ...f, path: path.resolve(projectRoot, f.path) })),
        }
      : source;
  const file = path.join(dir, manifest.file);
  return existsSync(file) ? { data, prebuilt: { path: file, rows: manifest.rows } } : { data };
}
