/**
 * The lab's dbt engine: a dbt subset with dbt-duckdb's semantics, over the `Connection` interface so
 * the same code runs in the browser worker and in Node. See README.md beside this file for what it
 * covers and where it deliberately differs from dbt-duckdb.
 */
import { compileModel as compileModelNode, type CompileState } from './compile';
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
  config: NodeConfig;
  /** Which branch `dbt run` would take now, given what exists in the database. */
  wouldRunIncremental: boolean;
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
  const first = await compileModelNode(state, node, 'first');
  const incremental =
    node.materialized === 'incremental' ? await compileModelNode(state, node, 'incremental') : null;
  const current = await compileModelNode(state, node);
  return {
    firstBuildSql: first.sql,
    incrementalSql: incremental?.sql ?? null,
    config: node.config,
    wouldRunIncremental: current.isIncremental,
  };
}
