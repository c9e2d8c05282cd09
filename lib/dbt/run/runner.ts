/**
 * `runDbt`: one dbt invocation — parse the project, select nodes, run the command, write the log.
 * Exit codes as dbt: 0 success, 1 a node or test failed, 2 a bad invocation or unparseable project.
 */
import type { ParsedCommand } from '../args';
import { USAGE } from '../args';
import { CompilationError, JinjaError, ProjectError, UsageError } from '../errors';
import type { ExecutableNode, ManifestNode } from '../manifest/nodes';
import { selectNodes } from '../selector';
import type { DbtOptions, DbtResult, NodeResult } from '../types';
import { executeNodes, type ExecuteContext } from './execute-nodes';
import { RunLog, writeSummary } from './log';
import { runCompile, runList, runShow } from './preview';
import { callOperation } from '../compile';
import { RelationCache } from '../relation-cache';
import { describeNodeError } from './node-errors';
import {
  runCleanInLab,
  runDebug,
  runDeps,
  runDocs,
  runInit,
  runSnapshot,
  runSource,
} from './other-commands';
import { prepare, type Prepared } from './setup';

function failure(log: RunLog, error: ProjectError | UsageError | Error): DbtResult {
  const info =
    error instanceof ProjectError
      ? error.info()
      : { kind: 'config' as const, message: error.message };
  const text =
    error instanceof ProjectError && !/^(Compilation|Parsing) Error/.test(error.message)
      ? `Runtime Error\n  ${error.message}`
      : error.message;
  log.line(text);
  return { exitCode: 2, log: log.lines, results: [], error: info, errorText: text };
}

const RESOURCE_TYPES: Record<string, ManifestNode['resourceType'][]> = {
  run: ['model'],
  seed: ['seed'],
  test: ['test'],
  build: ['seed', 'model', 'test'],
  compile: ['model', 'test'],
  show: ['model', 'seed'],
  ls: ['model', 'seed', 'test', 'source'],
};

function foundLine(prepared: Prepared): string {
  const counts = { model: 0, seed: 0, test: 0, source: 0 };
  for (const node of prepared.manifest.nodes.values()) counts[node.resourceType]++;
  const parts = [
    `${counts.model} model${counts.model === 1 ? '' : 's'}`,
    counts.test ? `${counts.test} data test${counts.test === 1 ? '' : 's'}` : '',
    counts.seed ? `${counts.seed} seed${counts.seed === 1 ? '' : 's'}` : '',
    counts.source ? `${counts.source} source${counts.source === 1 ? '' : 's'}` : '',
    `${prepared.inv.project.macros.size} macros`,
  ].filter(Boolean);
  return `Found ${parts.join(', ')}`;
}

/** The nodes a command runs, in DAG order (the selection already holds the selected nodes' tests). */
function nodesToRun(prepared: Prepared, command: ParsedCommand, selected: Set<string>): string[] {
  const { manifest, graph } = prepared;
  const types =
    command.resourceTypes.length > 0 && command.command === 'build'
      ? command.resourceTypes
      : RESOURCE_TYPES[command.command]!;
  const ids = new Set<string>();
  for (const id of selected) {
    const node = manifest.nodes.get(id)!;
    if (!types.includes(node.resourceType)) continue;
    if (node.resourceType === 'model' && node.materialized === 'ephemeral') continue;
    ids.add(id);
  }
  if (command.command === 'build') {
    // dbt build runs a model's tests before its children, and a failing test skips them
    for (const id of ids) {
      const node = manifest.nodes.get(id)!;
      if (node.resourceType !== 'test') continue;
      for (const parent of node.dependsOn) {
        for (const child of graph.children.get(parent) ?? []) {
          const c = manifest.nodes.get(child);
          if (!c || c.resourceType === 'test' || node.dependsOn.includes(child)) continue;
          // a child that also feeds another of the test's parents must not wait for the test
          if (node.dependsOn.some((p) => graph.ancestors(p).has(child))) continue;
          graph.addEdge(id, child);
        }
      }
    }
  }
  return graph.order(ids);
}

/** The commands answered before (or instead of) parsing the project. */
async function answerWithoutParsing(
  command: ParsedCommand,
  options: DbtOptions,
  log: RunLog,
): Promise<DbtResult | undefined> {
  switch (command.command) {
    case 'deps':
      return runDeps(options, log);
    case 'clean':
      return runCleanInLab(log);
    case 'docs':
      return runDocs(command, log);
    case 'source':
      return runSource(command, log);
    case 'init':
      return runInit(log);
    case 'debug': {
      let problem: string | null = null;
      let database = options.databaseName ?? 'memory';
      try {
        database = (
          await prepare(options, {
            which: 'debug',
            fullRefresh: false,
            cliVars: command.vars,
            log: () => undefined,
          })
        ).inv.database;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      const version = await options.connection.query<{ v: string }>('select version() as v');
      return runDebug(
        options,
        log,
        {
          duckdbVersion: String(version.rows[0]?.v ?? 'unknown'),
          database,
          schema: options.schema ?? 'main',
          profile: options.profileFile ?? "the lab's built-in profile",
          path:
            typeof options.targetExtras?.path === 'string' ? options.targetExtras.path : undefined,
        },
        problem,
      );
    }
    default:
      return undefined;
  }
}

async function runOperation(
  prepared: Prepared,
  command: ParsedCommand,
  log: RunLog,
): Promise<DbtResult> {
  const written = command.positional[0];
  if (!written) {
    return failure(
      log,
      new UsageError(
        "dbt run-operation needs a macro: dbt run-operation my_macro --args '{name: value}'",
      ),
    );
  }
  const project = prepared.inv.project;
  const [pkg, name] = written.includes('.')
    ? (written.split('.', 2) as [string, string])
    : [null, written];
  const macro = pkg === null || pkg === project.name ? project.macros.get(name) : undefined;
  if (!macro) {
    const where = pkg === null ? 'in any package' : `in the "${pkg}" package`;
    log.line(
      `Encountered an error while running operation: Runtime Error\n  dbt could not find a macro with the name "${name}" ${where}`,
    );
    return { exitCode: 1, log: log.lines, results: [] };
  }
  const state = {
    inv: prepared.inv,
    manifest: prepared.manifest,
    cache: await RelationCache.load(prepared.inv.connection, prepared.inv.database),
  };
  try {
    await callOperation(state, macro, command.args);
  } catch (error) {
    const { message } = describeNodeError(error, { resourceType: 'macro', name, file: macro.file });
    const text = `Encountered an error while running operation: ${message}`;
    log.line(text);
    return { exitCode: 1, log: log.lines, results: [], errorText: text };
  }
  return { exitCode: 0, log: log.lines, results: [] };
}

export async function runDbt(command: ParsedCommand, options: DbtOptions): Promise<DbtResult> {
  const wallClock = options.now ?? (() => new Date());
  const log = new RunLog(wallClock, options.onLog);
  if (command.command === 'help') {
    for (const line of USAGE.split('\n')) log.line(line);
    return { exitCode: 0, log: log.lines, results: [] };
  }
  const early = await answerWithoutParsing(command, options, log);
  if (early) return early;
  const started = performance.now();
  let prepared: Prepared;
  try {
    prepared = await prepare(options, {
      which: command.command,
      fullRefresh: command.fullRefresh,
      eventTimeStart: command.eventTimeStart,
      eventTimeEnd: command.eventTimeEnd,
      cliVars: command.vars,
      log: (line) => log.line(line),
    });
  } catch (error) {
    if (error instanceof ProjectError || error instanceof UsageError) return failure(log, error);
    throw error;
  }
  log.line(foundLine(prepared));
  if (command.command === 'parse') return { exitCode: 0, log: log.lines, results: [] };
  if (command.command === 'snapshot') return runSnapshot(options, log);
  if (command.command === 'run-operation') return runOperation(prepared, command, log);
  let selection;
  try {
    selection = selectNodes(prepared.manifest, prepared.graph, command.select, command.exclude);
  } catch (error) {
    if (error instanceof UsageError) return failure(log, error);
    throw error;
  }
  for (const warning of selection.warnings) log.line(`[WARNING]: ${warning}`);

  try {
    if (command.command === 'show')
      return await runShow(prepared, command, selection.selected, log);
    if (command.command === 'compile')
      return await runCompile(prepared, command, selection.selected, log);
    if (command.command === 'ls') return runList(prepared, command, selection.selected, log);
  } catch (error) {
    if (error instanceof UsageError) return failure(log, error);
    if (error instanceof JinjaError || error instanceof CompilationError) {
      const text =
        error instanceof JinjaError
          ? `Compilation Error\n  ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}`
          : `Compilation Error\n  ${error.message}`;
      log.line(text);
      return { exitCode: 1, log: log.lines, results: [], errorText: text };
    }
    throw error;
  }

  const ids = nodesToRun(prepared, command, selection.selected);
  if (ids.length === 0) {
    log.line();
    log.line('Nothing to do. Try checking your model configs and model specification args');
    return { exitCode: 0, log: log.lines, results: [] };
  }
  log.line();
  log.line(`Concurrency: 1 threads (target='${prepared.inv.targetName}')`);
  log.line();
  const ctx: ExecuteContext = {
    inv: prepared.inv,
    manifest: prepared.manifest,
    graph: prepared.graph,
    log,
    failFast: command.failFast,
    compiled: {},
  };
  const results: NodeResult[] = await executeNodes(ctx, ids);
  const files = new Map<string, string>();
  for (const id of ids) files.set(id, (prepared.manifest.nodes.get(id) as ExecutableNode).file);
  writeSummary(log, results, files, performance.now() - started);
  const failed = results.some(
    (r) => r.status === 'error' || r.status === 'fail' || r.status === 'partial',
  );
  return { exitCode: failed ? 1 : 0, log: log.lines, results, compiled: ctx.compiled };
}
