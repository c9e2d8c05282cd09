/**
 * Node only: the `dbt` command line (`npm run -s dbt -- [--quiet] <command> [flags] --project-dir DIR`),
 * as a function so tests can run it in-process. State lives in a DuckDB file between invocations;
 * for the course project the Olist tables are loaded on first use.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { parseArgs, USAGE, type ParsedCommand } from '../args';
import { UsageError } from '../errors';
import { readProjectFiles } from '../project-files.node';
import { runDbt } from '../run/runner';
import type { DbtResult } from '../types';
import { cleanProject } from './clean.node';
import { ensureCourseData } from './course-data.node';
import { resolveProfile } from './profile.node';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Working directory for relative paths (`--project-dir`, `data/raw/`); process.cwd() by default. */
  cwd?: string;
  /** Scale of generated course data when no real CSVs are found (1 by default; tests use less). */
  dataScale?: number;
}

/** Commands that neither read nor build tables: no course data is loaded for them. */
const NO_DATA_COMMANDS = new Set<ParsedCommand['command']>([
  'ls',
  'parse',
  'deps',
  'docs',
  'source',
  'init',
  'debug',
]);

function quietOutput(command: ParsedCommand, result: DbtResult, io: CliIo): void {
  if (command.command === 'show' && result.show) {
    if (command.output === 'json') io.stdout(JSON.stringify({ show: result.show.rows }));
    return;
  }
  if (command.command === 'ls' && result.listed) {
    for (const line of result.listed) io.stdout(line);
    return;
  }
  if (
    command.command === 'compile' &&
    result.compiled &&
    command.select.length + (command.inline ? 1 : 0) > 0
  ) {
    for (const node of Object.values(result.compiled))
      if (node.resourceType === 'model') io.stdout(node.compiledSql);
  }
}

/** With --quiet, failures still reach stderr, worded as the log words them. */
function reportFailures(result: DbtResult, io: CliIo): void {
  if (result.errorText) io.stderr(result.errorText);
  else if (result.error) io.stderr(result.error.message);
  for (const r of result.results) {
    if (r.status === 'error') io.stderr(r.message);
    else if (r.status === 'fail' || r.status === 'partial') {
      io.stderr(`Failure in ${r.resourceType} ${r.name}\n  ${r.message}`);
    }
  }
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed instanceof UsageError) {
    io.stderr(parsed.message);
    return 2;
  }
  if (parsed.command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  const cwd = io.cwd ?? process.cwd();
  const projectDir = path.resolve(cwd, parsed.projectDir ?? '.');
  let files;
  try {
    files = await readProjectFiles(projectDir);
  } catch {
    io.stderr(
      `Runtime Error\n  No dbt_project.yml found at expected path ${path.join(projectDir, 'dbt_project.yml')}`,
    );
    return 2;
  }
  if (!files['dbt_project.yml']) {
    io.stderr(
      `Runtime Error\n  No dbt_project.yml found at expected path ${path.join(projectDir, 'dbt_project.yml')}\n  Verify that each entry within --project-dir contains a valid dbt project.`,
    );
    return 2;
  }
  if (parsed.command === 'clean') return cleanProject(projectDir, files, (line) => io.stdout(line));
  let profile;
  try {
    profile = resolveProfile(
      projectDir,
      parsed.profilesDir ? path.resolve(cwd, parsed.profilesDir) : undefined,
      parsed.target,
    );
  } catch (error) {
    io.stderr((error as Error).message);
    return 2;
  }
  if (profile.path !== ':memory:') await mkdir(path.dirname(profile.path), { recursive: true });
  const connection = await openNodeConnection({ path: profile.path });
  try {
    const log = (line: string) => {
      if (!parsed.quiet) io.stdout(line);
    };
    const clock = NO_DATA_COMMANDS.has(parsed.command)
      ? undefined
      : await ensureCourseData(connection, files, cwd, log, io.dataScale);
    const result = await runDbt(parsed, {
      connection,
      files,
      schema: profile.schema,
      targetName: profile.targetName,
      targetExtras: { path: profile.path },
      profileFile: profile.file ?? 'none found: the CLI keeps its database in target/dbt.duckdb',
      clock,
      onLog: log,
    });
    if (parsed.quiet) {
      quietOutput(parsed, result, io);
      if (result.exitCode !== 0) reportFailures(result, io);
    }
    return result.exitCode;
  } catch (error) {
    io.stderr(`Unhandled error: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await connection.close();
  }
}
