/**
 * Server-side grading of untrusted dbt models: each job runs the browser's grader (lib/grader) in a
 * child process of its own (./sandbox-child.ts), with DuckDB locked down as in the grade CLI, and
 * around it:
 *
 * - bubblewrap when it works on this machine (probed once per process): no network (a PostgreSQL
 *   server is unreachable too), a read-only view of the system, a private /tmp, a cleared
 *   environment, the server's data folder (SQLite database, cookie secret), /root, /home,
 *   /var/lib/postgresql and the project's `.env*` files replaced by empty ones;
 * - resource limits (prlimit, else `ulimit` in /bin/sh): writable memory, CPU seconds, open files;
 * - a wall clock that kills the job's whole process group, and caps on what it may print.
 *
 * The child's one line of JSON is checked with zod; nothing else it says is trusted.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { DataSource } from '@/lib/data';
import type { ProjectFiles } from '@/lib/dbt';
import { CHECK_IDS, type GradeReport } from '@/lib/grader/types';
import { serverGradingData, type ServerGradingData } from './data';

export type SandboxOutcome =
  | { kind: 'report'; report: GradeReport; ms: number }
  | { kind: 'error'; message: string; ms: number };

export interface SandboxOptions {
  /**
   * The grading data; by default the lab's, as the build prebuilt it (./data.ts), copied from the
   * prebuilt file.
   */
  data?: DataSource;
  /** With `data`: a prebuilt database file holding it, which the job copies (see ./data.ts). */
  prebuilt?: ServerGradingData['prebuilt'];
  /** The whole job, from spawn to answer; 60 s by default. The process group is killed after it. */
  wallClockMs?: number;
  /** The grader's own limit per dbt invocation (a runaway query is cancelled); 20 s by default. */
  stepTimeLimitMs?: number;
  /** DuckDB's memory_limit; `LAB_SANDBOX_MEMORY_MB` or 1024 by default. */
  memoryMb?: number;
  /** DuckDB's threads; `LAB_SANDBOX_THREADS` or 1 by default. */
  threads?: number;
  /** V8's old-space limit in the child (`--max-old-space-size`); 512 by default. */
  heapMb?: number;
  /**
   * Folders the job must not see (an empty tmpfs replaces each, under bubblewrap). By default the
   * server's data folder, `LAB_DATA_DIR` or `.lab-data`. /root, /home and /var/lib/postgresql are
   * always added when they exist.
   */
  hiddenDirs?: string[];
  /** Where the app lives (the child's working directory); `process.cwd()` by default. */
  projectRoot?: string;
  /** `auto` (the default): bubblewrap when it works, else limits only. */
  isolation?: 'auto' | 'bubblewrap' | 'limits';
  /** Stops the job (its processes are killed); gradeInSandbox then rejects with an AbortError. */
  signal?: AbortSignal;
  /** Called with the spawned process's pid (the leader of the job's process group). */
  onSpawn?: (pid: number) => void;
}

/** A command wrapped in the sandbox, ready for `spawn(command, args, { cwd, env, detached })`. */
export interface SandboxCommand {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  isolation: 'bubblewrap' | 'limits';
  /** The folders replaced by an empty tmpfs (bubblewrap only). */
  hidden: string[];
}

const CHILD_PATH = 'lib/server/grading/sandbox-child.ts';
const MAX_STDOUT_BYTES = 8 * 1024 * 1024;
const STDERR_TAIL_BYTES = 4096;
const MAX_MESSAGE_CHARS = 4000;
const MAX_OPEN_FILES = 256;
/** What the child needs beyond DuckDB's memory_limit and V8's heap: code, stacks, buffers. */
const MEMORY_SLACK_MB = 512;
const SYSTEM_HIDDEN_DIRS = ['/root', '/home', '/var/lib/postgresql'];
const SANDBOX_PATH = '/usr/bin:/bin';

interface Settings {
  grading: ServerGradingData;
  wallClockMs: number;
  stepTimeLimitMs: number;
  memoryMb: number;
  threads: number;
  heapMb: number;
  hiddenDirs: string[];
  projectRoot: string;
  isolation: 'auto' | 'bubblewrap' | 'limits';
}

function positiveInt(value: string | number | undefined, fallback: number): number {
  const n = Math.round(Number(value));
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

function settings(options: SandboxOptions): Settings {
  // folders named at run time: nothing for the bundler to trace
  const projectRoot = path.resolve(/*turbopackIgnore: true*/ options.projectRoot ?? process.cwd());
  return {
    grading: options.data
      ? { data: options.data, ...(options.prebuilt && { prebuilt: options.prebuilt }) }
      : serverGradingData(projectRoot),
    wallClockMs: positiveInt(options.wallClockMs, 60_000),
    stepTimeLimitMs: positiveInt(options.stepTimeLimitMs, 20_000),
    memoryMb: positiveInt(options.memoryMb ?? process.env.LAB_SANDBOX_MEMORY_MB, 1024),
    threads: positiveInt(options.threads ?? process.env.LAB_SANDBOX_THREADS, 1),
    heapMb: positiveInt(options.heapMb, 512),
    hiddenDirs: (
      options.hiddenDirs ?? [
        path.resolve(/*turbopackIgnore: true*/ process.env.LAB_DATA_DIR || '.lab-data'),
      ]
    ).map((d) => path.resolve(projectRoot, d)),
    projectRoot,
    isolation: options.isolation ?? 'auto',
  };
}

function findExecutable(name: string): string | null {
  const dirs = (process.env.PATH || SANDBOX_PATH).split(path.delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin', '/bin', '/usr/sbin', '/sbin']) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

interface Bubblewrap {
  path: string | null;
  /** Why it cannot be used, when `path` is null. */
  reason: string;
}

let bubblewrapProbe: Bubblewrap | undefined;

/**
 * Is there a bubblewrap that can build a sandbox here (user namespaces allowed)? Probed once per
 * process, synchronously (a few tens of milliseconds), then cached.
 */
export function probeBubblewrap(): Bubblewrap {
  if (bubblewrapProbe) return bubblewrapProbe;
  const bwrap = findExecutable('bwrap');
  if (!bwrap) return (bubblewrapProbe = { path: null, reason: 'bubblewrap not found' });
  const probe = spawnSync(
    bwrap,
    [
      ...['--ro-bind', '/', '/', '--unshare-all', '--die-with-parent'],
      ...['--dev', '/dev', '--proc', '/proc', '/bin/true'],
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { PATH: SANDBOX_PATH, NODE_ENV: 'production' },
      timeout: 10_000,
    },
  );
  bubblewrapProbe =
    probe.status === 0
      ? { path: bwrap, reason: '' }
      : {
          path: null,
          reason: `bubblewrap cannot build a sandbox here (${
            probe.error?.message ||
            lastLine(probe.stderr?.toString('utf8') ?? '') ||
            `exit ${String(probe.status ?? probe.signal)}`
          })`,
        };
  return bubblewrapProbe;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function inside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith('/') ? parent : `${parent}/`);
}

function depth(dir: string): number {
  return dir.split('/').length;
}

/**
 * bubblewrap's mounts that hide `hidden` (existing folders only: a read-only root has no mount
 * point for the others) while keeping `keep` (the project, node) readable: a kept path inside a
 * hidden folder is bound back, and a hidden folder inside a kept one is hidden again after it.
 */
export function hidingMounts(hidden: string[], keep: string[]): { args: string[]; dirs: string[] } {
  const dirs = [...new Set(hidden.filter(isDirectory).map((d) => realpathSync(d)))].sort(
    (a, b) => depth(a) - depth(b),
  );
  const within = (p: string, list: string[]) => list.some((d) => d !== p && inside(p, d));
  const rebound = [...new Set(keep)]
    .filter((k) => within(k, dirs))
    .sort((a, b) => depth(a) - depth(b))
    .filter((k, _, all) => !within(k, all));
  return {
    args: [
      ...dirs.filter((d) => !within(d, dirs)).flatMap((d) => ['--tmpfs', d]),
      ...rebound.flatMap((k) => ['--ro-bind', k, k]),
      ...dirs.filter((d) => within(d, rebound)).flatMap((d) => ['--tmpfs', d]),
    ],
    dirs,
  };
}

/** The project's `.env*` files (secrets Next.js reads), to be replaced by empty ones. */
function envFiles(projectRoot: string): string[] {
  try {
    return readdirSync(projectRoot, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.startsWith('.env'))
      .map((e) => path.join(projectRoot, e.name));
  } catch {
    return [];
  }
}

function limitWrapper(s: Settings, argv: string[]): string[] {
  const dataBytes = (s.memoryMb + s.heapMb + MEMORY_SLACK_MB) * 1024 * 1024;
  const cpuSeconds = Math.ceil(s.wallClockMs / 1000) * (s.threads + 1) + 5;
  const prlimit = findExecutable('prlimit');
  if (prlimit)
    return [
      prlimit,
      `--data=${dataBytes}`,
      `--cpu=${cpuSeconds}`,
      `--nofile=${MAX_OPEN_FILES}`,
      '--',
      ...argv,
    ];
  return [
    '/bin/sh',
    '-c',
    `ulimit -d ${dataBytes / 1024} && ulimit -t ${cpuSeconds} && ulimit -n ${MAX_OPEN_FILES} && exec "$@"`,
    'sh',
    ...argv,
  ];
}

/** The paths the child must be able to read even inside a hidden folder. */
function keptPaths(projectRoot: string): string[] {
  const node = realpathSync(process.execPath);
  const kept = [projectRoot, realpathSync(projectRoot), path.dirname(path.dirname(node))];
  return kept.filter((p) => p !== '/');
}

/**
 * `argv` (an absolute program and its arguments) wrapped in the sandbox gradeInSandbox uses:
 * bubblewrap plus limits when bubblewrap works (or `isolation: 'bubblewrap'`, which throws when it
 * does not), limits only otherwise.
 */
export function sandboxCommand(argv: string[], options: SandboxOptions = {}): SandboxCommand {
  const s = settings(options);
  const bwrap = s.isolation === 'limits' ? null : probeBubblewrap();
  if (s.isolation === 'bubblewrap' && !bwrap?.path)
    throw new Error(`${bwrap?.reason ?? 'bubblewrap not found'}: cannot grade under bubblewrap`);
  const limits = {
    NODE_ENV: 'production',
    LAB_SANDBOX_MEMORY_MB: String(s.memoryMb),
    LAB_SANDBOX_THREADS: String(s.threads),
  };
  const wrapped = limitWrapper(s, argv);

  if (!bwrap?.path) {
    return {
      command: wrapped[0]!,
      args: wrapped.slice(1),
      env: { PATH: SANDBOX_PATH, HOME: os.tmpdir(), ...limits },
      cwd: s.projectRoot,
      isolation: 'limits',
      hidden: [],
    };
  }

  // /tmp first: a private one, with the project bound back should it live there.
  const hiding = hidingMounts(
    ['/tmp', ...s.hiddenDirs, ...SYSTEM_HIDDEN_DIRS],
    keptPaths(s.projectRoot),
  );
  const env = { PATH: SANDBOX_PATH, HOME: '/tmp', ...limits };
  const args = [
    ...['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc'],
    ...['--unshare-all', '--die-with-parent', '--new-session', '--clearenv'],
    ...Object.entries(env).flatMap(([name, value]) => ['--setenv', name, value]),
    ...hiding.args,
    ...envFiles(s.projectRoot).flatMap((file) => ['--ro-bind', '/dev/null', file]),
    ...['--chdir', s.projectRoot, '--'],
    ...wrapped,
  ];
  return {
    command: bwrap.path,
    args,
    env: { PATH: SANDBOX_PATH },
    cwd: s.projectRoot,
    isolation: 'bubblewrap',
    hidden: hiding.dirs,
  };
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** One line for the server's start-up log: how untrusted models are graded here. */
export function describeSandbox(options: SandboxOptions = {}): string {
  const s = settings(options);
  const limits = `${s.memoryMb} MB for DuckDB and ${s.heapMb} MB for V8, ${s.threads} thread${
    s.threads === 1 ? '' : 's'
  }, ${seconds(s.wallClockMs)} per job`;
  const tool = findExecutable('prlimit') ? 'prlimit' : 'ulimit';
  const bwrap = s.isolation === 'limits' ? null : probeBubblewrap();
  if (bwrap?.path)
    return `Server grading runs under bubblewrap: no network, read-only system, private /tmp, the data folder (${s.hiddenDirs.join(', ')}) hidden; ${limits}`;
  const why = s.isolation === 'limits' ? 'bubblewrap switched off' : bwrap!.reason;
  return `${why}: server grading runs with resource limits only (${limits}, via ${tool}); DuckDB's lockdown is then the only barrier between a model and the files and network of this machine`;
}

const StepSchema = z.object({
  id: z.enum(['S0', 'S1', 'S2', 'S3', 'S4']),
  title: z.string(),
  status: z.enum(['ok', 'error', 'skipped']),
  error: z.string().optional(),
  incremental: z.boolean().nullable(),
  batch: z.number().nullable(),
  inserted: z.number(),
  updated: z.number(),
  unchangedRewritten: z.number(),
  deleted: z.number(),
  total: z.number(),
  duplicateKeys: z.number(),
  ms: z.number(),
});

const ReportSchema: z.ZodType<GradeReport> = z.object({
  passed: z.boolean(),
  model: z.string(),
  checks: z.array(
    z.object({
      id: z.enum(CHECK_IDS),
      title: z.string(),
      status: z.enum(['pass', 'fail', 'error']),
      message: z.string(),
      hint: z.string(),
      evidence: z.record(z.string(), z.unknown()),
    }),
  ),
  steps: z.array(StepSchema),
  info: z.array(z.string()),
  scenario: z.object({ data: z.string(), cutoffDay: z.string(), windowDays: z.number() }),
  durationMs: z.number(),
});

const OutputSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), report: ReportSchema }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}

/** The line of a crashed child's stderr that says what went wrong (not node's version footer). */
function failureLine(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Node\.js v\d/.test(l) && !/^at /.test(l) && !/^[{}^]/.test(l));
  const error = lines.findLast((l) => /error|fatal|out of memory|killed/i.test(l));
  return error ?? lines[lines.length - 1] ?? '';
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderrTail: string;
  stopped: null | 'timeout' | 'stdout' | 'aborted' | 'spawn';
  spawnError?: string;
}

/** `root` and its descendants, from /proc (Linux; just `root` where there is no /proc). */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [root];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/**
 * Kills the job's process group and every descendant of its leader. Under bubblewrap the sandboxed
 * processes run in a session of their own and would only die once the kernel tears their pid
 * namespace down after bwrap; killing them by pid makes that immediate. The tree is read before
 * anything is killed, as orphans are handed to init.
 */
function killJob(pid: number | undefined): void {
  if (pid !== undefined) killAll([-pid, ...processTree(pid)]);
}

function killAll(targets: number[]): void {
  for (const target of targets) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function runJob(
  cmd: SandboxCommand,
  input: string,
  wallClockMs: number,
  options: SandboxOptions,
): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(cmd.command, cmd.args, {
      cwd: cmd.cwd,
      env: cmd.env as NodeJS.ProcessEnv,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderrTail = '';
    let stopped: Finished['stopped'] = null;
    let spawnError: string | undefined;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

    const stop = (why: NonNullable<Finished['stopped']>) => {
      if (exit || stopped) return;
      stopped = why;
      killJob(child.pid);
    };
    const timer = setTimeout(() => stop('timeout'), wallClockMs);
    const onAbort = () => stop('aborted');
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);

    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_STDOUT_BYTES) return stop('stdout');
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    });
    // The child may stop reading (input too large, a crash): that is its answer, not ours to throw.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);

    let settled = false;
    const settle = (finished: Finished) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve(finished);
    };
    child.on('error', (error) => {
      spawnError = error.message;
      stopped ??= 'spawn';
      // A process that never started emits no 'exit' (and not always a 'close').
      if (child.pid === undefined)
        settle({ code: null, signal: null, stdout: '', stderrTail, stopped, spawnError });
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Whatever the job left behind in its process group goes with it (the leader is reaped: its
      // pid is not ours any more, the group's is as long as a member lives).
      if (child.pid !== undefined) killAll([-child.pid]);
    });
    child.on('close', (code, signal) => {
      settle({
        code: exit?.code ?? code,
        signal: exit?.signal ?? signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderrTail,
        stopped,
        spawnError,
      });
    });
  });
}

function interpret(
  finished: Finished,
  wallClockMs: number,
): { ok: true; report: GradeReport } | { ok: false; message: string } {
  const why = failureLine(finished.stderrTail);
  switch (finished.stopped) {
    case 'timeout':
      return {
        ok: false,
        message: `stopped after ${seconds(wallClockMs)}: grading took longer than the server allows (a query or a template loop that does not end?)`,
      };
    case 'stdout':
      return {
        ok: false,
        message: `the grading process printed more than ${MAX_STDOUT_BYTES / 1024 / 1024} MB and was stopped`,
      };
  }
  if (finished.code !== 0) {
    const detail =
      why ||
      (finished.signal ? `killed by ${finished.signal}` : `exit code ${String(finished.code)}`);
    return { ok: false, message: clip(`the grading process failed: ${detail}`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(lastLine(finished.stdout));
  } catch {
    json = undefined;
  }
  const parsed = OutputSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      message: clip(`the grading process failed: ${why || 'it gave no valid result'}`),
    };
  return parsed.data.ok
    ? { ok: true, report: parsed.data.report }
    : { ok: false, message: clip(parsed.data.error) };
}

function abortError(): Error {
  const error = new Error('the grading job was cancelled');
  error.name = 'AbortError';
  return error;
}

/**
 * Grades `files` (a whole dbt project with the student's model in it) in a fresh sandboxed child
 * process, on the same data as the browser.
 *
 * Everything the model can cause — a failing check, a compile or SQL error, a broken limit (time,
 * memory, output), a crashed grading process — is an outcome: `report`, or `error` with a message
 * for the student. It throws only when the machinery fails, not the model: the grading program is
 * missing, the process cannot start, bubblewrap was required but cannot run, or `signal` aborted
 * the job (an `AbortError`). A queue can retry those.
 */
export async function gradeInSandbox(
  files: ProjectFiles,
  options: SandboxOptions = {},
): Promise<SandboxOutcome> {
  const started = performance.now();
  const s = settings(options);
  const child = path.join(s.projectRoot, CHILD_PATH);
  if (!existsSync(child)) throw new Error(`the grading program is missing: ${child}`);
  if (options.signal?.aborted) throw abortError();
  const cmd = sandboxCommand(
    [process.execPath, '--import', 'tsx', `--max-old-space-size=${s.heapMb}`, child],
    options,
  );
  const input = JSON.stringify({
    files,
    data: s.grading.data,
    ...(s.grading.prebuilt && { prebuilt: s.grading.prebuilt }),
    timeLimitMs: s.stepTimeLimitMs,
  });
  const finished = await runJob(cmd, input, s.wallClockMs, options);
  if (finished.stopped === 'aborted') throw abortError();
  if (finished.stopped === 'spawn')
    throw new Error(
      `the grading process could not start: ${finished.spawnError ?? 'unknown error'}`,
    );
  const result = interpret(finished, s.wallClockMs);
  const ms = Math.round(performance.now() - started);
  return result.ok
    ? { kind: 'report', report: result.report, ms }
    : { kind: 'error', message: result.message, ms };
}
