import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { parseArgs, runDbt, UsageError } from '../index';
import type { DbtResult, ProjectFiles } from '../types';
import { tableReads } from './profile';

const PROJECT = `name: work\nversion: '1.0'\nprofile: work\nmodel-paths: ['models']\n`;

/**
 * Orders in time order plus their items; two ways to write the same incremental model: the window
 * in both inputs, or only after the join (where DuckDB can still push it into the orders scan, but
 * the items are aggregated in full first).
 */
const SETUP = `
create schema raw;
create table raw.orders as
  select i as order_id, timestamp '2018-01-01' + to_days(i // 100) as ts from range(10000) t(i);
create table raw.items as
  select i % 10000 as order_id, i as item_id, timestamp '2018-01-01' + to_days((i % 10000) // 100) as ts
  from range(30000) t(i);
`;

function model(filterInSource: boolean): string {
  const window = `ts > (select max(ts) - interval 1 day from {{ this }})`;
  return `{{ config(materialized='incremental', unique_key='order_id') }}
with orders as (
  select * from raw.orders
  {% if is_incremental() and ${filterInSource} %} where ${window} {% endif %}
),
items as (
  select order_id, count(*) as n from raw.items
  {% if is_incremental() and ${filterInSource} %} where ${window} {% endif %}
  group by 1
)
select o.order_id, o.ts, i.n from orders o join items i using (order_id)
{% if is_incremental() and not ${filterInSource} %} where ${window} {% endif %}
`;
}

let connection: Connection;
beforeEach(async () => {
  connection = await openNodeConnection();
  for (const sql of SETUP.split(';').filter((s) => s.trim())) await connection.exec(sql);
});
afterEach(() => connection.close());

async function run(files: ProjectFiles, argv: string): Promise<DbtResult> {
  const command = parseArgs(argv.split(' '));
  if (command instanceof UsageError) throw command;
  return runDbt(command, { connection, files, profile: true });
}

describe('profiled model builds', () => {
  it('counts the rows each build read from each table: the full build reads everything', async () => {
    const files = { 'dbt_project.yml': PROJECT, 'models/fct.sql': model(true) };
    const result = await run(files, 'run -s fct');
    expect(result.exitCode).toBe(0);
    expect(result.results[0]?.reads).toEqual([
      { table: 'orders', rows: 10000 },
      { table: 'items', rows: 30000 },
    ]);
  });

  it('shows a window pushed into the source reading a slice, and one after the joins reading all', async () => {
    const pushed = { 'dbt_project.yml': PROJECT, 'models/fct.sql': model(true) };
    await run(pushed, 'run -s fct');
    const incremental = (await run(pushed, 'run -s fct')).results[0]!;
    expect(incremental.incremental).toBe(true);
    const read = (r: typeof incremental, table: string) =>
      r.reads?.find((t) => t.table === table)?.rows ?? -1;
    // The window covers the last day: 100 orders and their 300 items.
    expect(read(incremental, 'orders')).toBe(100);
    expect(read(incremental, 'items')).toBe(300);

    const late = { 'dbt_project.yml': PROJECT, 'models/fct.sql': model(false) };
    const afterJoins = (await run(late, 'run -s fct')).results[0]!;
    expect(afterJoins.incremental).toBe(true);
    // Same batch, but every item was read: the filter could not reach the items scan.
    expect(afterJoins.rows?.batch).toBe(incremental.rows?.batch);
    expect(read(afterJoins, 'items')).toBe(30000);
  });

  it('still reports SQL errors at the compiled line, and measures nothing without the option', async () => {
    const files = {
      'dbt_project.yml': PROJECT,
      'models/bad.sql':
        "{{ config(materialized='table') }}\nselect\n  no_such_column\nfrom raw.orders",
    };
    const bad = await run(files, 'run -s bad');
    expect(bad.results[0]?.error?.line).toBe(2);
    const plain = await runDbt(parseArgs(['run', '-s', 'fct']) as never, {
      connection,
      files: { 'dbt_project.yml': PROJECT, 'models/fct.sql': model(true) },
    });
    expect(plain.results[0]?.status).toBe('success');
    expect(plain.results[0]?.reads).toBeUndefined();
  });
});

describe('tableReads', () => {
  it('adds up repeated scans of a table and ignores operators without one', () => {
    const plan = {
      operator_type: 'HASH_JOIN',
      children: [
        { operator_type: 'TABLE_SCAN', operator_cardinality: 5, extra_info: { Table: 'a' } },
        {
          operator_type: 'PROJECTION',
          children: [
            { operator_type: 'TABLE_SCAN', operator_cardinality: 7, extra_info: { Table: 'a' } },
            { operator_type: 'TABLE_SCAN', operator_cardinality: 1, extra_info: { Table: 'b' } },
            { operator_type: 'TABLE_SCAN', operator_cardinality: 9, extra_info: {} },
          ],
        },
      ],
    };
    expect(tableReads(plan)).toEqual([
      { table: 'a', rows: 12 },
      { table: 'b', rows: 1 },
    ]);
  });
});
