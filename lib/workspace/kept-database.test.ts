import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getLabClock, loadLabData } from '@/lib/data';
import { starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { buildDay10 } from './day10';
import { appendEntry, EMPTY_JOURNAL } from './db-journal';
import { SCRATCH_SUFFIX } from '@/lib/explain/strategies';
import {
  dropScratchSchemas,
  emptyDatabase,
  isEmptyDatabase,
  journalDigest,
  readStamp,
  sameStamp,
  writeStamp,
  type KeptStamp,
} from './kept-database';

const SOURCE = { kind: 'generated', scale: 0.05, seed: 7 } as const;

describe('the kept lab database', () => {
  const dirs: string[] = [];
  const open: Connection[] = [];
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close().catch(() => undefined);
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  async function file(): Promise<string> {
    const dir = mkdtempSync(path.join(tmpdir(), 'kept-'));
    dirs.push(dir);
    return path.join(dir, 'memory.duckdb');
  }
  async function connect(at: string): Promise<Connection> {
    const connection = await openNodeConnection({ path: at });
    open.push(connection);
    return connection;
  }

  it('reads back the stamp it wrote, after the file is closed and opened again', async () => {
    const at = await file();
    const first = await connect(at);
    expect(await readStamp(first)).toBeNull(); // a new file has none
    await loadLabData(first, SOURCE);
    await buildDay10(first, await starterProjectFiles());
    const stamp: KeptStamp = {
      code: 'abc',
      data: 'lab-scale1-seed42-1234.duckdb.gz',
      journal: await journalDigest(EMPTY_JOURNAL),
    };
    await writeStamp(first, stamp);
    const clock = await getLabClock(first);
    await first.close();
    open.length = 0;

    const again = await connect(at);
    expect(sameStamp(await readStamp(again), stamp)).toBe(true);
    expect(await getLabClock(again)).toBe(clock);
    const rows = await again.query<{ n: number }>('select count(*)::int as n from fct_orders');
    expect(rows.rows[0]!.n).toBeGreaterThan(1000);
  });

  it('tells journals apart, and any part of the stamp apart', async () => {
    const one = appendEntry(EMPTY_JOURNAL, { kind: 'dbt', argv: ['run', '-s', 'fct_orders'] });
    const two = appendEntry(one, { kind: 'event', id: 'new_orders' });
    const digests = await Promise.all([EMPTY_JOURNAL, one, two].map(journalDigest));
    expect(new Set(digests).size).toBe(3);
    expect(await journalDigest(structuredClone(two))).toBe(digests[2]);
    const stamp = { code: 'a', data: 'b', journal: digests[0]! };
    expect(sameStamp(stamp, { ...stamp })).toBe(true);
    expect(sameStamp(stamp, { ...stamp, code: 'c' })).toBe(false);
    expect(sameStamp(stamp, { ...stamp, data: 'c' })).toBe(false);
    expect(sameStamp(stamp, { ...stamp, journal: digests[1]! })).toBe(false);
    expect(sameStamp(null, stamp)).toBe(false);
  });

  it('empties a database down to nothing the lab or the student made', async () => {
    const connection = await connect(await file());
    expect(await isEmptyDatabase(connection)).toBe(true); // a new file
    await loadLabData(connection, SOURCE);
    await buildDay10(connection, await starterProjectFiles());
    await connection.exec('create macro main.twice(x) as x * 2');
    await connection.exec('create macro main.rows_of(n) as table select * from range(n)');
    await connection.exec('create sequence main.seq_ids');
    await connection.exec("create type main.mood as enum ('ok', 'late')");
    await connection.exec('create schema scratch; create table scratch.t as select 1 as x');
    await connection.exec('create view main.v as select * from fct_orders');
    await writeStamp(connection, { code: 'a', data: 'b', journal: 'c' });

    expect(await isEmptyDatabase(connection)).toBe(false);
    await emptyDatabase(connection);

    expect(await isEmptyDatabase(connection)).toBe(true);
    expect(await readStamp(connection)).toBeNull();
    const left = await connection.query<{ kind: string; name: string }>(`
      select 'schema' as kind, schema_name as name from duckdb_schemas()
        where database_name = current_database() and not internal and schema_name <> 'main'
      union all select 'table', table_name from duckdb_tables() where database_name = current_database()
      union all select 'view', view_name from duckdb_views() where database_name = current_database() and not internal
      union all select 'macro', function_name from duckdb_functions()
        where database_name = current_database() and not internal and function_type in ('macro', 'table_macro')
      union all select 'sequence', sequence_name from duckdb_sequences() where database_name = current_database()
      union all select 'type', type_name from duckdb_types() where database_name = current_database() and not internal`);
    expect(left.rows).toEqual([]);
    // and the lab loads into it as into a new one
    await loadLabData(connection, SOURCE);
    expect((await buildDay10(connection, await starterProjectFiles())).ok).toBe(true);
  });

  it("drops the strategy explainer's leftover scratch schemas, and nothing else", async () => {
    const connection = await connect(await file());
    for (const schema of [
      `main_${SCRATCH_SUFFIX}`,
      `main_${SCRATCH_SUFFIX}_2`,
      'my_lab_explain_notes',
    ])
      await connection.exec(
        `create schema "${schema}"; create table "${schema}".t as select 1 as x`,
      );
    expect((await dropScratchSchemas(connection)).sort()).toEqual([
      `main_${SCRATCH_SUFFIX}`,
      `main_${SCRATCH_SUFFIX}_2`,
    ]);
    const left = await connection.query<{ n: number }>(
      "select count(*)::int as n from duckdb_schemas() where schema_name like '%lab_explain%'",
    );
    expect(left.rows[0]!.n).toBe(1);
  });
});
