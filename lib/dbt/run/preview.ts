/**
 * The commands that build nothing: `show` (preview rows of a node or an inline query), `compile`
 * (compiled SQL) and `ls` (list resources).
 */
import type { ParsedCommand } from '../args';
import { compileInline, compileModel, type CompileState } from '../compile';
import { UsageError } from '../errors';
import type { ManifestNode } from '../manifest/nodes';
import { checkedSql, stripTrailingSemicolon, toNodeError } from '../materialize/sql';
import { RelationCache } from '../relation-cache';
import { compileTest } from '../tests/run-test';
import type { CompiledNode, DbtResult } from '../types';
import { formatTable, type RunLog } from './log';
import { describeNodeError } from './node-errors';
import type { Prepared } from './setup';

async function compileState(prepared: Prepared): Promise<CompileState> {
  return {
    inv: prepared.inv,
    manifest: prepared.manifest,
    cache: await RelationCache.load(prepared.inv.connection, prepared.inv.database),
  };
}

function pickOne(
  prepared: Prepared,
  selected: Set<string>,
  types: string[],
  command: string,
): ManifestNode {
  const nodes = [...selected]
    .map((id) => prepared.manifest.nodes.get(id)!)
    .filter((n) => types.includes(n.resourceType));
  if (nodes.length !== 1) {
    const names = nodes.map((n) => n.name).join(', ');
    throw new UsageError(
      nodes.length === 0
        ? `dbt ${command} needs a node: use -s <model> or --inline "<sql>".`
        : `dbt ${command} previews one node at a time; the selection matches ${nodes.length}: ${names}`,
    );
  }
  return nodes[0]!;
}

export async function runShow(
  prepared: Prepared,
  command: ParsedCommand,
  selected: Set<string>,
  log: RunLog,
): Promise<DbtResult> {
  const state = await compileState(prepared);
  let sql: string;
  let title: string;
  let label: { resourceType: string; name: string; file: string };
  if (command.inline !== undefined) {
    sql = await compileInline(state, command.inline);
    title = 'Previewing inline node:';
    label = { resourceType: 'sql_operation', name: 'inline_query', file: 'inline query' };
  } else {
    if (command.select.length === 0)
      throw new UsageError('dbt show needs a node: use -s <model> or --inline "<sql>".');
    const node = pickOne(prepared, selected, ['model', 'seed'], 'show');
    if (node.resourceType === 'seed') sql = `select * from ${node.relation.render()}`;
    else if (node.resourceType === 'model') sql = (await compileModel(state, node)).sql;
    else throw new UsageError('dbt show previews models and seeds');
    title = `Previewing node '${node.name}':`;
    label = node as { resourceType: string; name: string; file: string };
  }
  try {
    // a model's `;` fails as it does in a run; an inline query may end with one
    const body =
      label.resourceType === 'model' ? checkedSql(sql, label) : stripTrailingSemicolon(sql);
    const limited =
      command.limit >= 0
        ? `select * from (\n${body}\n) as model_limit_subq limit ${command.limit}`
        : body;
    const result = await prepared.inv.connection.query(limited);
    const show = { columns: result.columns, rows: result.rows };
    if (command.output === 'json') {
      log.line(JSON.stringify({ node: label.name, show: result.rows }, null, 2));
    } else {
      log.line(title);
      for (const line of formatTable(
        result.columns.map((c) => c.name),
        result.rows,
      ))
        log.line(line);
    }
    return { exitCode: 0, log: log.lines, results: [], show };
  } catch (error) {
    // the preview wraps the SQL in one line (`select * from (`) when it has a limit
    const described = describeNodeError(toNodeError(error, command.limit >= 0 ? 1 : 0), label);
    log.line(described.message);
    return {
      exitCode: 1,
      log: log.lines,
      results: [],
      error: described.info,
      errorText: described.message,
    };
  }
}

export async function runCompile(
  prepared: Prepared,
  command: ParsedCommand,
  selected: Set<string>,
  log: RunLog,
): Promise<DbtResult> {
  const state = await compileState(prepared);
  if (command.inline !== undefined) {
    const sql = await compileInline(state, command.inline);
    log.line('Compiled inline node is:');
    log.line(sql);
    const compiled: CompiledNode = {
      uniqueId: 'sql_operation.inline_query',
      name: 'inline_query',
      resourceType: 'model',
      file: 'inline query',
      compiledSql: sql,
    };
    return {
      exitCode: 0,
      log: log.lines,
      results: [],
      compiled: { [compiled.uniqueId]: compiled },
    };
  }
  const compiled: Record<string, CompiledNode> = {};
  const nodes = [...selected]
    .map((id) => prepared.manifest.nodes.get(id)!)
    .filter((n) => n.resourceType === 'model' || n.resourceType === 'test');
  for (const node of nodes) {
    if (node.resourceType !== 'model' && node.resourceType !== 'test') continue;
    try {
      const sql =
        node.resourceType === 'model'
          ? (await compileModel(state, node)).sql
          : await compileTest(state, node);
      compiled[node.uniqueId] = {
        uniqueId: node.uniqueId,
        name: node.name,
        resourceType: node.resourceType,
        file: node.file,
        materialized: node.resourceType === 'model' ? node.materialized : undefined,
        compiledSql: sql,
      };
    } catch (error) {
      const described = describeNodeError(error, node);
      log.line(described.message);
      return {
        exitCode: 1,
        log: log.lines,
        results: [],
        compiled,
        error: described.info,
        errorText: described.message,
      };
    }
  }
  const models = Object.values(compiled).filter((c) => c.resourceType === 'model');
  if (command.select.length > 0 && models.length === 1) {
    log.line(`Compiled node '${models[0]!.name}' is:`);
    log.line(models[0]!.compiledSql);
  }
  return { exitCode: 0, log: log.lines, results: [], compiled };
}

export function runList(
  prepared: Prepared,
  command: ParsedCommand,
  selected: Set<string>,
  log: RunLog,
): DbtResult {
  const types =
    command.resourceTypes.length > 0 ? command.resourceTypes : ['model', 'seed', 'test', 'source'];
  const nodes = [...selected]
    .map((id) => prepared.manifest.nodes.get(id)!)
    .filter((n) => types.includes(n.resourceType))
    .sort((a, b) => a.uniqueId.localeCompare(b.uniqueId));
  const listed = nodes.map((node) => {
    switch (command.output) {
      case 'name':
        return node.name;
      case 'path':
        return node.file;
      case 'json':
        return JSON.stringify({
          name: node.name,
          resource_type: node.resourceType,
          unique_id: node.uniqueId,
          original_file_path: node.file,
          config: node.config,
          depends_on: { nodes: node.dependsOn },
        });
      default:
        return node.resourceType === 'source' ? `source:${node.fqn.join('.')}` : node.fqn.join('.');
    }
  });
  for (const line of listed) log.line(line);
  return { exitCode: 0, log: log.lines, results: [], listed };
}
