import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codeDigest } from './code-digest.node';

describe('the code digest', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function project(files: Record<string, string>): string {
    const root = mkdtempSync(path.join(tmpdir(), 'code-digest-'));
    dirs.push(root);
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    return root;
  }
  const dirsOf = [{ dir: 'lib' }, { dir: 'content', all: true }];

  it('changes with the code and the course files, not with tests or other files', () => {
    const base = {
      'lib/a.ts': 'export const a = 1;',
      'lib/deep/b.ts': 'export const b = 2;',
      'lib/a.test.ts': 'test',
      'lib/notes.md': 'notes',
      'content/models/x.sql': 'select 1',
    };
    const digest = codeDigest(project(base), dirsOf);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(codeDigest(project(base), dirsOf)).toBe(digest);
    expect(codeDigest(project({ ...base, 'lib/a.test.ts': 'other' }), dirsOf)).toBe(digest);
    expect(codeDigest(project({ ...base, 'lib/notes.md': 'other' }), dirsOf)).toBe(digest);
    expect(
      codeDigest(project({ ...base, 'lib/deep/b.ts': 'export const b = 3;' }), dirsOf),
    ).not.toBe(digest);
    expect(codeDigest(project({ ...base, 'content/models/x.sql': 'select 2' }), dirsOf)).not.toBe(
      digest,
    );
    expect(codeDigest(project(base), dirsOf, 'data\0other')).not.toBe(digest);
  });
});
