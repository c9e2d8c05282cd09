/**
 * Node only, for `npm run build` (scripts/build-lab-data.ts): fills the lab's prebuilt database
 * file once with native DuckDB, from the real Olist CSVs when `data/raw/` holds them (imported and
 * checked with the importer, bad files failing the build with its file/line/column message), else
 * from the lab's generated data. The file is then loaded back as the browser loads it, so a file
 * that would not make a timeline fails here and not in every student's page. Writes it
 * gzip-compressed under a name with its content's digest, plus the manifest that describes it.
 */
import { createHash } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DataSource, LabDataInfo } from '@/lib/data';
import { COURSE_TABLES, type CourseTable } from '@/lib/data/course-tables';
import { describeSource, loadFullData, loadLabData } from '@/lib/data/load';
import {
  PREBUILT_MANIFEST,
  copyPrebuilt,
  prebuiltFileName,
  type PrebuiltManifest,
} from '@/lib/data/prebuilt';
import { findRawFiles, verifyRawFileOnDisk } from '@/lib/data/raw-files.node';
import { digestCourseFiles } from '@/lib/data/source-digest';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { codeDigest } from './code-digest.node';
import { LAB_DATA } from './lab-data-source';

/**
 * The code that decides what a lab database holds (the engine, the data and its timeline, the
 * workspace's Day 10 and replay, the starter project): a browser's kept database from another
 * version of it is rebuilt (lib/workspace/kept-database.ts).
 */
export const WORKSPACE_CODE_DIRS = [
  { dir: 'lib/dbt' },
  { dir: 'lib/jinja' },
  { dir: 'lib/data' },
  { dir: 'lib/engine' },
  { dir: 'lib/workspace' },
  { dir: 'content/lab/project', all: true },
];

export interface BuildLabDataOptions {
  /** Where the served files go (`public/data`); earlier builds' files there are removed. */
  outDir: string;
  /** The folder of the real CSVs (`data/raw`); used when it holds any course CSV. */
  rawDir: string;
  /** The manifest's file paths are relative to it (the project root). */
  projectRoot: string;
  /** Where the app's own code is, for the manifest's code digest (the working directory). */
  codeRoot?: string;
}

export interface BuiltLabData {
  manifest: PrebuiltManifest;
  /** The compressed file as written, and its size. */
  path: string;
  servedBytes: number;
  /** The timeline a page starts with on this data (its cut-off, row counts). */
  info: LabDataInfo;
}

function sha256OfFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')));
  });
}

const posix = (p: string) => p.split(path.sep).join('/');

/**
 * The real CSVs of `rawDir` as a source (absolute paths, a digest of their bytes as the key), or
 * null when the folder is missing or holds none of the course files. A folder with only some of
 * them is a source too: importing it fails with the importer's "Missing …" message, which is what
 * its owner needs to hear, rather than a build that quietly serves generated data.
 */
export async function rawFilesSource(
  rawDir: string,
  projectRoot: string,
): Promise<Extract<DataSource, { kind: 'files' }> | null> {
  if (!existsSync(rawDir)) return null;
  const files = await findRawFiles(rawDir);
  if (files.length === 0) return null;
  const digests: Record<string, string> = {};
  for (const file of files) digests[file.table] = await sha256OfFile(file.path);
  const complete = COURSE_TABLES.every((t) => digests[t]);
  return {
    kind: 'files',
    files,
    label: `the real Olist CSVs (${posix(path.relative(projectRoot, rawDir)) || '.'})`,
    ...(complete ? { digest: await digestCourseFiles(digests) } : {}),
  };
}

/** The source as the manifest records it: file paths relative to the project root. */
function portable(source: DataSource, projectRoot: string): DataSource {
  if (source.kind === 'generated') return source;
  return {
    ...source,
    files: source.files.map((f) => ({ ...f, path: posix(path.relative(projectRoot, f.path)) })),
  };
}

export async function buildLabData({
  outDir,
  rawDir,
  projectRoot,
  codeRoot = process.cwd(),
}: BuildLabDataOptions): Promise<BuiltLabData> {
  mkdirSync(outDir, { recursive: true });
  for (const old of readdirSync(outDir))
    if (/\.(duckdb|wal|gz)$/.test(old) || old === PREBUILT_MANIFEST) rmSync(path.join(outDir, old));

  const source: DataSource = (await rawFilesSource(rawDir, projectRoot)) ?? LAB_DATA;
  const working = path.join(
    outDir,
    source.kind === 'files' && !source.digest ? 'lab-files.duckdb' : prebuiltFileName(source),
  );
  let rows: Record<CourseTable, number>;
  let info: LabDataInfo;
  try {
    const conn = await openNodeConnection({ path: working });
    try {
      rows = await loadFullData(
        conn,
        source,
        source.kind === 'files' ? { verify: verifyRawFileOnDisk } : {},
      );
      await conn.exec('CHECKPOINT');
    } finally {
      await conn.close();
    }
    // Loaded back the way a page loads it: the timeline must start on this data.
    const check = await openNodeConnection();
    try {
      await check.exec(`ATTACH '${working.replace(/'/g, "''")}' AS lab_prebuilt (READ_ONLY)`);
      info = await loadLabData(check, source, {
        fillFull: (c) => copyPrebuilt(c, 'lab_prebuilt', rows),
      });
    } finally {
      await check.close();
    }
  } catch (error) {
    rmSync(working, { force: true });
    rmSync(`${working}.wal`, { force: true });
    throw error;
  }

  const bytes = readFileSync(working);
  rmSync(working);
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const file = path.basename(working).replace(/\.duckdb$/, `-${digest}.duckdb.gz`);
  const compressed = gzipSync(bytes, { level: 9 });
  await writeFile(path.join(outDir, file), compressed);
  const described = describeSource(source);
  const manifest: PrebuiltManifest = {
    key: described.key,
    source: described.label,
    data: portable(source, projectRoot),
    file,
    bytes: bytes.length,
    rows,
    code: codeDigest(codeRoot, WORKSPACE_CODE_DIRS).slice(0, 16),
  };
  await writeFile(path.join(outDir, PREBUILT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, path: path.join(outDir, file), servedBytes: compressed.length, info };
}
