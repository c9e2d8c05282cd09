/**
 * The real command line, as CI and instructors call it (`tsx scripts/dbt.ts …`): stdout, stderr and
 * the process exit code. The other CLI tests run the same `main` in-process.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, removeDir, writeProjectFile } from '../testing/cli-harness.node';

const REPO = path.resolve(__dirname, '../../..');
const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map(removeDir)));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(REPO, 'node_modules/.bin/tsx'),
      [path.join(REPO, 'scripts/dbt.ts'), ...args],
      { cwd: REPO },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('scripts/dbt.ts exit codes', () => {
  it('0 with only the JSON document on stdout, 1 for a failing model, 2 for a missing project', async () => {
    const ok = await copyFixture('basic');
    const broken = await copyFixture('basic');
    const empty = await mkdtemp(path.join(os.tmpdir(), 'dbt-none-'));
    dirs.push(ok, broken, empty);
    await writeProjectFile(
      broken,
      'models/staging/stg_customers.sql',
      'select nope from {{ ref("customers") }}\n',
    );
    const [show, failing, missing] = await Promise.all([
      run([
        '--quiet',
        'show',
        '--inline',
        'select 42 as answer',
        '--output',
        'json',
        '--project-dir',
        ok,
      ]),
      run(['build', '--project-dir', broken]),
      run(['run', '--project-dir', empty]),
    ]);
    expect(show).toEqual({ code: 0, stdout: '{"show":[{"answer":42}]}\n', stderr: '' });
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      'Binder Error: Referenced column "nope" not found in FROM clause!',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No dbt_project.yml found at expected path');
  });

  it('piped into a reader that stops early (| head -1) it ends quietly, without a stack trace', async () => {
    const dir = await copyFixture('basic');
    dirs.push(dir);
    const result = await new Promise<{ code: number | null; stderr: string; firstLine: string }>(
      (resolve) => {
        const child = spawn(
          path.join(REPO, 'node_modules/.bin/tsx'),
          [
            path.join(REPO, 'scripts/dbt.ts'),
            'show',
            '--inline',
            'select range as n from range(100000)',
            '--limit',
            '-1',
            '--project-dir',
            dir,
          ],
          { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stderr = '';
        let firstLine = '';
        child.stderr.on('data', (chunk) => (stderr += String(chunk)));
        // read one line, then close the pipe as `head -1` does
        child.stdout.once('data', (chunk) => {
          firstLine = String(chunk).split('\n')[0]!;
          child.stdout.destroy();
        });
        child.on('close', (code) => resolve({ code, stderr, firstLine }));
      },
    );
    expect(result.firstLine).toMatch(/Found 3 models/);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('with --quiet a failure still prints its error, worded as the log words it, on stderr', async () => {
    const dir = await copyFixture('basic');
    dirs.push(dir);
    await writeProjectFile(dir, 'models/marts/bad.sql', 'select {{ nope() }}\n');
    const jinja = await run(['--quiet', 'compile', '-s', 'customer_scores', '--project-dir', dir]);
    expect(jinja.code).toBe(2);
    expect(jinja.stdout).toBe('');
    expect(jinja.stderr).toContain('Compilation Error in model bad (models/marts/bad.sql)');
    expect(jinja.stderr).toContain("models/marts/bad.sql:1: 'nope' is undefined.");
    await writeProjectFile(dir, 'models/marts/bad.sql', 'select 1 from nowhere\n');
    // one after the other: both open the project's DuckDB file
    const show = await run(['--quiet', 'show', '-s', 'bad', '--project-dir', dir]);
    const runBad = await run(['--quiet', 'run', '-s', 'bad', '--project-dir', dir]);
    for (const result of [show, runBad]) {
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('Runtime Error in model bad (models/marts/bad.sql)');
      expect(result.stderr).toContain('Catalog Error: Table with name nowhere does not exist!');
    }
    const docs = await run(['--quiet', 'docs', 'generate', '--project-dir', dir]);
    expect(docs.code).toBe(1);
    expect(docs.stderr).toContain('dbt docs generate is not available in this lab');
  });
});
