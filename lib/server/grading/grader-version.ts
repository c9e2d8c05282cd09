/**
 * `graderVersion()`: a short digest of everything a verdict depends on besides the student's files —
 * the grader's code and the code under it (dbt engine, Jinja, data generator and timeline, DuckDB
 * adapter) and the grading data (its source's key: for the build's CSVs, a digest of their bytes).
 * A stored verdict whose version differs from the running server's is stale and can be graded
 * again.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeSource } from '@/lib/data/load';
import { serverGradingData } from './data';

/** The folders (from the project root) whose code decides a verdict. */
export const GRADER_SOURCE_DIRS = ['lib/grader', 'lib/dbt', 'lib/jinja', 'lib/data', 'lib/engine'];

const cache = new Map<string, string>();

function sourceFiles(root: string, dir: string): string[] {
  const entries = readdirSync(path.join(root, dir), { withFileTypes: true });
  return entries.flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, rel);
    return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
      ? [rel]
      : [];
  });
}

/** 16 hex digits of a sha-256; read once per project root, then cached for the process. */
export function graderVersion(projectRoot: string = process.cwd()): string {
  // the app's own files, found at run time: nothing for the bundler to trace
  const root = path.resolve(/*turbopackIgnore: true*/ projectRoot);
  const known = cache.get(root);
  if (known) return known;
  const hash = createHash('sha256');
  const files = GRADER_SOURCE_DIRS.flatMap((dir) => sourceFiles(root, dir)).sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(/*turbopackIgnore: true*/ root, file)));
    hash.update('\0');
  }
  hash.update(`data\0${describeSource(serverGradingData(root).data).key}`);
  const version = hash.digest('hex').slice(0, 16);
  cache.set(root, version);
  return version;
}
