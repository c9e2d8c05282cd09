/**
 * dbt-style command lines, shared by the CLI and the lab's terminal:
 * `[--quiet] <command> [-s sel …] [--exclude sel …] [--full-refresh] [--vars '{…}'] …`.
 */
import YAML from 'yaml';
import { UsageError } from './errors';
import { parseInstant } from './materialize/microbatch';

export const COMMANDS = [
  'run',
  'build',
  'test',
  'seed',
  'compile',
  'show',
  'ls',
  'parse',
  'run-operation',
  'debug',
  'deps',
  'clean',
  'snapshot',
  'docs',
  'source',
  'init',
  'help',
] as const;

/** Commands that take words after them: `run-operation <macro>`, `docs generate`, `source freshness`. */
const POSITIONAL: Partial<Record<CommandName, number>> = {
  'run-operation': 1,
  docs: 1,
  source: 1,
  init: 1,
};
export type CommandName = (typeof COMMANDS)[number];

export interface ParsedCommand {
  command: CommandName;
  select: string[];
  exclude: string[];
  fullRefresh: boolean;
  vars: Record<string, unknown>;
  quiet: boolean;
  projectDir?: string;
  profilesDir?: string;
  target?: string;
  /** `show --limit`; -1 means no limit. */
  limit: number;
  inline?: string;
  output: 'text' | 'json' | 'name' | 'path' | 'selector';
  resourceTypes: string[];
  failFast: boolean;
  /** Microbatch: the window to build (`--event-time-start` / `--event-time-end`). */
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
  /** Words after the command (`run-operation`'s macro name, `docs generate`). */
  positional: string[];
  /** `run-operation --args '{…}'`. */
  args: Record<string, unknown>;
}

export const USAGE = `Usage: dbt [--quiet] <command> [options]

Commands:
  run        build the selected models
  build      seeds, models and tests, in DAG order
  test       run data tests
  seed       load seeds/*.csv
  compile    print compiled SQL
  show       preview a model's or an inline query's rows
  ls         list resources
  parse      read and check the project
  run-operation MACRO   call a macro (--args '{name: value}')
  debug      check the project, the profile and the database
  deps, clean, snapshot, docs, source, init: answered, with why the lab does not need them

Options:
  -s, --select SEL…     node selection (names, +ancestors, descendants+, path:, tag:, source:)
  --exclude SEL…        nodes to leave out
  -f, --full-refresh    rebuild incremental models and seeds from scratch
  --vars YAML           variables, e.g. --vars '{lookback_days: 3}'
  --inline SQL          (show, compile) a query instead of a node
  --limit N             (show) rows to preview, 5 by default; -1 for all
  --output FORMAT       (show) text|json; (ls) selector|name|path|json
  --resource-type T     (ls, build) model|seed|test|source
  -x, --fail-fast       stop at the first failure
  --event-time-start T  (run, build) microbatch: build batches from T (with --event-time-end)
  --event-time-end T    (run, build) microbatch: build batches up to T, e.g. 2018-08-14
  --project-dir DIR     the dbt project (default .)
  --profiles-dir DIR    where profiles.yml is
  -t, --target NAME     profile target
  -q, --quiet           print nothing but errors (and show's JSON)`;

const VALUE_FLAGS = new Set([
  '--vars',
  '--project-dir',
  '--profiles-dir',
  '--target',
  '-t',
  '--limit',
  '--inline',
  '--output',
  '-o',
  '--threads',
  '--state',
  '--event-time-start',
  '--event-time-end',
  '--args',
]);
const MULTI_FLAGS = new Set([
  '-s',
  '--select',
  '-m',
  '--models',
  '--model',
  '--exclude',
  '--resource-type',
  '--resource-types',
]);

function parseVars(text: string, flag = '--vars'): Record<string, unknown> {
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (error) {
    throw new UsageError(`${flag} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(
      `${flag} must be a YAML dictionary, e.g. ${flag} '{key: value}'; got ${JSON.stringify(value)}`,
    );
  }
  return value as Record<string, unknown>;
}

function defaults(command: CommandName): ParsedCommand {
  return {
    command,
    select: [],
    exclude: [],
    fullRefresh: false,
    vars: {},
    quiet: false,
    limit: 5,
    output: command === 'ls' ? 'selector' : 'text',
    resourceTypes: [],
    failFast: false,
    positional: [],
    args: {},
  };
}

/** Parses argv (without `dbt` itself). Returns a UsageError instead of throwing. */
export function parseArgs(argv: string[]): ParsedCommand | UsageError {
  try {
    return parse(argv);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
}

function splitEquals(argv: string[]): string[] {
  return argv.flatMap((a) => {
    const m = /^(--[\w-]+)=(.*)$/s.exec(a);
    return m ? [m[1]!, m[2]!] : [a];
  });
}

/** dbt's rules for the microbatch window flags: both or neither, start before end. */
function checkEventTimes(out: ParsedCommand): void {
  const { eventTimeStart: start, eventTimeEnd: end } = out;
  if (start && !end) {
    throw new UsageError(
      'When specifying `--event-time-start`, `--event-time-end` must also be present.',
    );
  }
  if (end && !start) {
    throw new UsageError(
      'When specifying `--event-time-end`, `--event-time-start` must also be present.',
    );
  }
  if (start && end && start.getTime() >= end.getTime()) {
    throw new UsageError('Value for `--event-time-start` must be less than `--event-time-end`');
  }
}

function parse(input: string[]): ParsedCommand {
  const argv = splitEquals(input);
  let quiet = false;
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith('-')) {
    const flag = argv[i]!;
    if (flag === '--quiet' || flag === '-q') quiet = true;
    else if (flag === '--help' || flag === '-h') return { ...defaults('help'), quiet };
    else if (flag !== '--no-version-check' && flag !== '--debug' && flag !== '--no-use-colors') {
      throw new UsageError(`No such option: ${flag}\n\n${USAGE}`);
    }
    i++;
  }
  const name = argv[i];
  if (name === undefined) throw new UsageError(`Missing command.\n\n${USAGE}`);
  const command = (name === 'list' ? 'ls' : name) as CommandName;
  if (!COMMANDS.includes(command)) throw new UsageError(`No such command '${name}'.\n\n${USAGE}`);
  const out = { ...defaults(command), quiet };
  i++;
  const wanted = POSITIONAL[command] ?? 0;
  while (out.positional.length < wanted && i < argv.length && !argv[i]!.startsWith('-')) {
    out.positional.push(argv[i++]!);
  }
  while (i < argv.length) {
    const flag = argv[i]!;
    i++;
    if (MULTI_FLAGS.has(flag)) {
      const values: string[] = [];
      while (i < argv.length && !argv[i]!.startsWith('-')) values.push(argv[i++]!);
      if (values.length === 0) throw new UsageError(`Option '${flag}' requires an argument.`);
      if (flag === '--exclude') out.exclude.push(...values);
      else if (flag.startsWith('--resource')) out.resourceTypes.push(...values);
      else out.select.push(...values);
      continue;
    }
    if (VALUE_FLAGS.has(flag)) {
      const value = argv[i];
      if (value === undefined) throw new UsageError(`Option '${flag}' requires an argument.`);
      i++;
      applyValue(out, flag, value);
      continue;
    }
    switch (flag) {
      case '--full-refresh':
      case '-f':
        out.fullRefresh = true;
        break;
      case '--quiet':
      case '-q':
        out.quiet = true;
        break;
      case '--fail-fast':
      case '-x':
        out.failFast = true;
        break;
      case '--help':
      case '-h':
        return { ...defaults('help'), quiet: out.quiet };
      case '--no-version-check':
      case '--debug':
        break;
      default:
        throw new UsageError(`No such option: ${flag}\n\n${USAGE}`);
    }
  }
  checkEventTimes(out);
  return out;
}

function applyValue(out: ParsedCommand, flag: string, value: string): void {
  switch (flag) {
    case '--vars':
      out.vars = { ...out.vars, ...parseVars(value) };
      break;
    case '--args':
      out.args = { ...out.args, ...parseVars(value, '--args') };
      break;
    case '--project-dir':
      out.projectDir = value;
      break;
    case '--profiles-dir':
      out.profilesDir = value;
      break;
    case '--target':
    case '-t':
      out.target = value;
      break;
    case '--limit': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < -1)
        throw new UsageError(`--limit must be an integer (-1 for no limit), got '${value}'`);
      out.limit = n;
      break;
    }
    case '--inline':
      out.inline = value;
      break;
    case '--event-time-start':
    case '--event-time-end': {
      const date = parseInstant(value);
      if (!date) {
        throw new UsageError(
          `Invalid value for '${flag}': '${value}' does not match the formats '%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S'.`,
        );
      }
      if (flag === '--event-time-start') out.eventTimeStart = date;
      else out.eventTimeEnd = date;
      break;
    }
    case '--output':
    case '-o': {
      const allowed = ['text', 'json', 'name', 'path', 'selector'];
      if (!allowed.includes(value))
        throw new UsageError(`--output must be one of ${allowed.join(', ')}, got '${value}'`);
      out.output = value as ParsedCommand['output'];
      break;
    }
    default:
      break; // --threads, --state: accepted, no effect in the lab
  }
}
