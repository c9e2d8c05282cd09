/**
 * `dbt seed`: column types inferred like dbt's agate type tester (integer, float8, date, timestamp,
 * boolean, text — tried in that order, the first that fits every value wins), `column_types`
 * overrides, then `create table` + batched `insert … values`. An existing table is emptied and
 * refilled (`INSERT n`); a new one or `--full-refresh` is dropped and created (`CREATE n`).
 */
import type { Connection } from '@/lib/engine/connection';
import type { SeedNode } from '../manifest/nodes';
import { dropSql, ensureSchema, inTransaction, runStatement } from '../materialize/sql';
import { quoteIdentifier, quoteLiteral } from '../relation';
import type { RelationCache } from '../relation-cache';
import type { RowCounts } from '../types';
import { parseCsv } from './csv';

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const INT32_MAX = 2_147_483_647;

function validDate(text: string): boolean {
  const d = new Date(`${text.slice(0, 10)}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text.slice(0, 10);
}

/** The agate-style type of one column's values (nulls are skipped; all-null columns are integer). */
export function inferType(values: (string | null)[]): string {
  const present = values.filter((v): v is string => v !== null).map((v) => v.trim());
  if (present.every((v) => INTEGER.test(v))) {
    return present.some((v) => Math.abs(Number(v)) > INT32_MAX) ? 'bigint' : 'integer';
  }
  if (present.every((v) => NUMBER.test(v))) return 'float8';
  if (present.every((v) => DATE.test(v) && validDate(v))) return 'date';
  if (present.every((v) => DATETIME.test(v) && validDate(v))) return 'timestamp';
  if (present.every((v) => ISO_DATETIME.test(v) && validDate(v))) return 'timestamp';
  if (present.every((v) => ['true', 'false'].includes(v.toLowerCase()))) return 'boolean';
  return 'text';
}

function literal(value: string | null, type: string): string {
  if (value === null) return 'NULL';
  if (type === 'text' && value === 'null') return 'NULL'; // agate's text null values: '' and 'null'
  return quoteLiteral(type === 'text' ? value : value.trim());
}

const BATCH_ROWS = 1000;

export async function loadSeed(
  connection: Connection,
  cache: RelationCache,
  node: SeedNode,
  fullRefresh: boolean,
): Promise<{ status: string; rows: RowCounts }> {
  const delimiter = typeof node.config.delimiter === 'string' ? node.config.delimiter : ',';
  const table = parseCsv(node.csv, node.file, delimiter);
  const overrides = (node.config.column_types ?? {}) as Record<string, string>;
  const types = table.header.map(
    (name, i) => overrides[name] ?? inferType(table.rows.map((r) => r[i] ?? null)),
  );
  const target = node.relation;
  const existing = cache.lookup(target);
  const recreate = fullRefresh || !existing || existing.type !== 'table';
  const columns = table.header.map(quoteIdentifier).join(', ');
  await ensureSchema(connection, target);
  await inTransaction(connection, async () => {
    if (recreate) {
      if (existing) await connection.exec(dropSql(existing));
      const definitions = table.header
        .map((name, i) => `${quoteIdentifier(name)} ${types[i]}`)
        .join(', ');
      await runStatement(connection, `create table ${target.render()} (${definitions})`);
    } else {
      await runStatement(connection, `delete from ${target.render()}`);
    }
    for (let start = 0; start < table.rows.length; start += BATCH_ROWS) {
      const values = table.rows
        .slice(start, start + BATCH_ROWS)
        .map((row) => `(${row.map((v, i) => literal(v, types[i] ?? 'text')).join(', ')})`)
        .join(',\n');
      await runStatement(
        connection,
        `insert into ${target.render()} (${columns}) values\n${values}`,
      );
    }
  });
  const n = table.rows.length;
  return {
    status: `${recreate ? 'CREATE' : 'INSERT'} ${n}`,
    rows: { batch: n, inserted: n, updated: 0, deleted: 0, total: n },
  };
}
