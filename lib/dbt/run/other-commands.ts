/**
 * dbt's other commands, as the lab answers them: `parse`, `run-operation` and `debug` run for real;
 * `deps`, `clean`, `snapshot`, `docs`, `source` and `init` say what they would do in dbt and why the
 * lab does without (no network, no file system in the browser, another day's subject).
 */
import type { ParsedCommand } from '../args';
import { PROJECT_FILE } from '../project/load-project';
import { NO_PACKAGES_HERE, packageSpecs } from '../project/packages';
import type { DbtOptions, DbtResult } from '../types';
import type { RunLog } from './log';

function done(log: RunLog, exitCode: 0 | 1 | 2): DbtResult {
  return { exitCode, log: log.lines, results: [] };
}

function lines(log: RunLog, text: string): void {
  for (const line of text.split('\n')) log.line(line);
}

/** A command the lab cannot carry out: exit 1, the reason logged (and kept for --quiet). */
function unavailable(log: RunLog, text: string): DbtResult {
  lines(log, text);
  return { exitCode: 1, log: log.lines, results: [], errorText: text };
}

export function runDeps(options: DbtOptions, log: RunLog): DbtResult {
  const specs = packageSpecs(options.files);
  if (!specs || specs.packages.length === 0) {
    log.line('Warning: No packages were found in packages.yml');
    return done(log, 0);
  }
  const asked = specs.packages.map((p) => `  - ${p.name}${p.version ? ` (${p.version})` : ''}`);
  return unavailable(log, `${specs.file} asks for:\n${asked.join('\n')}\n\n${NO_PACKAGES_HERE}`);
}

/** In the browser there is no target/ or dbt_packages/ folder (the CLI cleans real folders). */
export function runCleanInLab(log: RunLog): DbtResult {
  lines(
    log,
    'Nothing to clean: the lab keeps no target/ or dbt_packages/ folder. The database lives in this page; "Reset data" above the terminal starts it again.',
  );
  return done(log, 0);
}

export function runSnapshot(options: DbtOptions, log: RunLog): DbtResult {
  const snapshots = Object.entries(options.files).filter(
    ([path, text]) => path.startsWith('snapshots/') && /\{%-?\s*snapshot\s/.test(text),
  );
  if (snapshots.length === 0) {
    log.line('Nothing to do. Try checking your model configs and model specification args');
    return done(log, 0);
  }
  return unavailable(
    log,
    `dbt snapshot is not available in this lab (found ${snapshots.map(([p]) => p).join(', ')}). Snapshots keep a row's history with dbt_valid_from / dbt_valid_to and are Day 10's subject; the Day 11 lab works on fct_orders only. Run them with dbt-duckdb on your machine.`,
  );
}

export function runDocs(command: ParsedCommand, log: RunLog): DbtResult {
  const sub = command.positional[0] ?? 'generate';
  return unavailable(
    log,
    `dbt docs ${sub} is not available in this lab: it writes a static site (target/index.html, catalog.json) for a browser to open from a file or a local server. The lab's Lineage tab shows the project's DAG, and the Compiled SQL tab each model's SQL.`,
  );
}

export function runSource(command: ParsedCommand, log: RunLog): DbtResult {
  return unavailable(
    log,
    `dbt source ${command.positional[0] ?? 'freshness'} is not available in this lab: freshness compares a source's loaded_at_field with the warehouse clock, and the lab's data arrives through the timeline buttons, not a loader.`,
  );
}

export function runInit(log: RunLog): DbtResult {
  return unavailable(
    log,
    "dbt init is not available in this lab: it creates a new project folder and a profile, and the lab's project already exists (its files are in the tree on the left).",
  );
}

export interface DebugInfo {
  duckdbVersion: string;
  database: string;
  schema: string;
  /** Where the profile came from: a profiles.yml path, or the lab's built-in one. */
  profile: string;
  path?: string;
}

/** `dbt debug`: the project and the connection checked, in dbt's layout. */
export function runDebug(
  options: DbtOptions,
  log: RunLog,
  info: DebugInfo,
  projectProblem: string | null,
): DbtResult {
  const ok = (what: string) => `  ${what} [OK found and valid]`;
  lines(
    log,
    [
      "dbt version: the lab's dbt engine (dbt-core 1.10 semantics, dbt-duckdb adapter)",
      `adapter type: duckdb`,
      `adapter version: DuckDB ${info.duckdbVersion}`,
      'Configuration:',
      ok(`profiles.yml file (${info.profile})`),
      projectProblem ? `  ${PROJECT_FILE} file [ERROR invalid]` : ok(`${PROJECT_FILE} file`),
      '',
      'Connection:',
      `  database: ${info.database}`,
      `  schema: ${info.schema}`,
      ...(info.path ? [`  path: ${info.path}`] : []),
      `Registered adapter: duckdb=${info.duckdbVersion}`,
      '  Connection test: [OK connection ok]',
      '',
    ].join('\n'),
  );
  if (projectProblem) {
    return unavailable(
      log,
      `1 check failed:\nProject loading failed for the following reason:\n${projectProblem}`,
    );
  }
  log.line('All checks passed!');
  return done(log, 0);
}
