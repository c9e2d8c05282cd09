/**
 * Run-time compilation (`execute = true`): renders a model, singular test or inline query with the
 * real `ref()`/`source()`/`this`, evaluates `is_incremental()` from the database (dbt's four
 * conditions), inlines ephemeral models as `__dbt__cte__<name>` CTEs and applies the Snowflake
 * rewrite.
 */
import { JinjaError } from './errors';
import type { Invocation } from './invocation';
import { buildContext, type ContextNode } from './jinja/context';
import type { StoredResult } from './jinja/queries';
import { PyDateTime } from './jinja/datetime';
import { renderHooks, type ModelHooks } from './materialize/hooks';
import type { BatchRun } from './materialize/incremental';
import { filteredRelation, type Batch } from './materialize/microbatch';
import type { NodeConfig } from './project/config';
import { toJinja, type Macro } from '@/lib/jinja';
import { dbtEnvironment, renderTemplate, toJinjaError } from './jinja/environment';
import type { Manifest, ModelNode, TestNode } from './manifest/nodes';
import { Relation } from './relation';
import type { RelationCache } from './relation-cache';
import { rewriteSnowflake } from './snowflake-bridge';

export interface CompileState {
  inv: Invocation;
  manifest: Manifest;
  cache: RelationCache;
}

export interface CompiledSql {
  sql: string;
  isIncremental: boolean;
}

/** `should_full_refresh()`: the model's `full_refresh` config wins over `--full-refresh`. */
export function shouldFullRefresh(inv: Invocation, node: ModelNode): boolean {
  const configured = node.config.full_refresh;
  if (configured !== undefined && configured !== null) return Boolean(configured);
  return inv.fullRefresh;
}

/** dbt's `is_incremental()`: the relation exists, is a table, the model is incremental, no full refresh. */
export function isIncrementalFor(state: CompileState, node: ModelNode): boolean {
  const existing = state.cache.lookup(node.relation);
  return (
    existing !== null &&
    existing.type === 'table' &&
    node.materialized === 'incremental' &&
    !shouldFullRefresh(state.inv, node)
  );
}

interface Cte {
  name: string;
  sql: string;
}

function dependencyHint(owner: ContextNode, name: string): string {
  return (
    `dbt was unable to infer all dependencies for the model "${owner.name}". This typically happens when ref() is placed within a conditional block.\n\n` +
    `To fix this, add the following hint to the top of the model "${owner.name}":\n\n-- depends_on: {{ ref('${name}') }}`
  );
}

interface RenderOptions {
  thisRelation: Relation | null;
  isIncremental: boolean;
  fullRefresh: boolean;
  dependsOn?: string[];
  results?: Map<string, StoredResult>;
  batch?: Batch;
}

/** The run-time Jinja context for `owner`; ephemeral refs are collected in `pendingEphemerals`. */
function runContext(
  state: CompileState,
  owner: ContextNode,
  opts: RenderOptions,
  stack: string[],
  pendingEphemerals: ModelNode[],
): Record<string, unknown> {
  const { inv, manifest } = state;
  // in a microbatch batch, inputs that have an event_time are read for the batch's window only
  const filtered = (relation: Relation, config: NodeConfig): Relation => {
    const eventTime = config.event_time;
    if (!opts.batch || typeof eventTime !== 'string' || !eventTime) return relation;
    return new BatchFilteredRelation(
      relation,
      filteredRelation(relation.render(), eventTime, opts.batch),
    );
  };
  return buildContext({
    node: owner,
    projectName: inv.project.name,
    execute: true,
    isIncremental: opts.isIncremental,
    shouldFullRefresh: opts.fullRefresh,
    thisRelation: opts.thisRelation,
    ref: (name) => {
      const id = manifest.refs.get(name);
      const target = id ? manifest.nodes.get(id) : undefined;
      if (!target || (target.resourceType !== 'model' && target.resourceType !== 'seed')) {
        throw new JinjaError(
          `${owner.resourceType === 'test' ? 'Test' : 'Model'} '${owner.uniqueId}' (${owner.file}) depends on a node named '${name}' which was not found`,
          owner.file,
        );
      }
      if (opts.dependsOn && !opts.dependsOn.includes(target.uniqueId)) {
        throw new JinjaError(dependencyHint(owner, name), owner.file);
      }
      if (target.resourceType === 'model' && target.materialized === 'ephemeral') {
        if (stack.includes(target.uniqueId)) {
          throw new JinjaError(
            `Found a cycle of ephemeral models: ${[...stack, target.uniqueId].join(' --> ')}`,
            target.file,
          );
        }
        if (!pendingEphemerals.includes(target)) pendingEphemerals.push(target);
        return new Relation(null, null, `__dbt__cte__${target.name}`, 'cte');
      }
      return filtered(target.relation, target.config);
    },
    source: (sourceName, tableName) => {
      const id = manifest.sources.get(`${sourceName}.${tableName}`);
      const node = id ? manifest.nodes.get(id) : undefined;
      if (!node || node.resourceType !== 'source') {
        throw new JinjaError(
          `'${owner.uniqueId}' (${owner.file}) depends on a source named '${sourceName}.${tableName}' which was not found`,
          owner.file,
        );
      }
      return filtered(node.relation, node.config);
    },
    vars: { cli: inv.cliVars, project: inv.project.vars },
    target: inv.target,
    runStartedAt: inv.runStartedAt,
    now: inv.now,
    log: (line) => inv.log(line),
    getRelation: (database, schema, identifier) => state.cache.get(database, schema, identifier),
    invocationId: inv.invocationId,
    flags: { FULL_REFRESH: inv.fullRefresh, WHICH: inv.which },
    connection: inv.connection,
    macros: inv.project.macros,
    results: opts.results,
  });
}

async function render(
  state: CompileState,
  owner: ContextNode,
  raw: string,
  opts: RenderOptions,
  ctes: Cte[],
  stack: string[],
): Promise<string> {
  const pendingEphemerals: ModelNode[] = [];
  const context = runContext(state, owner, opts, stack, pendingEphemerals);
  const sql = await renderTemplate(raw, owner.file, context, state.inv.project.macros);
  // ephemeral parents are rendered after the model (their CTEs go first in the query)
  for (const ephemeral of pendingEphemerals) await addEphemeral(state, ephemeral, ctes, stack);
  return sql;
}

/** `dbt run-operation`: calls a project macro with keyword arguments, for its effects. */
export async function callOperation(
  state: CompileState,
  macro: Macro,
  kwargs: Record<string, unknown>,
): Promise<void> {
  const owner: ContextNode = {
    uniqueId: `macro.${state.inv.project.name}.${macro.name}`,
    name: macro.name,
    file: macro.file,
    resourceType: 'operation',
    config: {},
  };
  const context = runContext(
    state,
    owner,
    { thisRelation: null, isIncremental: false, fullRefresh: false },
    [],
    [],
  );
  const args = new Map(Object.entries(kwargs).map(([k, v]) => [k, toJinja(v)]));
  try {
    await dbtEnvironment().callMacro(macro, [], args, context, {
      macros: state.inv.project.macros,
    });
  } catch (error) {
    throw toJinjaError(error, macro.file);
  }
}

async function addEphemeral(
  state: CompileState,
  node: ModelNode,
  ctes: Cte[],
  stack: string[],
): Promise<void> {
  const name = `__dbt__cte__${node.name}`;
  if (ctes.some((c) => c.name === name)) return;
  const inner: Cte[] = [];
  const sql = await render(
    state,
    contextNode(node),
    node.raw,
    {
      thisRelation: node.relation,
      isIncremental: false,
      fullRefresh: false,
      dependsOn: node.dependsOn,
    },
    inner,
    [...stack, node.uniqueId],
  );
  // an ephemeral's own ephemeral parents come before it
  for (const cte of inner) if (!ctes.some((c) => c.name === cte.name)) ctes.push(cte);
  if (!ctes.some((c) => c.name === name)) ctes.push({ name, sql: sql.trim() });
}

/** Puts ephemeral CTEs in front of the query, merging with its own `with` if it has one. */
export function injectCtes(sql: string, ctes: Cte[]): string {
  if (ctes.length === 0) return sql;
  const definitions = ctes.map((c) => `${c.name} as (\n${c.sql}\n)`).join(', ');
  const lead = /^(\s*(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)?)*/.exec(sql)?.[0] ?? '';
  const rest = sql.slice(lead.length);
  const withMatch = /^with(\s+recursive)?\b/i.exec(rest);
  if (withMatch) {
    return `${lead}${withMatch[0]} ${definitions}, ${rest.slice(withMatch[0].length).trimStart()}`;
  }
  return `${lead}with ${definitions}\n${rest}`;
}

/** `model.batch` in a microbatch batch: `{id, event_time_start, event_time_end}`. */
function batchContext(batch: Batch): Record<string, unknown> {
  return {
    id: batch.id,
    event_time_start: PyDateTime.fromDate(batch.start, true),
    event_time_end: PyDateTime.fromDate(batch.end, true),
  };
}

/** A ref or source inside a batch: renders as the window's subquery; `.render()` gives the table. */
class BatchFilteredRelation extends Relation {
  constructor(
    base: Relation,
    private readonly filteredSql: string,
  ) {
    super(base.database, base.schema, base.identifier, base.type);
  }
  override str(): string {
    return this.filteredSql;
  }
  override toString(): string {
    return this.filteredSql;
  }
}

function contextNode(node: ModelNode | TestNode): ContextNode {
  return {
    uniqueId: node.uniqueId,
    name: node.name,
    file: node.file,
    resourceType: node.resourceType,
    config: node.config,
    fqn: node.fqn,
  };
}

function finish(sql: string, ctes: Cte[]): string {
  return rewriteSnowflake(injectCtes(sql, ctes)).trim();
}

/**
 * Compiles a model. `branch` forces a side of `is_incremental()` (for showing both branches);
 * by default it is evaluated against the database like dbt does.
 */
export async function compileModel(
  state: CompileState,
  node: ModelNode,
  branch?: 'first' | 'incremental',
  results?: Map<string, StoredResult>,
  batchRun?: BatchRun,
): Promise<CompiledSql> {
  // dbt makes batches after the first incremental, whatever the table or the flags say
  const laterBatch = batchRun !== undefined && batchRun.index > 0;
  const isIncremental = branch
    ? branch === 'incremental'
    : laterBatch || isIncrementalFor(state, node);
  const ctes: Cte[] = [];
  const owner = contextNode(node);
  if (batchRun) owner.extra = { batch: batchContext(batchRun.batch) };
  const sql = await render(
    state,
    owner,
    node.raw,
    {
      thisRelation: node.relation,
      isIncremental,
      fullRefresh: !laterBatch && shouldFullRefresh(state.inv, node),
      dependsOn: node.dependsOn,
      results,
      batch: batchRun?.batch,
    },
    ctes,
    [node.uniqueId],
  );
  return { sql: finish(sql, ctes), isIncremental };
}

/** The model's pre- and post-hooks, rendered with its context (the same branch as its SQL). */
export async function compileHooks(
  state: CompileState,
  node: ModelNode,
  isIncremental: boolean,
  results?: Map<string, StoredResult>,
  batchRun?: BatchRun,
): Promise<ModelHooks> {
  const owner = contextNode(node);
  if (batchRun) owner.extra = { batch: batchContext(batchRun.batch) };
  return renderHooks(node.config, async (sql) => {
    const ctes: Cte[] = [];
    const rendered = await render(
      state,
      owner,
      sql,
      {
        thisRelation: node.relation,
        isIncremental,
        fullRefresh: !(batchRun && batchRun.index > 0) && shouldFullRefresh(state.inv, node),
        results,
        batch: batchRun?.batch,
      },
      ctes,
      [node.uniqueId],
    );
    return finish(rendered, ctes);
  });
}

export async function compileSingularTest(state: CompileState, node: TestNode): Promise<string> {
  const ctes: Cte[] = [];
  const sql = await render(
    state,
    contextNode(node),
    node.raw ?? '',
    { thisRelation: null, isIncremental: false, fullRefresh: false, dependsOn: node.dependsOn },
    ctes,
    [node.uniqueId],
  );
  return finish(sql, ctes);
}

/** `dbt show --inline` / `dbt compile --inline`: any ref or source of the project may be used. */
export async function compileInline(state: CompileState, raw: string): Promise<string> {
  const ctes: Cte[] = [];
  const owner: ContextNode = {
    uniqueId: `sql_operation.${state.inv.project.name}.inline_query`,
    name: 'inline_query',
    file: 'inline query',
    resourceType: 'sql_operation',
    config: {},
  };
  const sql = await render(
    state,
    owner,
    raw,
    { thisRelation: null, isIncremental: false, fullRefresh: false },
    ctes,
    [],
  );
  return finish(sql, ctes);
}

/** A generic test's relation argument (`model`), or a `to:` expression rendered with refs. */
export async function renderExpression(
  state: CompileState,
  owner: TestNode,
  expression: string,
): Promise<string> {
  const ctes: Cte[] = [];
  const sql = await render(
    state,
    contextNode(owner),
    `{{ ${expression} }}`,
    { thisRelation: null, isIncremental: false, fullRefresh: false },
    ctes,
    [owner.uniqueId],
  );
  if (ctes.length > 0) return `(${injectCtes(`select * from ${sql}`, ctes)})`;
  return sql;
}
