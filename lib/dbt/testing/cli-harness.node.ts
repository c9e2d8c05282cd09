/**
 * Node only, for tests: copies a fixture project to a temp folder, runs the CLI in-process on it
 * (spawning tsx costs about a second per call), and queries the DuckDB file it leaves behind.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { main } from '../cli/main.node';

export const FIXTURES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures',
);

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
  /** stdout and stderr without the `HH:MM:SS  ` prefixes, one string. */
  text: string;
}

export async function copyFixture(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `dbt-${name}-`));
  await cp(path.join(FIXTURES_DIR, name), dir, { recursive: true });
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export interface CliOptions {
  /** Working directory (default: the project); where `data/raw/` is looked for. */
  cwd?: string;
  /** Scale of generated course data (small in tests). */
  dataScale?: number;
}

/** `dbt <argv> --project-dir <dir>`, in-process. */
export function dbt(dir: string, ...argv: string[]): Promise<CliRun> {
  return dbtWith(dir, {}, ...argv);
}

export async function dbtWith(
  dir: string,
  options: CliOptions,
  ...argv: string[]
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--project-dir', dir], {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    cwd: options.cwd ?? dir,
    dataScale: options.dataScale ?? 0.1,
  });
  const text = [...out, ...err].map((l) => l.replace(/^\d{2}:\d{2}:\d{2} {2}/, '')).join('\n');
  return { code, out, err, text };
}

/** Runs `sql` against the project's state database (`target/dbt.duckdb`). */
export async function query<T extends Row = Row>(dir: string, sql: string): Promise<T[]> {
  const connection = await openNodeConnection({ path: path.join(dir, 'target', 'dbt.duckdb') });
  try {
    return (await connection.query<T>(sql)).rows;
  } finally {
    await connection.close();
  }
}

export async function writeProjectFile(dir: string, relative: string, text: string): Promise<void> {
  await writeFile(path.join(dir, ...relative.split('/')), text);
}
