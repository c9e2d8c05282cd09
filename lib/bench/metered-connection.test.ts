import { describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { meteredConnection, resetMeter, statementKind } from './metered-connection';

describe('statementKind', () => {
  it('sorts the statements a dbt run sends', () => {
    expect(
      statementKind("CREATE OR REPLACE TEMP MACRO now() AS TIMESTAMP '2018-08-14 23:59:59'"),
    ).toBe('macros');
    expect(statementKind('select current_database() as db')).toBe('catalog');
    expect(statementKind('select table_schema from information_schema.tables where x')).toBe(
      'catalog',
    );
    expect(statementKind('select column_name, column_type from (describe "m"."main"."t")')).toBe(
      'catalog',
    );
    expect(statementKind("select comment from duckdb_tables() where table_name = 't'")).toBe(
      'logicGuard',
    );
    expect(statementKind("comment on table t is 'x'")).toBe('logicGuard');
    expect(statementKind('  begin transaction')).toBe('transaction');
    expect(statementKind('commit')).toBe('transaction');
    expect(statementKind('select count(*)::bigint as n from t')).toBe('rowCounts');
    expect(statementKind('select (select count(*) from t) as removed, (select 1) as matched')).toBe(
      'rowCounts',
    );
    expect(statementKind('create temporary table "t__dbt_tmp" as (select 1)')).toBe('model');
    expect(statementKind('delete from t where (k) in (select k from u)')).toBe('model');
    expect(statementKind('alter table a rename to b')).toBe('model');
    expect(statementKind('select 1')).toBe('other');
  });
});

describe('meteredConnection', () => {
  it('counts calls and time by kind, and resets', async () => {
    const inner: Connection = {
      adapter: 'node',
      query: async () => ({ columns: [], rows: [], rowCount: 0, truncated: false }),
      exec: async () => undefined,
      cancel: async () => undefined,
      close: async () => undefined,
    };
    const { connection, meter } = meteredConnection(inner);
    await connection.exec('begin');
    await connection.query('select count(*) from t');
    await connection.exec('create table t as (select 1)');
    expect(meter.calls).toBe(3);
    expect(Object.keys(meter.byKind).sort()).toEqual(['model', 'rowCounts', 'transaction']);
    expect(meter.ms).toBeGreaterThanOrEqual(0);
    resetMeter(meter);
    expect(meter).toEqual({ calls: 0, ms: 0, byKind: {} });
  });
});
