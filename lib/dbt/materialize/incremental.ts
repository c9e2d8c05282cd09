/**
 * dbt-duckdb's incremental materialization. One transaction per run, so a failure (schema change
 * `fail`, a bad key, a bad strategy) leaves the target exactly as it was:
 * - no table yet: `create table <this> as (<sql>)`;
 * - full refresh (flag or config, or the target is a view): build `<alias>__dbt_tmp`, swap it in;
 * - otherwise: temp table from the incremental branch, `on_schema_change`, then the strategy.
 */
import type { Value } from '@/lib/engine/connection';
import { shouldFullRefresh } from '../compile';
import type { Invocation } from '../invocation';
import type { ModelNode } from '../manifest/nodes';
import { quoteIdentifier } from '../relation';
import type { RelationCache } from '../relation-cache';
import type { BuildWindow, RowCounts, TableRead } from '../types';
import { NO_HOOKS, runHooks, type ModelHooks } from './hooks';
import { logicChangeWarning, readLogics, writeLogics } from './logic-guard';
import type { Batch } from './microbatch';
import { runBuildStatement } from './profile';
import { describeColumns, onSchemaChangeMode, processSchemaChanges } from './schema-change';
import { countRows, dropSql, ensureSchema, inTransaction, checkedSql, renameSql } from './sql';
import { normalizeUniqueKey, resolveStrategy, runStrategy } from './strategies';

export interface MaterializeOutcome {
  /** The log's status text, e.g. `CREATE 120`, `INSERT 12, UPDATE 3`, `OK`. */
  status: string;
  rows?: RowCounts;
  incremental?: boolean;
  /** Rows read per table, when the invocation profiles. */
  reads?: TableRead[];
  /** Lines for the log after the node's result (the logic-change guard). */
  warnings?: string[];
  /** With a window column, what the build read (see `BuildWindow`). */
  window?: BuildWindow;
}

/** Reports a materialization's statement to `DbtOptions.onStatement`, if the invocation has one. */
export type Trace = (sql: string) => void;

export function traceFor(inv: Invocation, node: ModelNode): Trace {
  const listener = inv.onStatement;
  return listener ? (sql) => listener({ node: node.name, sql }) : () => undefined;
}

/** The column a build's window is reported on: the model's `event_time`, else the invocation's. */
function windowColumnFor(inv: Invocation, node: ModelNode): string | undefined {
  const eventTime = node.config.event_time;
  if (typeof eventTime === 'string' && eventTime) return eventTime;
  return inv.windowColumn;
}

/**
 * The range of `column` in `relation` (and, for an incremental run, the target's maximum before
 * the run), or undefined when the relation has no such column. Runs inside the build's transaction,
 * so it asks DuckDB for the columns first rather than letting a bad name abort the transaction.
 */
async function readWindow(
  connection: Invocation['connection'],
  column: string,
  relation: string,
  target: ModelNode['relation'] | null,
): Promise<BuildWindow | undefined> {
  const has = async (r: string) =>
    (await describeColumns(connection, r)).some(
      (c) => c.name.toLowerCase() === column.toLowerCase(),
    );
  if (!(await has(relation)) || (target && !(await has(target.render())))) return undefined;
  const c = quoteIdentifier(column);
  const text = (v: Value | undefined) => (v === null || v === undefined ? null : String(v));
  const result = await connection.query<{ from: Value; to: Value; mark: Value }>(
    `select min(${c})::varchar as "from", max(${c})::varchar as "to", ` +
      `${target ? `(select max(${c})::varchar from ${target.render()})` : 'null'} as mark from ${relation}`,
  );
  const row = result.rows[0];
  return { column, from: text(row?.from), to: text(row?.to), mark: text(row?.mark) };
}

/**
 * Records `logic` as what built the table's rows, once the build has committed: a record that
 * cannot be written only costs the guard its warning, never the build.
 */
export async function recordLogic(
  connection: Invocation['connection'],
  target: ModelNode['relation'],
  logics: string[],
): Promise<void> {
  await writeLogics(connection, target, logics).catch(() => undefined);
}

/** `<alias>__dbt_tmp<YYYYmmddHHMMSSffffff>`, as dbt-duckdb names the temp relation. */
export function tempIdentifier(alias: string, now: Date, suffix = ''): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp =
    `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}` +
    `${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}${p(now.getUTCMilliseconds(), 3)}000`;
  return `${alias}__dbt_tmp${suffix}${stamp}`;
}

export function rowStatus(rows: RowCounts): string {
  const parts = [`INSERT ${rows.inserted}`];
  if (rows.updated > 0) parts.push(`UPDATE ${rows.updated}`);
  if (rows.deleted > 0) parts.push(`DELETE ${rows.deleted}`);
  return parts.join(', ');
}

/** Drops leftovers of an interrupted earlier run (`__dbt_tmp`, `__dbt_backup`). */
export async function dropLeftovers(
  inv: Invocation,
  cache: RelationCache,
  node: ModelNode,
): Promise<void> {
  for (const suffix of ['__dbt_tmp', '__dbt_backup']) {
    const leftover = cache.get(
      node.relation.database,
      node.relation.schema,
      `${node.relation.identifier}${suffix}`,
    );
    if (leftover) await inv.connection.exec(dropSql(leftover));
  }
}

/**
 * Builds `sql` into `<alias>__dbt_tmp` and swaps it in for the existing relation, inside the open
 * transaction. Returns the row count and, when profiling, the rows read.
 */
export async function buildAndSwap(
  inv: Invocation,
  cache: RelationCache,
  node: ModelNode,
  sql: string,
): Promise<{ total: number; reads: TableRead[] | undefined }> {
  const target = node.relation;
  const existing = cache.lookup(target);
  const intermediate = target.withIdentifier(`${target.identifier}__dbt_tmp`);
  const trace = traceFor(inv, node);
  const build = `create table ${intermediate.render()} as (\n${sql}\n)`;
  trace(build);
  const reads = await runBuildStatement(inv.connection, build, 1, inv.profile);
  const steps = [
    ...(existing ? [renameSql(existing, `${target.identifier}__dbt_backup`)] : []),
    `alter table ${intermediate.render()} rename to ${quoteIdentifier(target.identifier)}`,
    ...(existing ? [dropSql(existing.withIdentifier(`${target.identifier}__dbt_backup`))] : []),
  ];
  for (const step of steps) {
    trace(step);
    await inv.connection.exec(step);
  }
  return { total: await countRows(inv.connection, target), reads };
}

/** One batch of a microbatch run: batches after the first always take the incremental path. */
export interface BatchRun {
  batch: Batch;
  index: number;
}

export async function materializeIncremental(
  inv: Invocation,
  cache: RelationCache,
  node: ModelNode,
  compiledSql: string,
  hooks: ModelHooks = NO_HOOKS,
  batchRun?: BatchRun,
  /** The model's full-build SQL as the guard records it (logic-guard.ts); absent for microbatch. */
  logic?: string,
): Promise<MaterializeOutcome> {
  const { connection } = inv;
  const target = node.relation;
  const sql = checkedSql(compiledSql, node);
  const existing = cache.lookup(target);
  const laterBatch = batchRun !== undefined && batchRun.index > 0;
  const fullRefresh = !laterBatch && (shouldFullRefresh(inv, node) || existing?.type === 'view');
  const trace = traceFor(inv, node);
  const windowColumn = batchRun ? undefined : windowColumnFor(inv, node);
  await ensureSchema(connection, target);
  await dropLeftovers(inv, cache, node);
  await runHooks(connection, hooks.pre, 'pre-hook', false);

  if (!existing || fullRefresh) {
    const { total, reads, window } = await inTransaction(connection, async () => {
      await runHooks(connection, hooks.pre, 'pre-hook', true);
      let built: { total: number; reads: TableRead[] | undefined };
      if (existing) built = await buildAndSwap(inv, cache, node, sql);
      else {
        const statement = `create table ${target.render()} as (\n${sql}\n)`;
        trace(statement);
        const reads = await runBuildStatement(connection, statement, 1, inv.profile);
        built = { total: await countRows(connection, target), reads };
      }
      const window = windowColumn
        ? await readWindow(connection, windowColumn, target.render(), null)
        : undefined;
      await runHooks(connection, hooks.post, 'post-hook', true);
      return { ...built, window };
    });
    await runHooks(connection, hooks.post, 'post-hook', false);
    if (logic !== undefined) await recordLogic(connection, target, [logic]);
    const rows = { batch: total, inserted: total, updated: 0, deleted: 0, total };
    return {
      status: `CREATE ${total}`,
      rows,
      incremental: false,
      ...(reads && { reads }),
      ...(window && { window }),
    };
  }

  const suffix = batchRun ? `_${batchRun.batch.id}` : '';
  const temp = quoteIdentifier(tempIdentifier(target.identifier, inv.wallClock(), suffix));
  const recorded = logic === undefined ? null : await readLogics(connection, target);
  const warning =
    logic === undefined ? null : logicChangeWarning(node.name, target, recorded, logic);
  try {
    let reads: TableRead[] | undefined;
    let window: BuildWindow | undefined;
    const rows = await inTransaction(connection, async () => {
      await runHooks(connection, hooks.pre, 'pre-hook', true);
      const statement = `create temporary table ${temp} as (\n${sql}\n)`;
      trace(statement);
      reads = await runBuildStatement(connection, statement, 1, inv.profile);
      const batch = await countRows(connection, temp);
      if (windowColumn) window = await readWindow(connection, windowColumn, temp, target);
      const mode = onSchemaChangeMode(node.config.on_schema_change);
      const { destColumns } = await processSchemaChanges(connection, mode, temp, target, trace);
      const strategy = resolveStrategy(node.config, inv.project.name);
      const counts = await runStrategy(strategy, {
        connection,
        projectName: inv.project.name,
        target,
        temp,
        uniqueKey: normalizeUniqueKey(node.config.unique_key),
        destColumns,
        config: node.config,
        batch,
        window: batchRun?.batch,
        trace,
      });
      const total = await countRows(connection, target);
      await runHooks(connection, hooks.post, 'post-hook', true);
      return { batch, ...counts, total };
    });
    trace(`drop table if exists ${temp}`);
    await dropTemp(connection, temp);
    await runHooks(connection, hooks.post, 'post-hook', false);
    // The window's rows now have this logic; the rest keep theirs (a table without a record stays so).
    if (logic !== undefined && recorded !== null && !recorded.includes(logic))
      await recordLogic(connection, target, [...recorded, logic]);
    return {
      status: rowStatus(rows),
      rows,
      incremental: true,
      ...(reads && { reads }),
      ...(warning && { warnings: [warning] }),
      ...(window && { window }),
    };
  } finally {
    await dropTemp(connection, temp);
  }
}

/** dbt leaves the temp table to die with the connection; the lab's connection lives long. */
async function dropTemp(connection: Invocation['connection'], temp: string): Promise<void> {
  await connection.exec(`drop table if exists ${temp}`).catch(() => undefined);
}
