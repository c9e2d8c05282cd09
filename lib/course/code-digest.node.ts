/**
 * A digest of the app's own source files under some folders (from the project root): what the
 * grader's version and the lab's kept-database stamp are made of. Test files are left out; a
 * folder's other files count when `all` is set (the course project's SQL and YAML), else its `.ts`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface DigestedDir {
  dir: string;
  all?: boolean;
}

function sourceFiles(root: string, { dir, all }: DigestedDir): string[] {
  const entries = readdirSync(path.join(/*turbopackIgnore: true*/ root, dir), {
    withFileTypes: true,
  });
  return entries.flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, { dir: rel, all });
    if (!entry.isFile() || entry.name.endsWith('.test.ts')) return [];
    return all || entry.name.endsWith('.ts') ? [rel] : [];
  });
}

/** The sha-256 of every file's path and bytes, in a stable order (hex). */
export function codeDigest(projectRoot: string, dirs: DigestedDir[], extra = ''): string {
  // the app's own files, found at run time: nothing for the bundler to trace
  const root = path.resolve(/*turbopackIgnore: true*/ projectRoot);
  const hash = createHash('sha256');
  for (const file of dirs.flatMap((d) => sourceFiles(root, d)).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(/*turbopackIgnore: true*/ root, file)));
    hash.update('\0');
  }
  hash.update(extra);
  return hash.digest('hex');
}
