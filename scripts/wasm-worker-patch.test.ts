import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { patchedWorkerName, patchWorker } from './wasm-worker-patch';

const DIST = path.join(process.cwd(), 'node_modules', '@duckdb', 'duckdb-wasm', 'dist');

describe.each(['duckdb-browser-eh.worker.js', 'duckdb-browser-mvp.worker.js'])(
  'the patched %s',
  (file) => {
    const source = readFileSync(path.join(DIST, file), 'utf8');
    const patched = patchWorker(source, file);

    it('streams the fetch Response itself into the compiler, with no progress wrapper', () => {
      const at = patched.indexOf('globalThis.DUCKDB_RUNTIME=this._runtime;');
      expect(at).toBeGreaterThan(0);
      const body = patched.slice(at, at + 2500);
      expect(body).toMatch(/if\(false\)\{/);
      expect(body).toMatch(/WebAssembly\.instantiateStreaming\(fetch\(\w+\),\w+\)/);
      expect(patched).not.toContain('instantiating without progress handler');
      // nothing else changed
      expect(patched.length).toBe(
        source.length -
          'typeof TransformStream=="function"'.length +
          'false'.length -
          'console.warn("instantiating without progress handler since transform streams are unavailable");'
            .length,
      );
    });

    it('refuses a worker whose code moved', () => {
      expect(() =>
        patchWorker(
          source.replace('if(typeof TransformStream', 'if (typeof TransformStream'),
          file,
        ),
      ).toThrow(/expected the code/);
      expect(patchedWorkerName(file)).toMatch(/\.code-cache\.worker\.js$/);
    });
  },
);
