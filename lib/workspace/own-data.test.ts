/**
 * The student's own CSVs in the workspace, on native DuckDB: generated Kaggle-format files stand in
 * for the picked ones (a folder plays DuckDB-WASM's registered files).
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFilesSource } from '@/lib/course/lab-data-build.node';
import { chooseCutoff, getLabClock, loadLabData, RawDataError } from '@/lib/data';
import { writeCourseCsvs } from '@/lib/data/csv-writer.node';
import { generateOlist } from '@/lib/data/generator/generate';
import { readTimelineState } from '@/lib/data/timeline/state';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { memoryStore } from './kv-store';
import {
  forgetOwnData,
  loadOwnData,
  readOwnData,
  registerOwnFiles,
  saveOwnData,
  sortPicked,
  type FileRegistry,
  type OpenCheckDatabase,
} from './own-data';

let tmp: string;
let csvDir: string;
/** The generated files as a browser's file picker hands them over. */
let picked: { name: string; blob: Blob }[];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'own-data-'));
  csvDir = path.join(tmp, 'csv');
  const conn = await openNodeConnection();
  try {
    await conn.exec('CREATE SCHEMA g');
    await generateOlist(conn, { scale: 0.02, seed: 7 }, 'g');
    await writeCourseCsvs(conn, 'g', csvDir, { gzip: true });
  } finally {
    await conn.close();
  }
  picked = await Promise.all(
    (await readdir(csvDir)).map(async (name) => ({
      name,
      blob: new Blob([await readFile(path.join(csvDir, name))]),
    })),
  );
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Registered files are written into a folder; `read_csv` opens them by full path. */
function folderRegistry(dir: string): FileRegistry & { names: Set<string> } {
  const names = new Set<string>();
  return {
    names,
    register: async (name, bytes) => {
      await writeFile(path.join(dir, name), bytes);
      names.add(name);
      return path.join(dir, name);
    },
    drop: async (p) => {
      names.delete(path.basename(p));
      await rm(p, { force: true });
    },
  };
}

/** A database file beside the workspace, attached to it once checked. */
function fileCheck(workspace: Connection): OpenCheckDatabase {
  return async (alias) => {
    const file = path.join(tmp, `${alias}-${Date.now()}.duckdb`);
    return {
      connection: await openNodeConnection({ path: file }),
      attach: () => workspace.exec(`ATTACH '${file}' AS ${alias} (READ_ONLY)`),
    };
  };
}

async function workspace(): Promise<Connection> {
  const conn = await openNodeConnection();
  await loadLabData(conn, { kind: 'generated', scale: 0.01, seed: 42 });
  await conn.exec('CREATE TABLE main.my_work AS SELECT 42 AS answer');
  return conn;
}

async function rawState(conn: Connection) {
  const state = await readTimelineState(conn);
  const orders = await conn.query<{ n: number }>('select count(*)::int as n from raw.orders');
  return { source: state.source, clock: state.clock, orders: orders.rows[0]!.n };
}

describe('picking the course CSVs', () => {
  it('takes Kaggle or short names, ignores other files, and names what is missing', () => {
    const extra = [...picked, { name: 'olist_sellers_dataset.csv', blob: new Blob(['x']) }];
    const { files, ignored } = sortPicked(extra);
    expect(files.map((f) => f.table).sort()).toEqual(
      ['customers', 'order_items', 'orders', 'payments', 'products'].sort(),
    );
    expect(ignored).toEqual(['olist_sellers_dataset.csv']);
    const short = picked.map((p) => ({
      ...p,
      name: p.name.replace('olist_order_payments_dataset', 'payments'),
    }));
    expect(sortPicked(short).files.find((f) => f.table === 'payments')?.displayName).toBe(
      'payments.csv.gz',
    );

    const partial = picked.filter((p) => !p.name.includes('payments'));
    expect(() => sortPicked(partial)).toThrow(
      /Missing payments: pick all five course files at once \(olist_order_payments_dataset\.csv/,
    );
    const twice = [...picked, { name: 'orders.csv', blob: new Blob(['x']) }];
    expect(() => sortPicked(twice)).toThrow(/Two files hold orders/);
  });
});

describe('the workspace on the student’s own CSVs', () => {
  it('replaces the data at the cut-off computed from it, with the key the server’s build gives the same files', async () => {
    const conn = await workspace();
    const dir = await mkdtemp(path.join(tmp, 'registered-'));
    try {
      const registry = folderRegistry(dir);
      const own = await registerOwnFiles(registry, sortPicked(picked).files);
      expect(registry.names.size).toBe(5);
      expect(own.source.label).toBe('your own Olist CSVs (5 files picked in this browser)');
      // The same bytes in a server's data/raw get the same key: the prebuilt file can serve them.
      expect(own.digest).toBe((await rawFilesSource(csvDir, tmp))?.digest);

      const info = await loadOwnData(conn, own.source, fileCheck(conn));
      expect(info.source).toBe(own.source.label);
      expect(info.cutoffDay).toBe(await chooseCutoff(conn));
      expect(await getLabClock(conn)).toBe(`${info.cutoffDay} 23:59:59`);
      const state = await rawState(conn);
      expect(state.orders).toBe(info.rowCounts.orders);
      // The student's own tables stay; the check database is gone.
      expect((await conn.query('select * from main.my_work')).rows).toEqual([{ answer: 42 }]);
      const attached = await conn.query<{ n: number }>(
        "select count(*)::int as n from duckdb_databases() where database_name = 'own_data_check'",
      );
      expect(attached.rows[0]!.n).toBe(0);

      await own.release();
      expect(registry.names.size).toBe(0);
    } finally {
      await conn.close();
    }
  });

  it('leaves the workspace as it was when a file is bad: file, line and column said', async () => {
    const conn = await workspace();
    const before = await rawState(conn);
    const dir = await mkdtemp(path.join(tmp, 'registered-bad-'));
    try {
      const ordersName = 'olist_orders_dataset.csv.gz';
      const lines = gunzipSync(await readFile(path.join(csvDir, ordersName)))
        .toString('utf8')
        .split('\n');
      lines[5] = lines[5]!.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, '2018-13-45 99:00:00');
      const bad = picked.map((p) =>
        p.name === ordersName ? { name: 'orders.csv', blob: new Blob([lines.join('\n')]) } : p,
      );
      const registry = folderRegistry(dir);
      const own = await registerOwnFiles(registry, sortPicked(bad).files);
      const error = await loadOwnData(conn, own.source, fileCheck(conn)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RawDataError);
      expect((error as RawDataError).message).toMatch(
        /^orders\.csv, line 6, column order_purchase_timestamp: "2018-13-45 99:00:00" is not a timestamp/,
      );
      expect(await rawState(conn)).toEqual(before);
      expect((await conn.query('select * from main.my_work')).rows).toEqual([{ answer: 42 }]);

      // A file cut off in the middle of a gzip stream is refused before DuckDB reads it.
      const gz = await readFile(path.join(csvDir, 'olist_customers_dataset.csv.gz'));
      const cut = picked.map((p) =>
        p.name.startsWith('olist_customers')
          ? { name: p.name, blob: new Blob([gz.subarray(0, gz.length - 100)]) }
          : p,
      );
      await expect(registerOwnFiles(registry, sortPicked(cut).files)).rejects.toThrow(
        /olist_customers_dataset\.csv\.gz: the gzip data is incomplete or damaged/,
      );
      // A plain file whose last line is cut: the same words as the importer's.
      const text = gunzipSync(gz).toString('utf8');
      const short = picked.map((p) =>
        p.name.startsWith('olist_customers')
          ? { name: 'customers.csv', blob: new Blob([text.slice(0, -3)]) }
          : p,
      );
      await expect(registerOwnFiles(registry, sortPicked(short).files)).rejects.toThrow(
        /customers\.csv: the last line does not end with a line break/,
      );
      expect(await rawState(conn)).toEqual(before);
    } finally {
      await conn.close();
    }
  });

  it('keeps the choice with the files’ bytes, and forgets it', async () => {
    const store = memoryStore();
    expect(await readOwnData(store)).toBeNull();
    const { files } = sortPicked(picked);
    await saveOwnData(store, { digest: '0123456789abcdef', files });
    const kept = await readOwnData(store);
    expect(kept?.digest).toBe('0123456789abcdef');
    const orders = kept?.files.find((f) => f.table === 'orders');
    expect(orders?.displayName).toBe('olist_orders_dataset.csv.gz');
    expect(Buffer.from(await orders!.blob.arrayBuffer())).toEqual(
      await readFile(path.join(csvDir, 'olist_orders_dataset.csv.gz')),
    );
    await forgetOwnData(store);
    expect(await readOwnData(store)).toBeNull();
    // A browser that refuses the bytes keeps their names, so the next visit can say why.
    const full = memoryStore();
    const refusing = {
      ...full,
      set: async (key: string, value: unknown) => {
        if ((value as { files: unknown[] }).files.length > 0) throw new Error('QuotaExceededError');
        await full.set(key, value);
      },
    };
    await expect(saveOwnData(refusing, { digest: '0123456789abcdef', files })).rejects.toThrow(
      'QuotaExceededError',
    );
    expect((await readOwnData(refusing))?.notKept).toContain('olist_orders_dataset.csv.gz');
    // Something else under the key (an older or damaged record) is no choice at all.
    await store.set('own-data', { digest: 1, files: 'x' });
    expect(await readOwnData(store)).toBeNull();
  });
});
