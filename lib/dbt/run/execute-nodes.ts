/**
 * Runs a list of nodes in order — seeds, models, tests — logging dbt's START / OK / ERROR / SKIP
 * lines. A failed node skips everything downstream of it; `--fail-fast` skips the rest of the run.
 */
import { QueryCancelledError } from '@/lib/engine/connection';
import { compileHooks, compileModel, type CompileState } from '../compile';
import type { StoredResult } from '../jinja/queries';
import { CompilationError } from '../errors';
import type { Graph } from '../graph';
import type { Invocation } from '../invocation';
import type { ExecutableNode, Manifest, ModelNode, SeedNode, TestNode } from '../manifest/nodes';
import { materializeIncremental, type MaterializeOutcome } from '../materialize/incremental';
import { logicRecord } from '../materialize/logic-guard';
import { isMicrobatch } from '../materialize/microbatch';
import { materializeTable, materializeView } from '../materialize/table-view';
import { RelationCache } from '../relation-cache';
import { loadSeed } from '../seeds/load-seed';
import { compileTest, runTest } from '../tests/run-test';
import type { CompiledNode, NodeResult } from '../types';
import { seconds, type RunLog } from './log';
import { buildMicrobatch } from './microbatch-run';
import { describeNodeError, withMissingModelHint } from './node-errors';

export interface ExecuteContext {
  inv: Invocation;
  manifest: Manifest;
  graph: Graph;
  log: RunLog;
  failFast: boolean;
  compiled: Record<string, CompiledNode>;
}

/** A finished node: its log line, its status text, and lines to log after it. */
interface NodeDone {
  ok: string;
  status: string;
  partial?: boolean;
  warnings?: string[];
}

function describe(node: ExecutableNode): string {
  if (node.resourceType === 'seed') return `seed file ${node.relation.displayName()}`;
  if (node.resourceType === 'test') return `test ${node.name}`;
  const kind = isMicrobatch(node.config) ? 'microbatch' : node.materialized;
  return `sql ${kind} model ${node.relation.displayName()}`;
}

async function buildModel(
  ctx: ExecuteContext,
  state: CompileState,
  node: ModelNode,
  result: NodeResult,
): Promise<NodeDone> {
  const record = (compiledSql: string) => {
    ctx.compiled[node.uniqueId] = {
      uniqueId: node.uniqueId,
      name: node.name,
      resourceType: 'model',
      file: node.file,
      materialized: node.materialized,
      compiledSql,
    };
  };
  if (isMicrobatch(node.config)) {
    const outcome = await buildMicrobatch(ctx, state, node, result, describe(node));
    record(result.compiledSql ?? '');
    return outcome;
  }
  const results = new Map<string, StoredResult>();
  const compiled = await compileModel(state, node, undefined, results);
  const hooks = await compileHooks(state, node, compiled.isIncremental, results);
  result.compiledSql = compiled.sql;
  record(compiled.sql);
  let outcome: MaterializeOutcome;
  switch (node.materialized) {
    case 'incremental': {
      const logic = await fullBuildLogic(state, node, compiled);
      outcome = await materializeIncremental(
        ctx.inv,
        state.cache,
        node,
        compiled.sql,
        hooks,
        undefined,
        logic,
      );
      break;
    }
    case 'table':
      outcome = await materializeTable(
        ctx.inv,
        state.cache,
        node,
        compiled.sql,
        hooks,
        logicRecord(compiled.sql),
      );
      break;
    case 'view':
      outcome = await materializeView(ctx.inv, state.cache, node, compiled.sql, hooks);
      break;
    default:
      throw new CompilationError(
        `No materialization '${node.materialized}' was found for adapter duckdb! (searched types 'default' and 'duckdb')`,
      );
  }
  result.message = outcome.status;
  result.rows = outcome.rows;
  if (outcome.reads) result.reads = outcome.reads;
  if (outcome.window) result.window = outcome.window;
  if (node.materialized === 'incremental') result.incremental = outcome.incremental;
  if (outcome.warnings) result.logicChanged = true;
  return {
    ok: `OK created ${describe(node)}`,
    status: outcome.status,
    ...(outcome.warnings && { warnings: outcome.warnings }),
  };
}

/**
 * The model's full-build SQL for the logic-change guard: the SQL just compiled when this run builds
 * from scratch, else the first-build branch rendered too (undefined when it cannot be).
 */
async function fullBuildLogic(
  state: CompileState,
  node: ModelNode,
  compiled: { sql: string; isIncremental: boolean },
): Promise<string | undefined> {
  if (!compiled.isIncremental) return logicRecord(compiled.sql);
  try {
    return logicRecord((await compileModel(state, node, 'first', new Map())).sql);
  } catch {
    return undefined;
  }
}

async function buildSeed(
  ctx: ExecuteContext,
  state: CompileState,
  node: SeedNode,
  result: NodeResult,
) {
  const outcome = await loadSeed(ctx.inv.connection, state.cache, node, ctx.inv.fullRefresh);
  result.message = outcome.status;
  result.rows = outcome.rows;
  return { ok: `OK loaded ${describe(node)}`, status: outcome.status };
}

async function buildTest(
  ctx: ExecuteContext,
  state: CompileState,
  node: TestNode,
  result: NodeResult,
) {
  const sql = await compileTest(state, node);
  result.compiledSql = sql;
  ctx.compiled[node.uniqueId] = {
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: 'test',
    file: node.file,
    compiledSql: sql,
  };
  const outcome = await runTest(state, node, sql);
  result.failures = outcome.failures;
  result.status = outcome.status;
  if (outcome.status === 'pass') {
    result.message = 'PASS';
    return { ok: `PASS ${node.name}`, status: 'PASS' };
  }
  const word = outcome.status === 'warn' ? 'WARN' : 'FAIL';
  const rule =
    outcome.status === 'warn'
      ? `warn if ${String(node.config.warn_if ?? '!= 0')}`
      : `fail if ${String(node.config.error_if ?? '!= 0')}`;
  result.message = `Got ${outcome.failures} result${outcome.failures === 1 ? '' : 's'}, configured to ${rule}`;
  return { ok: `${word} ${outcome.failures} ${node.name}`, status: `${word} ${outcome.failures}` };
}

export async function executeNodes(ctx: ExecuteContext, ids: string[]): Promise<NodeResult[]> {
  const results: NodeResult[] = [];
  const broken = new Set<string>();
  let stopAll = false;
  const total = ids.length;
  for (const [index, id] of ids.entries()) {
    const node = ctx.manifest.nodes.get(id) as ExecutableNode;
    const position = index + 1;
    const result: NodeResult = {
      uniqueId: node.uniqueId,
      name: node.name,
      resourceType: node.resourceType,
      materialized: node.resourceType === 'model' ? node.materialized : undefined,
      status: 'success',
      message: '',
      timingMs: 0,
    };
    results.push(result);
    const upstreamBroken = [...ctx.graph.ancestors(id)].some((a) => broken.has(a));
    if (stopAll || upstreamBroken) {
      broken.add(id);
      result.status = 'skipped';
      result.message = 'SKIP';
      const what =
        node.resourceType === 'test'
          ? `test ${node.name}`
          : `relation ${node.relation.displayName()}`;
      ctx.log.progress(position, total, `SKIP ${what}`, 'SKIP');
      continue;
    }
    ctx.log.progress(position, total, `START ${describe(node)}`, 'RUN');
    const started = performance.now();
    try {
      const state: CompileState = {
        inv: ctx.inv,
        manifest: ctx.manifest,
        cache: await RelationCache.load(ctx.inv.connection, ctx.inv.database),
      };
      const done: NodeDone =
        node.resourceType === 'model'
          ? await buildModel(ctx, state, node, result)
          : node.resourceType === 'seed'
            ? await buildSeed(ctx, state, node, result)
            : await buildTest(ctx, state, node, result);
      result.timingMs = performance.now() - started;
      ctx.log.progress(position, total, done.ok, `${done.status} in ${seconds(result.timingMs)}s`);
      for (const warning of done.warnings ?? []) ctx.log.line(warning);
      if (done.partial) result.status = 'partial';
      if (result.status === 'fail') {
        broken.add(id);
        if (ctx.failFast) stopAll = true;
      }
    } catch (error) {
      result.timingMs = performance.now() - started;
      const { message, info } = describeNodeError(
        withMissingModelHint(error, ctx.manifest, node.name),
        node,
      );
      result.status = 'error';
      result.message = message;
      result.error = info;
      broken.add(id);
      const verb =
        node.resourceType === 'test' ? `ERROR ${node.name}` : `ERROR creating ${describe(node)}`;
      ctx.log.progress(position, total, verb, `ERROR in ${seconds(result.timingMs)}s`);
      if (ctx.failFast || error instanceof QueryCancelledError) stopAll = true;
    }
  }
  return results;
}
