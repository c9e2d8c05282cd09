/**
 * `graderVersion()`: a short digest of everything a verdict depends on besides the student's files —
 * the grader's code and the code under it (dbt engine, Jinja, data generator and timeline, DuckDB
 * adapter) and the grading data (its source's key: for the build's CSVs, a digest of their bytes).
 * A stored verdict whose version differs from the running server's is stale and can be graded
 * again.
 */
import path from 'node:path';
import { codeDigest } from '@/lib/course/code-digest.node';
import { describeSource } from '@/lib/data/load';
import { serverGradingData } from './data';

/** The folders (from the project root) whose code decides a verdict. */
export const GRADER_SOURCE_DIRS = ['lib/grader', 'lib/dbt', 'lib/jinja', 'lib/data', 'lib/engine'];

const cache = new Map<string, string>();

/** 16 hex digits of a sha-256; read once per project root, then cached for the process. */
export function graderVersion(projectRoot: string = process.cwd()): string {
  const root = path.resolve(/*turbopackIgnore: true*/ projectRoot);
  const known = cache.get(root);
  if (known) return known;
  const version = codeDigest(
    root,
    GRADER_SOURCE_DIRS.map((dir) => ({ dir })),
    `data\0${describeSource(serverGradingData(root).data).key}`,
  ).slice(0, 16);
  cache.set(root, version);
  return version;
}
