import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestStore, STORE_KINDS, type TestStore } from '../testing/stores';
import { instructorCookie, readInstructor } from './instructor-session';
import { verifyLogin } from './instructors';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI on the test store's database, as `npx tsx` would, with `stdin` piped in. */
function cli(store: TestStore, args: string[], stdin: string): Promise<Run> {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (store.config.kind === 'postgres') env.DATABASE_URL = store.config.url;
  else env.LAB_DATA_DIR = store.config.dataDir;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/instructor.ts', ...args], {
    cwd: ROOT,
    env,
  });
  const run: Run = { code: null, stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ ...run, code }));
  });
}

describe.each(STORE_KINDS)('scripts/instructor.ts on %s', (kind) => {
  let store: TestStore | null = null;
  afterEach(async () => {
    await store?.dispose();
    store = null;
  });

  it('adds an instructor who can then sign in, and refuses the same name twice', async () => {
    store = await openTestStore(kind);
    const added = await cli(store, ['add', 'Ana'], 'a long enough password\n');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^Added instructor "Ana"/);
    expect(added.stdout).not.toContain('a long enough password');
    expect(await verifyLogin(store, 'Ana', 'a long enough password')).toMatchObject({
      name: 'Ana',
    });
    const again = await cli(store, ['add', 'Ana'], 'another long password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('resets a password, which signs out the old cookie', async () => {
    store = await openTestStore(kind);
    expect((await cli(store, ['add', 'Ana'], 'a long enough password\n')).code).toBe(0);
    const before = await verifyLogin(store, 'Ana', 'a long enough password');
    const cookie = await instructorCookie(store, before!, false);
    expect(await readInstructor(store, cookie.value)).not.toBeNull();
    // a Windows line end is a line end, not part of the password
    const reset = await cli(store, ['reset', 'Ana'], 'another long password\r\n');
    expect(reset).toMatchObject({ code: 0, stderr: '' });
    expect(await readInstructor(store, cookie.value)).toBeNull();
    expect(await verifyLogin(store, 'Ana', 'a long enough password')).toBeNull();
    expect(await verifyLogin(store, 'Ana', 'another long password')).not.toBeNull();
  });

  it('exits 1 with a clear message for an unknown name, a weak password or a bad call', async () => {
    store = await openTestStore(kind);
    const unknown = await cli(store, ['reset', 'Bo'], 'a long enough password\n');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toMatch(/No instructor is named "Bo"/);
    const weak = await cli(store, ['add', 'Ana'], 'short\n');
    expect(weak).toMatchObject({ code: 1 });
    expect(weak.stderr).toMatch(/at least 10 characters/);
    const empty = await cli(store, ['add', 'Ana'], '');
    expect(empty.stderr).toMatch(/No password/);
    const usage = await cli(store, ['remove', 'Ana'], '');
    expect(usage).toMatchObject({ code: 1 });
    expect(usage.stderr).toMatch(/^Usage:/);
    expect(await store.db.selectFrom('instructors').selectAll().execute()).toEqual([]);
  });
});
