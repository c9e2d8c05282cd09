import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { patchedWorkerName, patchWorker } from './wasm-worker-patch';

const DIST = path.join(process.cwd(), 'node_modules', '@duckdb', 'duckdb-wasm', 'dist');

/** The patch's first statement, run with a worker's location and stand-ins for fetch and wasm. */
function precompile(patched: string, location: string) {
  const start = patched.indexOf('var __labWasm=');
  const end = patched.indexOf('\n', start);
  const fetched: string[] = [];
  const sandbox: Record<string, unknown> = {
    self: { location: { href: location } },
    URL,
    fetch: (url: string) => (fetched.push(url), Promise.resolve({ url })),
    WebAssembly: {
      compileStreaming: async (r: Promise<{ url: string }>) => ({ from: (await r).url }),
    },
  };
  runInNewContext(patched.slice(start, end), sandbox);
  return { fetched, module: sandbox.__labWasm as Promise<{ url: string; module: unknown }> | null };
}

describe.each(['duckdb-browser-eh.worker.js', 'duckdb-browser-mvp.worker.js'])(
  'the patched %s',
  (file) => {
    const source = readFileSync(path.join(DIST, file), 'utf8');
    const patched = patchWorker(source, file);
    const kind = file.includes('-eh.') ? 'eh' : 'mvp';

    it('streams the fetch Response itself into the compiler, with no progress wrapper', () => {
      const at = patched.indexOf('globalThis.DUCKDB_RUNTIME=this._runtime;');
      expect(at).toBeGreaterThan(0);
      const body = patched.slice(at, at + 3000);
      expect(body).toMatch(/if\(false\)\{/);
      expect(body).toContain('WebAssembly.instantiateStreaming(fetch(n),e)');
      expect(body).toContain('WebAssembly.instantiate(c.module,e)');
      expect(patched).not.toContain('instantiating without progress handler');
    });

    it('starts compiling the wasm next to it as it starts, and stays in strict mode', async () => {
      expect(patched.startsWith('"use strict";var __labWasm=')).toBe(true);
      const worker = `https://lab.test/duckdb/1.32.0/${patchedWorkerName(file)}`;
      const { fetched, module } = precompile(patched, worker);
      const wasm = `https://lab.test/duckdb/1.32.0/duckdb-${kind}.wasm.gz`;
      expect(fetched).toEqual([wasm]);
      expect(await module).toEqual({ url: wasm, module: { from: wasm } });
      // a worker under another name compiles nothing
      expect(precompile(patched, 'https://lab.test/other.js').module).toBeNull();
    });

    it('refuses a worker whose code moved, and gets a name of its own', () => {
      expect(() =>
        patchWorker(
          source.replace('if(typeof TransformStream', 'if (typeof TransformStream'),
          file,
        ),
      ).toThrow(/expected the code/);
      expect(patchedWorkerName(file)).toMatch(/\.precompile\.worker\.js$/);
    });
  },
);
