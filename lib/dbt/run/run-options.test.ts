/**
 * The run options tools use to run a model another way without editing it: per-model config that
 * wins over the model's own `config()`, the materialization's statements as they run, and the
 * window an incremental build read.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { parseArgs, runDbt, UsageError } from '../index';
import type { DbtOptions, DbtResult, ExecutedStatement } from '../types';

const PROJECT = `name: work\nversion: '1.0'\nprofile: work\nmodel-paths: ['models']\n`;

const MODEL = `{{ config(materialized='incremental', unique_key='id', incremental_strategy='delete+insert') }}
select id, ts, v from raw.events
{% if is_incremental() %} where ts >= (select max(ts) from {{ this }}) - interval 1 day {% endif %}
`;

const FILES = { 'dbt_project.yml': PROJECT, 'models/m.sql': MODEL };

let connection: Connection;
beforeEach(async () => {
  connection = await openNodeConnection();
  await connection.exec(`create schema raw;
    create table raw.events as
      select i as id, timestamp '2018-01-01' + to_days(i) as ts, i * 10 as v from range(10) t(i)`);
});
afterEach(() => connection.close());

async function run(argv: string, options: Partial<DbtOptions> = {}): Promise<DbtResult> {
  const command = parseArgs(argv.split(' '));
  if (command instanceof UsageError) throw command;
  return runDbt(command, { connection, files: FILES, ...options });
}

/** Day 9 changes and day 10 arrives: the next run's batch is days 8 to 10. */
async function nextDay(): Promise<void> {
  await connection.exec(`update raw.events set v = -1 where id = 9;
    insert into raw.events values (10, timestamp '2018-01-11', 100)`);
}

describe('modelConfig', () => {
  it('overrides the strategy set in the model’s own config() for that model only', async () => {
    expect((await run('run -s m')).exitCode).toBe(0);
    await nextDay();
    const statements: ExecutedStatement[] = [];
    const result = await run('run -s m', {
      modelConfig: { m: { incremental_strategy: 'merge' } },
      onStatement: (s) => statements.push(s),
    });
    expect(result.exitCode).toBe(0);
    expect(result.results[0]!.message).toBe('INSERT 1, UPDATE 2');
    expect(statements.map((s) => s.sql.split(/\s/)[0])).toEqual(['create', 'MERGE', 'drop']);
    expect(statements.every((s) => s.node === 'm')).toBe(true);
  });

  it('builds the model into another schema, where {{ this }} points too', async () => {
    expect((await run('run -s m')).exitCode).toBe(0);
    await connection.exec('create table scratch_copy as select * from main.m');
    await connection.exec('create schema main_scratch');
    await connection.exec('create table main_scratch.m as select * from main.m');
    await nextDay();
    const statements: string[] = [];
    const result = await run('run -s m', {
      modelConfig: { m: { schema: 'scratch' } },
      onStatement: (s) => statements.push(s.sql),
    });
    expect(result.exitCode).toBe(0);
    expect(result.results[0]!.incremental).toBe(true);
    expect(result.results[0]!.compiledSql).toContain('"memory"."main_scratch"."m"');
    expect(statements.join('\n')).not.toContain('"main"."m"');
    // the model's own table is as it was
    const unchanged = await connection.query(
      'select count(*) as n from (select * from main.m except all select * from scratch_copy)',
    );
    expect(unchanged.rows[0]!.n).toBe(0);
    const moved = await connection.query('select v from main_scratch.m where id = 9');
    expect(moved.rows[0]!.v).toBe(-1);
  });
});

describe('onStatement', () => {
  it('reports each strategy’s statements as they run, not the lab’s counting queries', async () => {
    const seen: Record<string, string[]> = {};
    for (const strategy of ['append', 'delete+insert', 'merge']) {
      await connection.exec('drop table if exists main.m');
      expect((await run('run -s m')).exitCode).toBe(0);
      await nextDay();
      const statements: string[] = [];
      await run('run -s m', {
        modelConfig: { m: { incremental_strategy: strategy } },
        onStatement: (s) => statements.push(s.sql),
      });
      seen[strategy] = statements;
      await connection.exec(
        `delete from raw.events where id = 10; update raw.events set v = 90 where id = 9`,
      );
    }
    for (const statements of Object.values(seen)) {
      expect(statements[0]).toMatch(/^create temporary table "m__dbt_tmp\d+" as \(/);
      expect(statements.at(-1)).toMatch(/^drop table if exists "m__dbt_tmp\d+"$/);
      expect(statements.join('\n')).not.toMatch(/count\(\*\)|explain|comment on/i);
    }
    expect(seen.append![1]).toMatch(/^insert into "memory"."main"."m" \("id", "ts", "v"\)/);
    expect(seen['delete+insert']![1]).toMatch(
      /^delete from "memory"."main"."m"\nwhere \(\n {4}id\) in \([\s\S]*;\n\ninsert into/,
    );
    expect(seen.merge![1]).toMatch(/^MERGE INTO "memory"."main"."m" AS DBT_INTERNAL_DEST/);
  });

  it('reports the first build and a full refresh’s swap', async () => {
    const first: string[] = [];
    await run('run -s m', { onStatement: (s) => first.push(s.sql) });
    expect(first).toHaveLength(1);
    expect(first[0]).toMatch(/^create table "memory"."main"."m" as \(/);
    const full: string[] = [];
    await run('run -s m --full-refresh', { onStatement: (s) => full.push(s.sql) });
    expect(full.map((s) => s.replace(/ as \([\s\S]*/, ''))).toEqual([
      'create table "memory"."main"."m__dbt_tmp"',
      'alter table "memory"."main"."m" rename to "m__dbt_backup"',
      'alter table "memory"."main"."m__dbt_tmp" rename to "m"',
      'drop table if exists "memory"."main"."m__dbt_backup" cascade',
    ]);
  });
});

describe('windowColumn', () => {
  it('gives an incremental build’s batch range and the table’s high-water mark before it', async () => {
    const first = await run('run -s m', { windowColumn: 'ts' });
    expect(first.results[0]!.window).toEqual({
      column: 'ts',
      from: '2018-01-01 00:00:00',
      to: '2018-01-10 00:00:00',
      mark: null,
    });
    await nextDay();
    const next = await run('run -s m', { windowColumn: 'ts' });
    expect(next.results[0]!.window).toEqual({
      column: 'ts',
      from: '2018-01-09 00:00:00',
      to: '2018-01-11 00:00:00',
      mark: '2018-01-10 00:00:00',
    });
  });

  it('is absent without the option, and for a column the model does not have', async () => {
    await run('run -s m');
    await nextDay();
    expect((await run('run -s m')).results[0]!.window).toBeUndefined();
    const result = await run('run -s m', { windowColumn: 'no_such_column' });
    expect(result.exitCode).toBe(0);
    expect(result.results[0]!.window).toBeUndefined();
  });
});
