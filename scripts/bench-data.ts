/**
 * Benchmark of the data layer on native DuckDB (and, with --wasm, DuckDB-WASM's blocking Node build
 * on one thread, the closest Node gets to the browser): generation, CSV export and import, and the
 * timeline's initial load and events, at SF1 and SF10.
 *   npm run -s bench:data                 # SF1 and SF10, native
 *   npm run -s bench:data -- --wasm       # also generate SF1 in DuckDB-WASM
 *   npm run -s bench:data -- --scales 1   # only SF1
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Connection, QueryResult, Row } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { splitStatements } from '@/lib/engine/split-statements';
import {
  applyTimelineEvent,
  generateOlist,
  importRawFiles,
  loadLabData,
  resetTimeline,
  type TimelineEventId,
} from '@/lib/data';
import { writeCourseCsvs } from '@/lib/data/csv-writer.node';
import { findRawFiles } from '@/lib/data/raw-files.node';

const results: { step: string; ms: number; note?: string }[] = [];

async function time<T>(step: string, work: () => Promise<T>, note?: (r: T) => string): Promise<T> {
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  results.push({ step, ms, ...(note ? { note: note(result) } : {}) });
  console.log(`${step.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms  ${note ? note(result) : ''}`);
  return result;
}

const rowsNote = (counts: Record<string, number>) =>
  `${counts.orders?.toLocaleString('en-US')} orders, ${counts.order_items?.toLocaleString('en-US')} items`;

async function benchScale(scale: number, tmp: string): Promise<void> {
  const conn = await openNodeConnection();
  try {
    await conn.exec('CREATE SCHEMA gen');
    await time(
      `SF${scale} generate (native, all threads)`,
      () => generateOlist(conn, { scale, seed: 42 }, 'gen'),
      rowsNote,
    );
    if (scale <= 1) {
      await conn.exec('SET threads = 1');
      await time(
        `SF${scale} generate (native, 1 thread)`,
        () => generateOlist(conn, { scale, seed: 42 }, 'gen'),
        rowsNote,
      );
      await conn.exec('RESET threads');
    }
    const dir = path.join(tmp, `sf${scale}`);
    await time(`SF${scale} write CSVs (Kaggle format)`, () => writeCourseCsvs(conn, 'gen', dir));
    const files = await findRawFiles(dir);
    await time(`SF${scale} import CSVs`, () => importRawFiles(conn, files, 'imported'), rowsNote);
    await time(
      `SF${scale} loadLabData (generate + initial state)`,
      () => loadLabData(conn, { kind: 'generated', scale, seed: 42 }),
      (i) => `cut-off ${i.cutoffDay}`,
    );
    await time(`SF${scale} timeline reset (initial state only)`, () => resetTimeline(conn));
    const events: TimelineEventId[] = [
      'new_orders',
      'late_payments',
      'status_changes',
      'late_correction',
    ];
    for (const id of events) {
      await time(
        `SF${scale} event ${id}`,
        () => applyTimelineEvent(conn, id),
        (e) => e.summary.slice(0, 60),
      );
    }
  } finally {
    await conn.close();
  }
}

async function benchReal(): Promise<void> {
  const dir = path.resolve(process.env.OLIST_DIR ?? path.resolve(__dirname, '../../shared/olist'));
  if (!existsSync(dir)) {
    console.log(`(real data not found in ${dir}: skipped)`);
    return;
  }
  const conn = await openNodeConnection();
  try {
    const files = await findRawFiles(dir);
    await time('real import (5 gzipped CSVs)', () => importRawFiles(conn, files, 'real'), rowsNote);
    await time(
      'real loadLabData (import + initial state)',
      () => loadLabData(conn, { kind: 'files', files }),
      (i) => `cut-off ${i.cutoffDay}`,
    );
    await time(
      'real event new_orders',
      () => applyTimelineEvent(conn, 'new_orders'),
      (e) => e.summary.slice(0, 60),
    );
  } finally {
    await conn.close();
  }
}

/** Just enough of `Connection` over DuckDB-WASM's synchronous Node build for `generateOlist`. */
async function openWasmBlocking(): Promise<Connection> {
  const duckdb = await import('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs' as string);
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  const c = db.connect();
  const run = (sql: string) => {
    let last: { toArray(): { toJSON(): Row }[] } | undefined;
    for (const statement of splitStatements(sql)) last = c.query(statement);
    return last;
  };
  run('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false');
  return {
    adapter: 'wasm',
    async query<T extends Row = Row>(sql: string): Promise<QueryResult<T>> {
      const rows = (run(sql)?.toArray() ?? []).map((r) => {
        const row = r.toJSON();
        for (const [k, v] of Object.entries(row)) if (typeof v === 'bigint') row[k] = Number(v);
        return row as T;
      });
      return { columns: [], rows, rowCount: rows.length, truncated: false };
    },
    async exec(sql: string) {
      run(sql);
    },
    async cancel() {},
    async close() {
      c.close();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { wasm: { type: 'boolean' }, scales: { type: 'string' } },
    strict: true,
  });
  const scales = (values.scales ?? '1,10').split(',').map(Number);
  if (scales.some((s) => !(s > 0))) throw new Error('--scales takes numbers like 1,10');
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-data-'));
  console.log(`Data layer benchmark: ${os.cpus().length} cores, Node ${process.version}\n`);
  try {
    for (const scale of scales) await benchScale(scale, tmp);
    await benchReal();
    if (values.wasm) {
      const conn = await time('DuckDB-WASM start (blocking Node build)', openWasmBlocking);
      await conn.exec('CREATE SCHEMA gen');
      await time(
        'SF1 generate (DuckDB-WASM, 1 thread)',
        () => generateOlist(conn, { scale: 1, seed: 42 }, 'gen'),
        rowsNote,
      );
      await conn.close();
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
