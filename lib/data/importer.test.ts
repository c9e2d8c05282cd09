import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { hasOlistData, OLIST_DIR, REAL_ROW_COUNTS } from '@/lib/testing/olist-fixture.node';
import { COURSE_TABLES, KAGGLE_NAMES, type CourseTable } from './course-tables';
import { writeCourseCsvs } from './csv-writer.node';
import { generateOlist } from './generator/generate';
import { importRawFiles } from './importer';
import { RawDataError } from './raw-data-error';
import { findRawFiles, verifyRawFileOnDisk } from './raw-files.node';

let conn: Connection;
let tmp: string;
/** Small generated course CSVs (short names, plain .csv) that the tests copy and damage. */
let base: string;

beforeAll(async () => {
  conn = await openNodeConnection();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'olist-import-'));
  base = path.join(tmp, 'base');
  const c = await openNodeConnection();
  await c.exec('CREATE SCHEMA g');
  await generateOlist(c, { scale: 0.02, seed: 7 }, 'g');
  await writeCourseCsvs(c, 'g', base, { naming: 'short' });
  await c.close();
});
afterAll(async () => {
  await conn.close();
  await rm(tmp, { recursive: true, force: true });
});

/** A copy of the small generated CSVs, with orders.csv rewritten by `orders` if given. */
async function folderWith(name: string, orders?: (text: string) => string): Promise<string> {
  const dir = path.join(tmp, name);
  await cp(base, dir, { recursive: true });
  if (orders) {
    const file = path.join(dir, 'orders.csv');
    await writeFile(file, orders(await readFile(file, 'utf8')));
  }
  return dir;
}

async function importError(dir: string, schema = 'lab_bad'): Promise<RawDataError> {
  const files = await findRawFiles(dir);
  const error = await importRawFiles(conn, files, schema, { verify: verifyRawFileOnDisk }).catch(
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RawDataError);
  return error as RawDataError;
}

describe.skipIf(!hasOlistData)('importing the real Olist CSVs', () => {
  it('loads ../shared/olist/*.csv.gz with the exact row counts and the right types', async () => {
    const files = await findRawFiles(OLIST_DIR);
    expect(files.map((f) => f.table).sort()).toEqual([...COURSE_TABLES].sort());
    const counts = await importRawFiles(conn, files, 'real', { verify: verifyRawFileOnDisk });
    expect(counts).toEqual(REAL_ROW_COUNTS);

    const types = await conn.query<{ table_name: string; column_name: string; data_type: string }>(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'real' ORDER BY table_name, ordinal_position`,
    );
    const typeOf = (t: string, c: string) =>
      types.rows.find((r) => r.table_name === t && r.column_name === c)?.data_type;
    expect(typeOf('orders', 'order_id')).toBe('VARCHAR');
    expect(typeOf('orders', 'order_purchase_timestamp')).toBe('TIMESTAMP');
    expect(typeOf('customers', 'customer_zip_code_prefix')).toBe('VARCHAR');
    expect(typeOf('order_items', 'order_item_id')).toBe('INTEGER');
    expect(typeOf('payments', 'payment_value')).toBe('DECIMAL(10,2)');
    expect(typeOf('products', 'product_name_lenght')).toBe('INTEGER');

    // Zip prefixes keep their leading zeros; ids that look numeric stay text.
    const zips = await conn.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM real.customers WHERE customer_zip_code_prefix LIKE '0%'`,
    );
    expect(zips.rows[0]!.n).toBeGreaterThan(1000);
  });

  it('writes tables back byte for byte like the real files (CSV format round trip)', async () => {
    const out = path.join(tmp, 'real-out');
    const written = await writeCourseCsvs(conn, 'real', out);
    const readme = await readFile(path.join(OLIST_DIR, 'README.md'), 'utf8');
    for (const { table, path: file } of written) {
      const expected = new RegExp(
        `${KAGGLE_NAMES[table]}\\.csv \\| [\\d,]+ \\| ([0-9a-f]{64})`,
      ).exec(readme)?.[1];
      const actual = createHash('sha256')
        .update(await readFile(file))
        .digest('hex');
      expect(actual, table).toBe(expected);
    }
  });

  it('rejects a cut-off gzip file, naming it, and loads nothing', async () => {
    const dir = await folderWith('cut-gz');
    await rm(path.join(dir, 'orders.csv'));
    const gz = await readFile(path.join(OLIST_DIR, 'olist_orders_dataset.csv.gz'));
    await writeFile(path.join(dir, 'olist_orders_dataset.csv.gz'), gz.subarray(0, 3_000_000));
    const error = await importError(dir, 'lab_cut');
    expect(error.file).toBe('olist_orders_dataset.csv.gz');
    expect(error.message).toMatch(/olist_orders_dataset\.csv\.gz/);
    const left = await conn.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'lab_cut'`,
    );
    expect(left.rows).toEqual([]);
  });
});

describe('importing CSVs: names, formats and errors', () => {
  it('accepts the short names, plain .csv and gzipped .csv.gz', async () => {
    const dir = await folderWith('short');
    const files = await findRawFiles(dir);
    expect(files.map((f) => f.displayName).sort()).toEqual([
      'customers.csv',
      'order_items.csv',
      'orders.csv',
      'payments.csv',
      'products.csv',
    ]);
    const plain = await importRawFiles(conn, files, 'short_plain');
    // The same files gzipped under Kaggle's names.
    const gzDir = path.join(tmp, 'gz');
    await mkdir(gzDir);
    for (const f of files) {
      await writeFile(
        path.join(gzDir, `${KAGGLE_NAMES[f.table]}.csv.gz`),
        gzipSync(await readFile(f.path)),
      );
    }
    const gz = await importRawFiles(conn, await findRawFiles(gzDir), 'short_gz', {
      verify: verifyRawFileOnDisk,
    });
    expect(gz).toEqual(plain);
    expect(plain.orders).toBe(Math.round(99_441 * 0.02));
  });

  it('rejects a garbled timestamp with file, line and column, and keeps the previous data', async () => {
    const good = await findRawFiles(await folderWith('good'));
    const before = await importRawFiles(conn, good, 'kept');
    const dir = await folderWith('garbled', (text) => {
      const lines = text.split('\n');
      lines[41] = lines[41]!.replace(/,(\d{4})-(\d{2})-/, ',$1-13-');
      return lines.join('\n');
    });
    const files = await findRawFiles(dir);
    const error = (await importRawFiles(conn, files, 'kept').catch(
      (e: unknown) => e,
    )) as RawDataError;
    expect(error).toBeInstanceOf(RawDataError);
    expect(error.message).toMatch(
      /^orders\.csv, line 42, column order_purchase_timestamp: "\d{4}-13-\d\d \d\d:\d\d:\d\d" is not a timestamp \(YYYY-MM-DD HH:MM:SS\)\.$/,
    );
    expect([error.file, error.line, error.column]).toEqual([
      'orders.csv',
      42,
      'order_purchase_timestamp',
    ]);
    // Nothing half-way: the earlier load of every table is intact.
    const after = await conn.query<{ t: CourseTable; n: number }>(
      COURSE_TABLES.map((t) => `SELECT '${t}' AS t, count(*)::INTEGER AS n FROM kept.${t}`).join(
        ' UNION ALL ',
      ),
    );
    expect(Object.fromEntries(after.rows.map((r) => [r.t, r.n]))).toEqual(before);
  });

  it('rejects a file cut off in the middle of a line', async () => {
    // Cut inside the second value of line 501.
    const dir = await folderWith('cut', (text) => {
      const lines = text.split('\n');
      return `${lines.slice(0, 500).join('\n')}\n${lines[500]!.slice(0, 40)}`;
    });
    const error = await importError(dir);
    expect(error.file).toBe('orders.csv');
    expect(error.message).toMatch(
      // Which message depends on whether the cut value was quoted; both say where and why.
      /^orders\.csv, line 501(, column order_status: expected 8 values but found 2: the line stops early|: a quoted value is never closed \(is the file cut off\?\))/,
    );
  });

  it('rejects a file cut off inside its last value, where every line still parses', async () => {
    // "…,2018-10-30 00:00:00\n" cut to "…,2018-10-30 00:00:0": DuckDB reads that as a timestamp.
    const dir = await folderWith('cut-last', (text) => text.slice(0, -2));
    const error = await importError(dir);
    expect(error.message).toMatch(/^orders\.csv: the last line does not end with a line break/);
  });

  it('rejects an unexpected header, a missing file and two files for one table', async () => {
    const header = await importError(
      await folderWith('header', (text) => text.replace('"order_status"', '"status"')),
    );
    expect(header.message).toMatch(/^orders\.csv, line 1: unexpected header/);
    expect(header.column).toBe('order_status');

    const dir = await folderWith('missing');
    await rm(path.join(dir, 'payments.csv'));
    const missing = await importError(dir);
    expect(missing.message).toMatch(/Missing payments: add olist_order_payments_dataset\.csv/);

    const twice = await folderWith('twice');
    await writeFile(
      path.join(twice, 'olist_orders_dataset.csv.gz'),
      gzipSync(await readFile(path.join(twice, 'orders.csv'))),
    );
    expect((await importError(twice)).message).toMatch(/Two files hold orders/);
  });
});
