import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { importRawFiles } from '@/lib/data/importer';
import { findRawFiles } from '@/lib/data/raw-files.node';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

async function olist(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ['scripts/olist.ts', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let tmp: string;
let out: string;
let generated: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'olist-cli-'));
  out = path.join(tmp, 'out');
  generated = await olist('generate', '--scale', '0.1', '--seed', '5', '--out', out);
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('npm run olist', () => {
  it('generate writes the five tables as CSVs under the Kaggle names', async () => {
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toMatch(/orders\s+9,944/);
    const files = await findRawFiles(out);
    expect(files.map((f) => f.displayName)).toEqual([
      'olist_customers_dataset.csv',
      'olist_order_items_dataset.csv',
      'olist_order_payments_dataset.csv',
      'olist_orders_dataset.csv',
      'olist_products_dataset.csv',
    ]);
  });

  it("writes the real files' format: quoted header, ids quoted only when they start with a digit", async () => {
    const text = await readFile(path.join(out, 'olist_customers_dataset.csv'), 'utf8');
    const [header, ...lines] = text.split('\n');
    expect(header).toBe(
      '"customer_id","customer_unique_id","customer_zip_code_prefix","customer_city","customer_state"',
    );
    expect(text.endsWith('\n') && !text.includes('\r')).toBe(true);
    const ids = lines.filter(Boolean).map((l) => l.split(',')[0]!);
    expect(ids.some((id) => /^"\d[0-9a-f]{31}"$/.test(id))).toBe(true);
    expect(ids.some((id) => /^[a-f][0-9a-f]{31}$/.test(id))).toBe(true);
    expect(ids.every((id) => /^("\d[0-9a-f]{31}"|[a-f][0-9a-f]{31})$/.test(id))).toBe(true);
    // Zip prefixes always start with a digit, so they are always quoted.
    expect(lines.filter(Boolean).every((l) => /^[^,]+,[^,]+,"\d{5}",/.test(l))).toBe(true);
    const orders = await readFile(path.join(out, 'olist_orders_dataset.csv'), 'utf8');
    expect(orders.split('\n')[1]).toMatch(/,delivered,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,/);
    const payments = await readFile(path.join(out, 'olist_order_payments_dataset.csv'), 'utf8');
    expect(payments.split('\n')[1]).toMatch(/,\d+,\w+,\d+,\d+\.\d\d$/);
  });

  it('generated CSVs import cleanly with the same row counts (round trip)', async () => {
    const conn = await openNodeConnection();
    try {
      const counts = await importRawFiles(conn, await findRawFiles(out), 'lab_full');
      expect(counts).toEqual({
        customers: 9944,
        orders: 9944,
        order_items: expect.any(Number),
        payments: expect.any(Number),
        products: 3295,
      });
      for (const [table, n] of Object.entries(counts)) {
        expect(generated.stdout, table).toMatch(
          new RegExp(`${table}\\s+${n.toLocaleString('en-US')}\\n`),
        );
      }
    } finally {
      await conn.close();
    }
    const imported = await olist('import', '--dir', out);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(
      /Released up to the cut-off 2018-08-14 \(clock 2018-08-14 23:59:59\)/,
    );
  });

  it('exits 2 with the usage on a bad invocation and 1 on bad data', async () => {
    const bad = await olist('generate', '--scale', 'abc', '--out', out);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scale: .*\n\nUsage:/);
    expect((await olist('frobnicate')).code).toBe(2);

    const broken = path.join(tmp, 'broken');
    await run('cp', ['-r', out, broken]);
    const file = path.join(broken, 'olist_orders_dataset.csv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[1] += ',x';
    await writeFile(file, lines.join('\n'));
    const failed = await olist('import', '--dir', broken);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /^olist_orders_dataset\.csv, line 2, column .*: expected 8 values but found 9: the line has extra values/,
    );
  });
});
