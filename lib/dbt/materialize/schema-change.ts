/**
 * `on_schema_change` (dbt's global macros with dbt-duckdb's DDL): compares the temp table's columns
 * with the target's, then ignores, fails with dbt's message, appends new columns, or syncs all
 * columns (add, drop, and the 4-step type change).
 */
import type { Connection } from '@/lib/engine/connection';
import { CompilationError } from '../errors';
import { quoteIdentifier, type Relation } from '../relation';
import { runStatement } from './sql';

export interface ColumnInfo {
  name: string;
  /** DuckDB's type, e.g. `VARCHAR`, `DECIMAL(18,2)`. */
  dtype: string;
}

export const ON_SCHEMA_CHANGE = [
  'ignore',
  'fail',
  'append_new_columns',
  'sync_all_columns',
] as const;
export type OnSchemaChange = (typeof ON_SCHEMA_CHANGE)[number];

/** An invalid value falls back to `ignore` (dbt logs it at debug level only). */
export function onSchemaChangeMode(value: unknown): OnSchemaChange {
  return (ON_SCHEMA_CHANGE as readonly unknown[]).includes(value)
    ? (value as OnSchemaChange)
    : 'ignore';
}

export async function describeColumns(
  connection: Connection,
  relation: Relation | string,
): Promise<ColumnInfo[]> {
  const result = await connection.query<{ column_name: string; column_type: string }>(
    `select column_name, column_type from (describe ${String(relation)})`,
  );
  return result.rows.map((r) => ({ name: r.column_name, dtype: r.column_type }));
}

/** dbt's `Column.data_type` on DuckDB: every string type compares as `character varying(256)`. */
export function dataType(column: ColumnInfo): string {
  const lower = column.dtype.toLowerCase();
  if (['text', 'character varying', 'character', 'varchar'].includes(lower))
    return 'character varying(256)';
  return column.dtype;
}

function repr(column: ColumnInfo): string {
  return `DuckDBColumn(column='${column.name}', dtype='${column.dtype}', char_size=None, numeric_precision=None, numeric_scale=None, fields=[])`;
}

export interface SchemaChanges {
  sourceNotInTarget: ColumnInfo[];
  targetNotInSource: ColumnInfo[];
  newTargetTypes: { column_name: string; new_type: string }[];
  changed: boolean;
}

export function compareColumns(source: ColumnInfo[], target: ColumnInfo[]): SchemaChanges {
  const targetNames = new Set(target.map((c) => c.name));
  const sourceNames = new Set(source.map((c) => c.name));
  const sourceNotInTarget = source.filter((c) => !targetNames.has(c.name));
  const targetNotInSource = target.filter((c) => !sourceNames.has(c.name));
  const newTargetTypes: SchemaChanges['newTargetTypes'] = [];
  for (const column of source) {
    const existing = target.find((t) => t.name === column.name);
    if (existing && dataType(existing) !== dataType(column)) {
      newTargetTypes.push({ column_name: existing.name, new_type: dataType(column) });
    }
  }
  const changed = sourceNotInTarget.length + targetNotInSource.length + newTargetTypes.length > 0;
  return { sourceNotInTarget, targetNotInSource, newTargetTypes, changed };
}

export function schemaChangeFailMessage(changes: SchemaChanges): string {
  const types = changes.newTargetTypes
    .map((t) => `{'column_name': '${t.column_name}', 'new_type': '${t.new_type}'}`)
    .join(', ');
  return [
    'The source and target schemas on this incremental model are out of sync!',
    'They can be reconciled in several ways:',
    '  - set the `on_schema_change` config to either append_new_columns or sync_all_columns, depending on your situation.',
    '  - Re-run the incremental model with `full_refresh: True` to update the target schema.',
    '  - update the schema manually and re-run the process.',
    '',
    'Additional troubleshooting context:',
    `   Source columns not in target: [${changes.sourceNotInTarget.map(repr).join(', ')}]`,
    `   Target columns not in source: [${changes.targetNotInSource.map(repr).join(', ')}]`,
    `   New column types: [${types}]`,
  ].join('\n');
}

/**
 * dbt changes a column's type in four steps (add `c__dbt_alter`, copy, drop `c`, rename), which moves
 * the column to the end. DuckDB 1.4 cannot commit an ALTER that follows an UPDATE of the same table
 * in one transaction, so the same result is produced by rebuilding the table with the changed
 * columns cast and moved to the end.
 */
async function changeTypes(
  connection: Connection,
  target: Relation,
  changed: SchemaChanges['newTargetTypes'],
  run: (sql: string) => Promise<void>,
): Promise<void> {
  const current = await describeColumns(connection, target);
  const changedNames = new Set(changed.map((c) => c.column_name));
  const select = [
    ...current.filter((c) => !changedNames.has(c.name)).map((c) => quoteIdentifier(c.name)),
    ...changed.map(
      (c) =>
        `cast(${quoteIdentifier(c.column_name)} as ${c.new_type}) as ${quoteIdentifier(c.column_name)}`,
    ),
  ];
  const rebuilt = target.withIdentifier(`${target.identifier}__dbt_alter`);
  await run(
    `create table ${rebuilt.render()} as select ${select.join(', ')} from ${target.render()}`,
  );
  await run(`drop table ${target.render()}`);
  await run(`alter table ${rebuilt.render()} rename to ${quoteIdentifier(target.identifier)}`);
}

/**
 * Applies `on_schema_change` inside the run's transaction. Returns the columns the strategy inserts
 * (dbt's `dest_columns`): the target's under `ignore`, the temp table's otherwise.
 */
export async function processSchemaChanges(
  connection: Connection,
  mode: OnSchemaChange,
  temp: string,
  target: Relation,
  /** Told each DDL statement before it runs (`DbtOptions.onStatement`). */
  trace?: (sql: string) => void,
): Promise<{ destColumns: ColumnInfo[]; changes?: SchemaChanges }> {
  const run = async (sql: string) => {
    trace?.(sql);
    await runStatement(connection, sql);
  };
  const targetColumns = await describeColumns(connection, target);
  if (mode === 'ignore') return { destColumns: targetColumns };
  const sourceColumns = await describeColumns(connection, temp);
  const changes = compareColumns(sourceColumns, targetColumns);
  if (changes.changed) {
    if (mode === 'fail') throw new CompilationError(schemaChangeFailMessage(changes), 'schema');
    const table = target.render();
    for (const column of changes.sourceNotInTarget) {
      await run(
        `alter table ${table} add column ${quoteIdentifier(column.name)} ${dataType(column)}`,
      );
    }
    if (mode === 'sync_all_columns') {
      for (const column of changes.targetNotInSource) {
        await run(`alter table ${table} drop column ${quoteIdentifier(column.name)}`);
      }
      if (changes.newTargetTypes.length > 0)
        await changeTypes(connection, target, changes.newTargetTypes, run);
    }
  }
  return { destColumns: sourceColumns, changes };
}
