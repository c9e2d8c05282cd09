/**
 * The incremental strategies of dbt-duckdb — append, delete+insert (DuckDB's default) and merge —
 * producing the same SQL shapes (see the reference), plus the lab's row counts: cheap semi-join
 * counts on the small temp table for delete+insert, `RETURNING merge_action` for merge.
 */
import type { Connection } from '@/lib/engine/connection';
import { CompilationError } from '../errors';
import type { NodeConfig } from '../project/config';
import { quoteIdentifier, type Relation } from '../relation';
import { runMicrobatchStrategy, type Batch } from './microbatch';
import type { ColumnInfo } from './schema-change';
import { queryStatement, runStatement } from './sql';

export type UniqueKey = string | string[] | null;

export interface StrategyInput {
  connection: Connection;
  projectName: string;
  target: Relation;
  /** Rendered temp relation, e.g. `"fct_orders__dbt_tmp20250101120000000000"`. */
  temp: string;
  uniqueKey: UniqueKey;
  destColumns: ColumnInfo[];
  config: NodeConfig;
  batch: number;
  /** The microbatch window this run builds. */
  window?: Batch;
  /** Told each statement the strategy runs on the target (`DbtOptions.onStatement`). */
  trace?: (sql: string) => void;
}

export interface StrategyCounts {
  inserted: number;
  updated: number;
  deleted: number;
}

export const VALID_STRATEGIES = ['append', 'delete+insert', 'merge', 'microbatch'];

/** dbt-duckdb resolves the strategy only on the incremental branch; unknown ones fail there. */
export function resolveStrategy(config: NodeConfig, projectName: string): string {
  const raw = config.incremental_strategy;
  const strategy =
    raw === undefined || raw === null || raw === 'default' ? 'delete+insert' : String(raw);
  if (VALID_STRATEGIES.includes(strategy)) return strategy;
  if (strategy === 'insert_overwrite') {
    throw new CompilationError(
      `The incremental strategy '${strategy}' is not valid for this adapter`,
    );
  }
  throw new CompilationError(
    `dbt could not find an incremental strategy macro with the name "get_incremental_${strategy.replace(/\+/g, '_')}_sql" in ${projectName}`,
  );
}

/** `unique_key` as written: a string (possibly `'a, b'`), a list, or nothing (`None`, `''`, `[]`). */
export function normalizeUniqueKey(value: unknown): UniqueKey {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) return value.length === 0 ? null : value.map(String);
  return String(value);
}

export function predicatesOf(config: NodeConfig, strategy: string): string[] {
  const raw = config.predicates || config.incremental_predicates;
  if (raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0))
    return [];
  if (typeof raw === 'string') {
    if (strategy === 'merge' || strategy === 'microbatch') return [raw];
    throw new CompilationError(
      `incremental_predicates must be a list of SQL strings for '${strategy}' (dbt-duckdb would iterate the string '${raw}' character by character). Write incremental_predicates=["${raw}"].`,
    );
  }
  if (!Array.isArray(raw))
    throw new CompilationError('incremental_predicates must be a list of strings or a string');
  if (raw.some((p) => typeof p !== 'string' || p.trim() === '')) {
    throw new CompilationError('incremental_predicates list values must be non-empty strings');
  }
  return raw as string[];
}

function columnsCsv(columns: ColumnInfo[]): string {
  return columns.map((c) => quoteIdentifier(c.name)).join(', ');
}

function insertSql(input: StrategyInput): string {
  const cols = columnsCsv(input.destColumns);
  return `insert into ${input.target.render()} (${cols})\n(\n    select ${cols}\n    from ${input.temp}\n)`;
}

async function append(input: StrategyInput): Promise<StrategyCounts> {
  const sql = insertSql(input);
  input.trace?.(sql);
  await runStatement(input.connection, sql);
  return { inserted: input.batch, updated: 0, deleted: 0 };
}

async function firstCount(
  connection: Connection,
  sql: string,
): Promise<{ removed: number; matched: number } | null> {
  try {
    const rows = await queryStatement<{ removed: number; matched: number }>(connection, sql);
    return { removed: Number(rows[0]?.removed ?? 0), matched: Number(rows[0]?.matched ?? 0) };
  } catch {
    return null; // the strategy's own statement reports the error, in dbt's words
  }
}

async function deleteInsert(input: StrategyInput): Promise<StrategyCounts> {
  const predicates = predicatesOf(input.config, 'delete+insert');
  const target = input.target.render();
  const key = input.uniqueKey;
  if (key === null) return append(input);
  let deleteSql: string;
  let countSql: string;
  if (typeof key === 'string') {
    const extra = predicates.map((p) => `\n    and ${p}`).join('');
    deleteSql = `delete from ${target}\nwhere (\n    ${key}) in (\n    select (${key})\n    from ${input.temp}\n)${extra}`;
    const where = predicates.length > 0 ? ` where ${predicates.join(' and ')}` : '';
    countSql =
      `select (select count(*) from ${target} where (${key}) in (select (${key}) from ${input.temp})${predicates.map((p) => ` and ${p}`).join('')}) as removed, ` +
      `(select count(*) from ${input.temp} where (${key}) in (select (${key}) from ${target}${where})) as matched`;
  } else {
    const alias = 'DBT_INCREMENTAL_TARGET';
    const conditions = [...key.map((k) => `${input.temp}.${k} = ${alias}.${k}`), ...predicates];
    deleteSql = `delete from ${target} as ${alias}\nusing ${input.temp}\nwhere (\n    ${conditions.join('\n    and ')}\n)`;
    const on = conditions.join(' and ');
    countSql =
      `select (select count(*) from ${target} as ${alias} where exists (select 1 from ${input.temp} where ${on})) as removed, ` +
      `(select count(*) from ${input.temp} where exists (select 1 from ${target} as ${alias} where ${on})) as matched`;
  }
  const counts = await firstCount(input.connection, countSql);
  const sql = `${deleteSql};\n\n${insertSql(input)}`;
  input.trace?.(sql);
  await runStatement(input.connection, sql);
  if (!counts) return { inserted: input.batch, updated: 0, deleted: 0 };
  const updated = Math.min(counts.matched, counts.removed);
  return { inserted: input.batch - updated, updated, deleted: counts.removed - updated };
}

function stringList(config: NodeConfig, name: string, errors: string[]): string[] | undefined {
  const value = config[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    errors.push(`${name} must be a list`);
    return undefined;
  }
  if (value.some((v) => typeof v !== 'string')) {
    errors.push(`${name} must contain only string values, found: ${JSON.stringify(value)}`);
    return undefined;
  }
  return value.length > 0 ? (value as string[]) : undefined;
}

function mergeSql(input: StrategyInput): string {
  const { config } = input;
  const errors: string[] = [];
  const updateColumns = stringList(config, 'merge_update_columns', errors);
  const excludeColumns = stringList(config, 'merge_exclude_columns', errors);
  const returning = stringList(config, 'merge_returning_columns', errors);
  const setExpressions = config.merge_update_set_expressions;
  if (
    setExpressions !== undefined &&
    setExpressions !== null &&
    (typeof setExpressions !== 'object' || Array.isArray(setExpressions))
  ) {
    errors.push(
      `merge_update_set_expressions must be a dictionary, found: ${JSON.stringify(setExpressions)}`,
    );
  }
  for (const name of ['merge_update_condition', 'merge_insert_condition']) {
    const v = config[name];
    if (v !== undefined && v !== null && typeof v !== 'string')
      errors.push(`${name} must be a string, found: ${JSON.stringify(v)}`);
  }
  if (config.merge_clauses !== undefined || config.merge_on_using_columns !== undefined) {
    errors.push('merge_clauses and merge_on_using_columns are not available in the lab');
  }
  if (errors.length > 0)
    throw new CompilationError(`MERGE configuration errors:\n${errors.join('\n')}`);
  if (updateColumns && excludeColumns) {
    throw new CompilationError(
      'Model cannot specify merge_update_columns and merge_exclude_columns. Please update model to use only one config',
    );
  }
  const predicates = predicatesOf(config, 'merge');
  const key = input.uniqueKey;
  const keyConditions =
    key === null
      ? ['(FALSE)']
      : (typeof key === 'string' ? [key] : key).map(
          (k) => `(DBT_INTERNAL_SOURCE.${k} = DBT_INTERNAL_DEST.${k})`,
        );
  const on = [...keyConditions, ...predicates.map((p) => `(${p})`)].join(' AND ');
  const updateCondition =
    typeof config.merge_update_condition === 'string'
      ? ` AND ${config.merge_update_condition}`
      : '';
  const insertCondition =
    typeof config.merge_insert_condition === 'string'
      ? ` AND ${config.merge_insert_condition}`
      : '';
  const sets = (setExpressions as Record<string, unknown> | undefined) ?? {};
  const explicit = Boolean(updateColumns || excludeColumns || Object.keys(sets).length > 0);
  let matched = 'UPDATE BY NAME';
  if (explicit) {
    let columns: string[];
    if (updateColumns) columns = updateColumns;
    else if (excludeColumns) {
      const excluded = new Set(excludeColumns.map((c) => c.toLowerCase()));
      columns = input.destColumns
        .filter((c) => !excluded.has(c.name.toLowerCase()))
        .map((c) => quoteIdentifier(c.name));
    } else columns = input.destColumns.map((c) => quoteIdentifier(c.name));
    const strip = (c: string) => c.replace(/"/g, '').toLowerCase();
    const setNames = new Set(Object.keys(sets).map(strip));
    const assignments = [
      ...Object.entries(sets).map(([col, expr]) => `${col} = ${String(expr)}`),
      ...columns
        .filter((c) => !setNames.has(strip(c)))
        .map((c) => `${c} = DBT_INTERNAL_SOURCE.${c}`),
    ];
    matched = `UPDATE SET\n        ${assignments.join(',\n        ')}`;
  }
  const returningSql = `\nRETURNING merge_action${returning ? `, ${returning.join(', ')}` : ''}`;
  return (
    `MERGE INTO ${input.target.render()} AS DBT_INTERNAL_DEST\n` +
    `    USING ${input.temp} AS DBT_INTERNAL_SOURCE\n` +
    `    ON ${on}\n` +
    `WHEN MATCHED${updateCondition} THEN ${matched}\n` +
    `WHEN NOT MATCHED${insertCondition} THEN INSERT BY NAME` +
    returningSql
  );
}

async function merge(input: StrategyInput): Promise<StrategyCounts> {
  const sql = mergeSql(input);
  input.trace?.(sql);
  const rows = await queryStatement<{ merge_action: string }>(input.connection, sql);
  const counts: StrategyCounts = { inserted: 0, updated: 0, deleted: 0 };
  for (const row of rows) {
    if (row.merge_action === 'INSERT') counts.inserted++;
    else if (row.merge_action === 'UPDATE') counts.updated++;
    else if (row.merge_action === 'DELETE') counts.deleted++;
  }
  return counts;
}

export async function runStrategy(strategy: string, input: StrategyInput): Promise<StrategyCounts> {
  if (strategy === 'append') return append(input);
  if (strategy === 'merge') return merge(input);
  if (strategy === 'microbatch') {
    return runMicrobatchStrategy({
      ...input,
      batch: input.window,
      predicates: predicatesOf(input.config, 'microbatch'),
    });
  }
  return deleteInsert(input);
}

export { mergeSql as mergeSqlForTests };
