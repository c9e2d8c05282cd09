/**
 * The build's lab data from a `data/raw` folder: generated Olist-shaped CSVs in the Kaggle format
 * for most tests, the real CSVs of ../shared/olist for one (skipped with a note when absent).
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COURSE_TABLES, KAGGLE_NAMES } from '@/lib/data/course-tables';
import { writeCourseCsvs } from '@/lib/data/csv-writer.node';
import { generateOlist } from '@/lib/data/generator/generate';
import { importRawFiles } from '@/lib/data/importer';
import { copyPrebuilt, manifestSource, PREBUILT_MANIFEST } from '@/lib/data/prebuilt';
import { RawDataError } from '@/lib/data/raw-data-error';
import { findRawFiles } from '@/lib/data/raw-files.node';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { serverGradingData } from '@/lib/server/grading/data';
import { hasOlistData, OLIST_DIR, REAL_ROW_COUNTS } from '@/lib/testing/olist-fixture.node';
import { buildLabData, rawFilesSource } from './lab-data-build.node';
import { LAB_DATA } from './lab-data-source';

let tmp: string;
/** Generated CSVs (scale 0.05, seed 7) in the Kaggle format, gzipped, as a project's data/raw. */
let project: string;
let generatedRows: Record<string, number>;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'lab-data-build-'));
  project = path.join(tmp, 'project');
  const conn = await openNodeConnection();
  try {
    await conn.exec('CREATE SCHEMA g');
    generatedRows = await generateOlist(conn, { scale: 0.05, seed: 7 }, 'g');
    await writeCourseCsvs(conn, 'g', path.join(project, 'data/raw'), { gzip: true });
  } finally {
    await conn.close();
  }
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

function build(root: string, out = 'public/data') {
  return buildLabData({
    outDir: path.join(root, out),
    rawDir: path.join(root, 'data/raw'),
    projectRoot: root,
  });
}

/** A copy of the project's data/raw under another root, with `change` applied to orders. */
async function copyProject(name: string, change?: (dir: string) => Promise<void>) {
  const root = path.join(tmp, name);
  await cp(path.join(project, 'data/raw'), path.join(root, 'data/raw'), { recursive: true });
  if (change) await change(path.join(root, 'data/raw'));
  return root;
}

describe('the build imports the CSVs of data/raw', () => {
  it('prebuilds them, describes them honestly, and loads back equal to an import', async () => {
    const built = await build(project);
    const { manifest } = built;
    expect(manifest.source).toBe('the real Olist CSVs (data/raw)');
    expect(manifest.key).toMatch(/^files:sha256:[0-9a-f]{16}$/);
    expect(manifest.file).toMatch(/^lab-files-[0-9a-f]{16}-[0-9a-f]{12}\.duckdb\.gz$/);
    expect(manifest.rows).toEqual(generatedRows);
    // Paths relative to the project (no absolute path of the build machine is published).
    expect(manifest.data?.kind).toBe('files');
    if (manifest.data?.kind === 'files')
      expect(manifest.data.files.map((f) => f.path).sort()).toEqual(
        (await readdir(path.join(project, 'data/raw'))).map((n) => `data/raw/${n}`).sort(),
      );
    expect(JSON.stringify(manifest)).not.toContain(tmp);
    expect(manifestSource(manifest, LAB_DATA)).toEqual(manifest.data);
    // The cut-off comes from the data, as for any files.
    expect(built.info.cutoffDay).toMatch(/^2018-08-\d\d$/);
    const written = JSON.parse(
      await readFile(path.join(project, 'public/data', PREBUILT_MANIFEST), 'utf8'),
    ) as unknown;
    expect(written).toEqual(manifest);

    // The prebuilt file holds what importing the CSVs gives, table for table.
    const file = path.join(tmp, 'check.duckdb');
    await writeFile(file, gunzipSync(await readFile(built.path)));
    const conn = await openNodeConnection();
    try {
      await conn.exec(`ATTACH '${file}' AS pre (READ_ONLY)`);
      await copyPrebuilt(conn, 'pre', manifest.rows);
      await importRawFiles(conn, await findRawFiles(path.join(project, 'data/raw')), 'imported');
      for (const table of COURSE_TABLES) {
        const diff = await conn.query<{ n: number }>(
          `select count(*)::int as n from ((from lab_full.${table} except all from imported.${table}) union all (from imported.${table} except all from lab_full.${table}))`,
        );
        expect(diff.rows[0]!.n, table).toBe(0);
      }
    } finally {
      await conn.close();
    }
  });

  it('keys the data by its bytes: the same files elsewhere or renamed share the key, others do not', async () => {
    const first = (await build(project, 'out-a')).manifest;
    const renamed = await copyProject('renamed', async (dir) => {
      for (const t of COURSE_TABLES)
        await rename(path.join(dir, `${KAGGLE_NAMES[t]}.csv.gz`), path.join(dir, `${t}.csv.gz`));
    });
    expect((await readdir(path.join(renamed, 'data/raw'))).sort()).toContain('orders.csv.gz');
    expect((await build(renamed)).manifest.key).toBe(first.key);

    const other = await copyProject('other', async (dir) => {
      const file = path.join(dir, 'olist_products_dataset.csv.gz');
      const text = gunzipSync(await readFile(file)).toString('utf8');
      await rm(file);
      // the same rows, stored uncompressed: other bytes, so other files as far as the key goes
      await writeFile(path.join(dir, 'olist_products_dataset.csv'), text);
    });
    expect((await build(other)).manifest.key).not.toBe(first.key);
  });

  it('fails the build with the importer’s file/line/column message, leaving no data behind', async () => {
    const root = await copyProject('bad', async (dir) => {
      const file = path.join(dir, 'olist_orders_dataset.csv.gz');
      const lines = gunzipSync(await readFile(file))
        .toString('utf8')
        .split('\n');
      lines[3] = lines[3]!.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, 'yesterday');
      await rm(file);
      await writeFile(path.join(dir, 'olist_orders_dataset.csv'), lines.join('\n'));
    });
    const error = await build(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RawDataError);
    expect(error).toMatchObject({ file: 'olist_orders_dataset.csv', line: 4 });
    expect((error as RawDataError).message).toMatch(
      /olist_orders_dataset\.csv, line 4, column order_purchase_timestamp: "yesterday" is not a timestamp/,
    );
    expect(await readdir(path.join(root, 'public/data'))).toEqual([]);
    expect(serverGradingData(root).data).toBe(LAB_DATA);
  });

  it('fails when a course table is missing rather than serving generated data', async () => {
    const root = await copyProject('partial', (dir) =>
      rm(path.join(dir, 'olist_order_payments_dataset.csv.gz')),
    );
    await expect(build(root)).rejects.toThrow(
      /Missing payments: add olist_order_payments_dataset\.csv/,
    );
  });

  it('uses the generated data when there is no data/raw, or no course CSV in it', async () => {
    expect(await rawFilesSource(path.join(tmp, 'nowhere'), tmp)).toBeNull();
    const empty = path.join(tmp, 'empty/data/raw');
    await mkdir(empty, { recursive: true });
    await writeFile(path.join(empty, 'README.txt'), 'put the CSVs here\n');
    expect(await rawFilesSource(empty, path.join(tmp, 'empty'))).toBeNull();
  });

  it('gives the server the same data: the prebuilt file and the CSVs by absolute path', async () => {
    await build(project);
    const grading = serverGradingData(project);
    expect(grading.prebuilt?.path).toMatch(/public\/data\/lab-files-.*\.duckdb\.gz$/);
    expect(grading.data.kind).toBe('files');
    if (grading.data.kind === 'files')
      for (const f of grading.data.files)
        expect(f.path.startsWith(path.join(project, 'data/raw/'))).toBe(true);
    expect(serverGradingData(path.join(tmp, 'nowhere'))).toEqual({ data: LAB_DATA });
  });
});

describe.skipIf(!hasOlistData)('the build on the real Olist CSVs (../shared/olist)', () => {
  it('imports the gzipped Kaggle files as they are, with the real counts and cut-off', async () => {
    const root = path.join(tmp, 'real');
    const built = await buildLabData({
      outDir: path.join(root, 'public/data'),
      rawDir: OLIST_DIR,
      projectRoot: root,
    });
    expect(built.manifest.rows).toEqual(REAL_ROW_COUNTS);
    expect(built.info.cutoffDay).toBe('2018-08-14');
    expect(built.manifest.source).toMatch(/^the real Olist CSVs \(/);
    if (built.manifest.data?.kind === 'files')
      expect(built.manifest.data.files.map((f) => f.displayName).sort()).toEqual(
        COURSE_TABLES.map((t) => `${KAGGLE_NAMES[t]}.csv.gz`).sort(),
      );
  }, 120_000);
});
