/**
 * Everything before the first node: read the project, find the target database, create the
 * Snowflake bridge macros and the lab clock, parse the project into a manifest and check its DAG.
 */
import { labClockSql } from '@/lib/data/lab-clock';
import { JinjaError, ProjectError } from '../errors';
import { Graph } from '../graph';
import type { Invocation } from '../invocation';
import { buildManifest } from '../manifest/build-manifest';
import type { Manifest } from '../manifest/nodes';
import { loadProject } from '../project/load-project';
import { checkPackagesInstalled } from '../project/packages';
import { snowflakeBridgeSql } from '../snowflake-bridge';
import type { DbtOptions } from '../types';

export interface Prepared {
  inv: Invocation;
  manifest: Manifest;
  graph: Graph;
}

function randomId(): string {
  const hex = () =>
    Math.floor(Math.random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-${hex()}-${hex()}${hex()}${hex()}`;
}

/** The lab clock as a UTC Date (`run_started_at` follows it in the lab). */
export function clockDate(clock: string): Date {
  return new Date(`${clock.replace(' ', 'T')}Z`);
}

export async function prepareConnection(options: DbtOptions): Promise<string> {
  const { connection } = options;
  for (const sql of snowflakeBridgeSql()) await connection.exec(sql);
  if (options.clock) for (const sql of labClockSql(options.clock)) await connection.exec(sql);
  if (options.databaseName) return options.databaseName;
  const result = await connection.query<{ db: string }>('select current_database() as db');
  return result.rows[0]!.db;
}

export interface InvocationFlags {
  which: string;
  fullRefresh: boolean;
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
  cliVars: Record<string, unknown>;
  log: (line: string) => void;
}

/** Reads and parses the project; ProjectError (exit code 2) for anything that makes it unusable. */
export async function prepare(options: DbtOptions, flags: InvocationFlags): Promise<Prepared> {
  checkPackagesInstalled(options.files);
  const project = loadProject(options.files);
  const database = await prepareConnection(options);
  const wallClock = options.now ?? (() => new Date());
  const start = wallClock();
  const now = options.clock ? () => clockDate(options.clock!) : wallClock;
  const schema = options.schema ?? 'main';
  const targetName = options.targetName ?? 'dev';
  const inv: Invocation = {
    project,
    connection: options.connection,
    database,
    schema,
    targetName,
    target: {
      name: targetName,
      target_name: targetName,
      schema,
      database,
      type: 'duckdb',
      threads: 1,
      profile_name: project.profile ?? project.name,
      ...options.targetExtras,
    },
    cliVars: { ...(options.vars ?? {}), ...flags.cliVars },
    runStartedAt: options.clock ? clockDate(options.clock) : start,
    now,
    wallClock,
    fullRefresh: flags.fullRefresh,
    eventTimeStart: flags.eventTimeStart,
    eventTimeEnd: flags.eventTimeEnd,
    profile: options.profile ?? false,
    which: flags.which,
    invocationId: randomId(),
    log: flags.log,
    ...(options.modelConfig && { modelConfig: options.modelConfig }),
    ...(options.onStatement && { onStatement: options.onStatement }),
    ...(options.windowColumn && { windowColumn: options.windowColumn }),
  };
  let manifest: Manifest;
  try {
    manifest = await buildManifest(inv);
  } catch (error) {
    if (error instanceof JinjaError) {
      throw new ProjectError(
        `Compilation Error\n  ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}`,
        error.file,
        error.line,
        'jinja',
      );
    }
    throw error;
  }
  const graph = Graph.fromManifest(manifest);
  graph.assertAcyclic();
  return { inv, manifest, graph };
}
