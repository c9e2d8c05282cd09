/**
 * Every grading test here spawns a real sandboxed child (a few seconds each), one at a time: the
 * machine has two cores and the grader is not the only thing running on it.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solutionProjectFiles, starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt';
import { graderVersion } from './grader-version';
import {
  describeSandbox,
  gradeInSandbox,
  hidingMounts,
  probeBubblewrap,
  sandboxCommand,
  type SandboxOptions,
  type SandboxOutcome,
} from './sandbox';
import { SERVER_GRADING_DATA, serverGradingData } from './data';
import { describeSource } from '@/lib/data/load';
import { LAB_DATA } from '@/lib/course/lab-data-source';

const ROOT = path.resolve(__dirname, '../../..');
const MODEL = 'models/marts/fct_orders.sql';
const HAS_BWRAP = probeBubblewrap().path !== null;

let starter: ProjectFiles;
let solution: ProjectFiles;
let scratch: string;

beforeAll(async () => {
  starter = await starterProjectFiles();
  solution = await solutionProjectFiles();
  // Not in /tmp, which the sandbox replaces with its own: what it must hide has to be visible to
  // it but for the hiding. The project's tmp/ is git-ignored.
  mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
  scratch = mkdtempSync(path.join(ROOT, 'tmp', 'sandbox-test-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  try {
    rmdirSync(path.join(ROOT, 'tmp'));
  } catch {
    // not empty: someone else's files are in it
  }
});

function withModel(sql: string): ProjectFiles {
  return { ...starter, [MODEL]: sql };
}

/** Did the model get nowhere: an error outcome, or a report that does not pass? */
function refused(outcome: SandboxOutcome): boolean {
  return outcome.kind === 'error' || !outcome.report.passed;
}

/** The pids of `root` and all its descendants now (from /proc). */
function processTree(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, ppid] of parentOf) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/** A process's state letter (R, S, Z…), or `gone`. */
function state(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? 'gone';
  } catch {
    return 'gone';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    expect((error as NodeJS.ErrnoException).code).toBe('ESRCH');
    return false;
  }
}

/** Runs a command the way gradeInSandbox does and returns its trimmed stdout. */
function runSandboxed(code: string, options: SandboxOptions): string {
  const cmd = sandboxCommand([process.execPath, '-e', code], options);
  const result = spawnSync(cmd.command, cmd.args, {
    cwd: cmd.cwd,
    env: cmd.env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

describe('grading data and version', () => {
  it('grades on the data the build prebuilt for the lab, else the lab’s own', async () => {
    const grading = serverGradingData(ROOT);
    const manifest = await readFile(path.join(ROOT, 'public/data/lab-data.json'), 'utf8').then(
      (text) => JSON.parse(text) as { key: string },
      () => null,
    );
    if (manifest) {
      expect(describeSource(grading.data).key).toBe(manifest.key);
      expect(grading.prebuilt).toBeDefined();
    } else expect(grading.data).toBe(LAB_DATA);
    expect(SERVER_GRADING_DATA).toBe(LAB_DATA);
    // the lab's own scale: grading at a smaller one could miss what only the real volume shows
    expect(SERVER_GRADING_DATA).toEqual({ kind: 'generated', scale: 1, seed: 42 });
  });

  it('versions the grader by its code: stable, and different when a file changes', () => {
    const version = graderVersion(ROOT);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(graderVersion(ROOT)).toBe(version);
    const fake = (text: string) => {
      const root = mkdtempSync(path.join(scratch, 'version-'));
      for (const dir of ['lib/grader', 'lib/dbt/sub', 'lib/jinja', 'lib/data', 'lib/engine'])
        mkdirSync(path.join(root, dir), { recursive: true });
      writeFileSync(path.join(root, 'lib/dbt/sub/a.ts'), text);
      writeFileSync(path.join(root, 'lib/grader/a.test.ts'), String(Math.random()));
      writeFileSync(path.join(root, 'lib/grader/notes.md'), String(Math.random()));
      return graderVersion(root);
    };
    expect(fake('export const a = 1;')).toBe(fake('export const a = 1;'));
    expect(fake('export const a = 2;')).not.toBe(fake('export const a = 1;'));
  });
});

describe('gradeInSandbox', () => {
  it('passes the course solution', async () => {
    const outcome = await gradeInSandbox(solution);
    expect(outcome.kind, JSON.stringify(outcome).slice(0, 500)).toBe('report');
    if (outcome.kind !== 'report') return;
    expect(outcome.report.passed).toBe(true);
    expect(outcome.report.scenario.data).toBe(describeSource(serverGradingData(ROOT).data).label);
    console.log(`sandboxed grading of the solution: ${outcome.ms} ms (${describeSandbox()})`);
  });

  it('fails the starter on materialized_incremental', async () => {
    const outcome = await gradeInSandbox(starter);
    expect(outcome.kind).toBe('report');
    if (outcome.kind !== 'report') return;
    expect(outcome.report.passed).toBe(false);
    const check = outcome.report.checks.find((c) => c.id === 'materialized_incremental');
    expect(check?.status).toBe('fail');
  });

  it('passes the solution with limits only, without bubblewrap', async () => {
    const outcome = await gradeInSandbox(solution, { isolation: 'limits' });
    expect(outcome.kind === 'report' && outcome.report.passed).toBe(true);
  });

  describe('hostile models', () => {
    it('cannot read a file', async () => {
      const outcome = await gradeInSandbox(withModel(`select * from read_csv('/etc/passwd')`));
      expect(refused(outcome)).toBe(true);
      expect(JSON.stringify(outcome)).not.toMatch(/root:x:0/);
      expect(JSON.stringify(outcome)).toMatch(/disabled by configuration|Permission Error/);
    });

    it('cannot attach a database, in a pre_hook or with run_query', async () => {
      const hook = await gradeInSandbox(
        withModel(
          `{{ config(materialized='table', pre_hook="attach '/tmp/x.duckdb' as x") }}\nselect 1 as order_id`,
        ),
      );
      expect(refused(hook)).toBe(true);
      expect(JSON.stringify(hook)).toMatch(/disabled by configuration|Permission Error/);
      const query = await gradeInSandbox(
        withModel(
          `{% if execute %}{{ run_query("attach '/tmp/x.duckdb' as x") }}{% endif %}\nselect 1 as order_id`,
        ),
      );
      expect(refused(query)).toBe(true);
      expect(JSON.stringify(query)).toMatch(/disabled by configuration|Permission Error/);
    });

    it('cannot escape Jinja into JavaScript or Python internals', async () => {
      for (const escape of [
        '{{ range.constructor("return process")() }}',
        '{{ cycler.__init__.__globals__ }}',
        '{{ range.constructor.constructor("return process.env")() }}',
      ]) {
        const outcome = await gradeInSandbox(withModel(`${escape}\nselect 1 as order_id`));
        expect(refused(outcome), escape).toBe(true);
        expect(JSON.stringify(outcome)).not.toMatch(/LAB_SANDBOX|PATH=|\[object process\]/);
      }
    });

    it('stops a Jinja loop that never ends', async () => {
      const outcome = await gradeInSandbox(
        withModel(
          '{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\nselect 1 as order_id',
        ),
        { wallClockMs: 40_000 },
      );
      expect(refused(outcome)).toBe(true);
      expect(outcome.ms).toBeLessThan(40_000);
    });

    it('stops a SQL query that never ends at the step limit', async () => {
      const runaway = await readFile(path.join(ROOT, 'lib/grader/fixtures/runaway.sql'), 'utf8');
      const outcome = await gradeInSandbox(withModel(runaway), { stepTimeLimitMs: 3000 });
      expect(outcome.kind).toBe('report');
      if (outcome.kind !== 'report') return;
      expect(outcome.report.passed).toBe(false);
      // Cancelled at the step limit, unless DuckDB's memory limit stops the cross join first.
      expect(outcome.report.steps[0]?.error).toMatch(/stopped after 3 s|Out of Memory/);
      expect(outcome.ms).toBeLessThan(20_000);
    });

    it('cannot allocate without bound', async () => {
      const outcome = await gradeInSandbox(
        withModel(
          `select 'x' as order_id, string_agg(repeat('x', 1000000), '') as s from range(100000)`,
        ),
      );
      expect(refused(outcome)).toBe(true);
      expect(outcome.ms).toBeLessThan(60_000);
    });
  });

  for (const isolation of ['bubblewrap', 'limits'] as const) {
    it.skipIf(isolation === 'bubblewrap' && !HAS_BWRAP)(
      `kills the whole process group at the wall clock (${isolation})`,
      async () => {
        const runaway = await readFile(path.join(ROOT, 'lib/grader/fixtures/runaway.sql'), 'utf8');
        const seen = new Set<number>();
        let leader: number | undefined;
        const poll = setInterval(() => {
          if (leader !== undefined) for (const pid of processTree(leader)) seen.add(pid);
        }, 100);
        const outcome = await gradeInSandbox(withModel(runaway), {
          isolation,
          wallClockMs: 1500,
          stepTimeLimitMs: 60_000,
          onSpawn: (pid) => (leader = pid),
        });
        clearInterval(poll);
        expect(outcome).toMatchObject({ kind: 'error' });
        if (outcome.kind === 'error') expect(outcome.message).toMatch(/^stopped after 1\.5 s: /);
        expect(outcome.ms).toBeLessThan(5000);
        // The leader, and under bubblewrap its sandbox and the node in it.
        expect(seen.size).toBeGreaterThanOrEqual(isolation === 'bubblewrap' ? 3 : 1);
        // At once, each is gone or a zombie waiting for init to reap it (no code runs in it)…
        await new Promise((r) => setTimeout(r, 200));
        expect([...seen].filter((pid) => !['gone', 'Z'].includes(state(pid)))).toEqual([]);
        // …and soon every one is gone.
        const deadline = Date.now() + 10_000;
        while ([...seen].some(alive) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 100));
        expect([...seen].filter(alive)).toEqual([]);
      },
    );
  }

  it('reports a child that crashes, or answers nonsense, as an error', async () => {
    const fakeRoot = (child: string) => {
      const root = mkdtempSync(path.join(scratch, 'fake-'));
      mkdirSync(path.join(root, 'lib/server/grading'), { recursive: true });
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
      writeFileSync(path.join(root, 'lib/server/grading/sandbox-child.ts'), child);
      return root;
    };
    const crash = await gradeInSandbox(solution, {
      projectRoot: fakeRoot(`throw new TypeError('the grader broke');`),
      hiddenDirs: [],
    });
    expect(crash).toMatchObject({
      kind: 'error',
      message: 'the grading process failed: TypeError: the grader broke',
    });
    const nonsense = await gradeInSandbox(solution, {
      projectRoot: fakeRoot(
        `console.log(JSON.stringify({ ok: true, report: { passed: true } })); process.exit(0);`,
      ),
      hiddenDirs: [],
    });
    expect(nonsense).toMatchObject({
      kind: 'error',
      message: 'the grading process failed: it gave no valid result',
    });
    const loud = await gradeInSandbox(solution, {
      projectRoot: fakeRoot(`process.stdout.write('x'.repeat(9 * 1024 * 1024));`),
      hiddenDirs: [],
    });
    expect(loud).toMatchObject({
      kind: 'error',
      message: 'the grading process printed more than 8 MB and was stopped',
    });
    // The machinery's failures are thrown, for the queue to retry.
    await expect(gradeInSandbox(solution, { projectRoot: scratch })).rejects.toThrow(
      /grading program is missing/,
    );
  });

  it('rejects with an AbortError when the job is cancelled, and kills it', async () => {
    const runaway = await readFile(path.join(ROOT, 'lib/grader/fixtures/runaway.sql'), 'utf8');
    const controller = new AbortController();
    let leader: number | undefined;
    const job = gradeInSandbox(withModel(runaway), {
      signal: controller.signal,
      onSpawn: (pid) => (leader = pid),
    });
    setTimeout(() => controller.abort(), 500);
    await expect(job).rejects.toMatchObject({ name: 'AbortError' });
    expect(leader && alive(leader)).toBe(false);
  });

  it('rejects a project over 2 MB with an error, not a crash', async () => {
    const outcome = await gradeInSandbox(
      withModel(`select 1 as order_id -- ${'x'.repeat(3 * 1024 * 1024)}`),
    );
    expect(outcome).toMatchObject({ kind: 'error', message: 'the project is larger than 2 MB' });
  });

  it('still grades the solution after all that', async () => {
    const outcome = await gradeInSandbox(solution);
    expect(outcome.kind === 'report' && outcome.report.passed).toBe(true);
  });
});

describe.skipIf(!HAS_BWRAP)('under bubblewrap', () => {
  let dataDir: string;
  let secret: string;
  const SECRET = 'cookie-secret-0123456789';

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(scratch, 'data-'));
    secret = path.join(dataDir, 'cookie-secret');
    writeFileSync(secret, SECRET);
  });

  it('hides the data folder: the spawn arguments mount an empty tmpfs over it', () => {
    const cmd = sandboxCommand(['/bin/true'], { hiddenDirs: [dataDir] });
    expect(cmd.isolation).toBe('bubblewrap');
    const real = realpathSync(dataDir);
    const at = cmd.args.indexOf(real);
    expect(at).toBeGreaterThan(0);
    expect(cmd.args[at - 1]).toBe('--tmpfs');
    expect(cmd.hidden).toContain(real);
    for (const flag of ['--unshare-all', '--die-with-parent', '--clearenv', '--new-session'])
      expect(cmd.args).toContain(flag);
    expect(cmd.args.slice(cmd.args.indexOf('--') + 1, -1).join(' ')).toMatch(
      /prlimit --data=\d+ --cpu=\d+ --nofile=256 --$/,
    );
  });

  it('keeps the project readable when it lives inside a hidden folder, and hides its data again', () => {
    const home = mkdtempSync(path.join(scratch, 'home-'));
    const app = path.join(home, 'me/app');
    const data = path.join(app, '.lab-data');
    mkdirSync(data, { recursive: true });
    expect(hidingMounts([data, home, path.join(scratch, 'missing')], [app]).args).toEqual([
      ...['--tmpfs', home],
      ...['--ro-bind', app, app],
      ...['--tmpfs', data],
    ]);
  });

  it('a model cannot read a file in the data folder', async () => {
    const outcome = await gradeInSandbox(
      withModel(
        `{% if execute %}{% do run_query("select * from read_text('${secret}')") %}{% endif %}\nselect content as order_id from read_text('${secret}')`,
      ),
      { hiddenDirs: [dataDir] },
    );
    expect(refused(outcome)).toBe(true);
    expect(JSON.stringify(outcome)).not.toContain(SECRET);
  });

  it('code in the sandbox cannot read the data folder, nor .env files, nor the environment', () => {
    const project = mkdtempSync(path.join(scratch, 'project-'));
    writeFileSync(path.join(project, '.env.local'), `SECRET=${SECRET}`);
    expect(readFileSync(secret, 'utf8')).toBe(SECRET);
    const code = `
      const fs = require('node:fs');
      const read = (f) => { try { return fs.readFileSync(f, 'utf8'); } catch (e) { return 'refused: ' + e.code; } };
      console.log(JSON.stringify({
        secret: read(${JSON.stringify(secret)}),
        env: read('.env.local'),
        keys: Object.keys(process.env).sort(),
      }));`;
    process.env.SANDBOX_TEST_SECRET = SECRET;
    try {
      const seen = JSON.parse(
        runSandboxed(code, { hiddenDirs: [dataDir], projectRoot: project }),
      ) as { secret: string; env: string; keys: string[] };
      expect(seen.secret).toBe('refused: ENOENT');
      // An empty /dev/null bound over it, which the sandbox's nodev mount does not even open.
      expect(seen.env).toMatch(/^(|refused: EACCES)$/);
      expect(seen.keys).toEqual([
        'HOME',
        'LAB_SANDBOX_MEMORY_MB',
        'LAB_SANDBOX_THREADS',
        'NODE_ENV',
        'PATH',
        'PWD',
      ]);
    } finally {
      delete process.env.SANDBOX_TEST_SECRET;
    }
  });

  it('code in the sandbox has no network', async () => {
    const server = http.createServer((_req, res) => res.end('reached'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const url = `http://127.0.0.1:${port}/`;
      expect(await (await fetch(url)).text()).toBe('reached');
      const code = `fetch(${JSON.stringify(url)}).then((r) => r.text(), (e) => 'failed: ' + (e.cause?.code ?? e.message)).then((t) => console.log(t));`;
      // spawnSync would block this process's server: spawn and wait instead.
      const cmd = sandboxCommand([process.execPath, '-e', code], { hiddenDirs: [dataDir] });
      const child = spawn(cmd.command, cmd.args, {
        cwd: cmd.cwd,
        env: cmd.env as NodeJS.ProcessEnv,
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await new Promise((resolve) => child.on('close', resolve));
      expect(out.trim()).toMatch(/^failed: /);
    } finally {
      server.close();
    }
  });
});
