/**
 * The lab's dbt engine: a dbt subset with dbt-duckdb's semantics, over the `Connection` interface so
 * the same code runs in the browser worker and in Node. See README.md beside this file for what it
 * covers and where it deliberately differs from dbt-duckdb.
 */
import { compileModel as compileModelNode, isIncrementalFor, type CompileState } from './compile';
import { ProjectError } from './errors';
import type { NodeConfig } from './project/config';
import { RelationCache } from './relation-cache';
import { prepare } from './run/setup';
import type { DbtOptions } from './types';

export { parseArgs, USAGE, type ParsedCommand, type CommandName } from './args';
export { runDbt } from './run/runner';
export { loadProject, type Project } from './project/load-project';
export { ProjectError, JinjaError, CompilationError, UsageError } from './errors';
export { snowflakeBridgeSql, rewriteSnowflake, snowflakeHint } from './snowflake-bridge';
export type * from './types';

export interface ModelBranches {
  /** The SQL of a first build / full refresh (`is_incremental()` false). */
  firstBuildSql: string;
  /** The incremental branch (`is_incremental()` true), for incremental models only. */
  incrementalSql: string | null;
  /**
   * Why the incremental branch could not be compiled now, e.g. it runs a query on `this`
   * (`run_query('select max(…) from ' ~ this)`) and the table does not exist before the first build.
   */
  incrementalError: string | null;
  config: NodeConfig;
  /** Which branch `dbt run` would take now, given what exists in the database. */
  wouldRunIncremental: boolean;
  /** The relation the model builds, as `{{ this }}` renders it (`"memory"."main"."fct_orders"`). */
  relation: string;
}

function branchError(error: unknown, relation: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/does not exist/.test(message)) {
    return `${message}\n\nThe incremental branch runs a query on ${relation}, which does not exist before the first build: it compiles once the model has been built.`;
  }
  return message;
}

/** Compiles a model both ways, for the workspace's compiled-SQL view. Throws on Jinja errors. */
export async function compileModel(options: DbtOptions, name: string): Promise<ModelBranches> {
  const prepared = await prepare(options, {
    which: 'compile',
    fullRefresh: false,
    cliVars: {},
    log: () => undefined,
  });
  const id = prepared.manifest.refs.get(name);
  const node = id ? prepared.manifest.nodes.get(id) : undefined;
  if (!node || node.resourceType !== 'model')
    throw new ProjectError(`No model named '${name}' in the project`);
  const state: CompileState = {
    inv: prepared.inv,
    manifest: prepared.manifest,
    cache: await RelationCache.load(options.connection, prepared.inv.database),
  };
  // each branch is compiled once: the one a run would take says so, the other is shown beside it
  const wouldRunIncremental = isIncrementalFor(state, node);
  const first = await compileModelNode(state, node, 'first');
  let incrementalSql: string | null = null;
  let incrementalError: string | null = null;
  if (node.materialized === 'incremental') {
    try {
      incrementalSql = (await compileModelNode(state, node, 'incremental')).sql;
    } catch (error) {
      // a run would take this branch: the error is the model's; otherwise it may need the table
      if (wouldRunIncremental) throw error;
      incrementalError = branchError(error, node.relation.displayName());
    }
  }
  return {
    firstBuildSql: first.sql,
    incrementalSql,
    incrementalError,
    config: node.config,
    wouldRunIncremental,
    relation: node.relation.render(),
  };
}
