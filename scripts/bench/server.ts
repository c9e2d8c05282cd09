/**
 * The production server for the benchmarks: `next start` on a free loopback port, in its own
 * process group so stopping it also stops anything it started (the grading sandbox). Every server
 * started here is stopped when the process exits, even after a failure or Ctrl+C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export interface AppServer {
  base: string;
  port: number;
  /** How the server ended, while the benchmark still needed it (null while it runs). */
  exited(): { code: number | null; signal: string | null } | null;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

let hooked = false;
function stopAllOnExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of running) killGroup(child, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      for (const child of running) killGroup(child, 'SIGKILL');
      process.exit(130);
    });
}

/** A port nobody listens on now (the kernel's choice). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Throws with what to do when there is no production build to serve. */
export function requireBuild(root = process.cwd()): void {
  if (!existsSync(path.join(root, '.next', 'BUILD_ID')))
    throw new Error('No production build in .next: run `npm run build` first (or pass --build).');
}

async function waitForServer(url: string, child: ChildProcess, limitMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < limitMs) {
    if (child.exitCode !== null) throw new Error(`next start exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${limitMs / 1000} s`);
}

/** Starts `next start` with `env` on a free port (or `port`) and waits until `probe` answers. */
export async function startApp(
  env: Record<string, string>,
  { port, probe = '/', quiet = true }: { port?: number; probe?: string; quiet?: boolean } = {},
): Promise<AppServer> {
  stopAllOnExit();
  const chosen = port ?? (await freePort());
  const child = spawn(
    process.execPath,
    ['node_modules/next/dist/bin/next', 'start', '-p', String(chosen), '-H', '127.0.0.1'],
    {
      env: { ...process.env, ...env, PORT: String(chosen), NEXT_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', quiet ? 'ignore' : 'inherit', 'inherit'],
      detached: true,
    },
  );
  running.add(child);
  let ended: { code: number | null; signal: string | null } | null = null;
  child.once('exit', (code, signal) => {
    running.delete(child);
    ended = { code, signal };
  });
  const base = `http://127.0.0.1:${chosen}`;
  const stop = async () => {
    killGroup(child, 'SIGTERM');
    const deadline = Date.now() + 5000;
    while (child.exitCode === null && child.signalCode === null && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    killGroup(child, 'SIGKILL');
    running.delete(child);
  };
  try {
    await waitForServer(`${base}${probe}`, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { base, port: chosen, exited: () => ended, stop };
}
