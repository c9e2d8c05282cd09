/**
 * The real command line, as CI and instructors call it (`tsx scripts/dbt.ts …`): stdout, stderr and
 * the process exit code. The other CLI tests run the same `main` in-process.
 */
import { execFile } from 'node:child_process';
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
});
