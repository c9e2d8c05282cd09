import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { earlyEngineScript, KEPT_DATA_FLAG, type EarlyEngine } from './early-start';

/** Runs the inline script in a bare global with stand-ins for what a browser gives it. */
function runScript(options: {
  eh: boolean;
  files: Record<string, unknown>;
  stored?: Record<string, string>;
}) {
  const workers: string[] = [];
  const fetched: string[] = [];
  const window: { __labEarlyEngine?: EarlyEngine } = {};
  const fetch = async (url: string) => {
    fetched.push(url);
    const body = options.files[url];
    if (body === undefined) return { ok: false, status: 404 };
    return {
      ok: true,
      json: async () => body,
      arrayBuffer: async () => body,
      body: { pipeTo: async () => undefined },
    };
  };
  runInNewContext(earlyEngineScript('1.2.3', '/data/', 'lab-data.json'), {
    window,
    fetch,
    Worker: class {
      constructor(url: string) {
        workers.push(url);
      }
    },
    WritableStream: class {},
    WebAssembly: { validate: () => options.eh },
    Uint8Array,
    localStorage: { getItem: (key: string) => options.stored?.[key] ?? null },
  });
  return { early: window.__labEarlyEngine, workers, fetched };
}

describe("the lab's first script", () => {
  it('starts the worker of the bundle DuckDB-WASM would choose, the wasm and the data', async () => {
    const bytes = new ArrayBuffer(8);
    const { early, workers, fetched } = runScript({
      eh: true,
      files: {
        '/duckdb/1.2.3/duckdb-eh.wasm.gz': new ArrayBuffer(1),
        '/data/lab-data.json': { file: 'lab-x-abc.duckdb.gz' },
        '/data/lab-x-abc.duckdb.gz': bytes,
      },
    });
    expect(workers).toEqual(['/duckdb/1.2.3/duckdb-browser-eh.precompile.worker.js']);
    expect(early?.workerUrl).toBe(workers[0]);
    expect(early?.wasmUrl).toBe('/duckdb/1.2.3/duckdb-eh.wasm.gz');
    expect(await early?.data).toEqual({ url: '/data/lab-x-abc.duckdb.gz', bytes });
    // the wasm is the worker's to fetch and compile (scripts/wasm-worker-patch.ts)
    expect(fetched).toEqual(['/data/lab-data.json', '/data/lab-x-abc.duckdb.gz']);
  });

  it('falls back to the mvp build, and leaves the data to the engine without a usable manifest', async () => {
    const missing = runScript({ eh: false, files: {} });
    expect(missing.workers).toEqual(['/duckdb/1.2.3/duckdb-browser-mvp.precompile.worker.js']);
    expect(await missing.early?.data).toBeNull();
    // a manifest naming a file outside the data folder is not followed
    const hostile = runScript({
      eh: true,
      files: { '/data/lab-data.json': { file: '../x.duckdb' } },
    });
    expect(await hostile.early?.data).toBeNull();
    expect(hostile.fetched).toEqual(['/data/lab-data.json']);
  });

  it('skips the data when the kept database holds tables grown from that very file', async () => {
    const files = {
      '/data/lab-data.json': { file: 'lab-x-new.duckdb.gz' },
      '/data/lab-x-new.duckdb.gz': new ArrayBuffer(4),
    };
    const kept = runScript({
      eh: true,
      files,
      stored: { [KEPT_DATA_FLAG]: 'lab-x-new.duckdb.gz' },
    });
    expect(await kept.early?.data).toBeNull();
    expect(kept.fetched).not.toContain('/data/lab-x-new.duckdb.gz');
    // kept from an older build's file: this build's data is fetched
    const older = runScript({
      eh: true,
      files,
      stored: { [KEPT_DATA_FLAG]: 'lab-x-old.duckdb.gz' },
    });
    expect((await older.early?.data)?.url).toBe('/data/lab-x-new.duckdb.gz');
  });
});
