/**
 * Part of `npm run build`: DuckDB-WASM's files, copied into `public/duckdb/<version>/` with each wasm
 * stored gzip-compressed (`.wasm.gz`) so the server sends the bytes as they are: `next start` would
 * otherwise compress 34 MB on every request and serve it with `max-age=0`. `next.config.ts` names
 * them immutable (the version is in the path) with `Content-Encoding: gzip`. gzip rather than
 * brotli: every browser accepts it, so no negotiation is needed. Kept between builds when present.
 *
 * The workers are patched (scripts/wasm-worker-patch.ts) in two ways. To report download progress, DuckDB-WASM wraps the wasm's
 * fetch Response in a new Response over a TransformStream, and V8 keeps the compiled code of a
 * streamed module only when it compiles the Response of a fetch itself (that Response has a URL and
 * comes from the HTTP cache). The patch takes the library's own branch for "no TransformStream",
 * `instantiateStreaming(fetch(url))`, so a second visit skips compiling the wasm. The lab does not
 * use the progress events. And a worker starts compiling its wasm as soon as it starts, not when the
 * page's code gets round to asking. The patched copies get names of their own, so a browser that
 * cached other copies (immutable) fetches them again.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { patchedWorkerName, patchWorker } from './wasm-worker-patch';

const DIST = path.join(process.cwd(), 'node_modules', '@duckdb', 'duckdb-wasm', 'dist');
const VERSION = (
  JSON.parse(readFileSync(path.join(DIST, '..', 'package.json'), 'utf8')) as { version: string }
).version;
const OUT_ROOT = path.join(process.cwd(), 'public', 'duckdb');
const OUT = path.join(OUT_ROOT, VERSION);

const WASM = ['duckdb-eh.wasm', 'duckdb-mvp.wasm'];
const WORKERS = ['duckdb-browser-eh.worker.js', 'duckdb-browser-mvp.worker.js'];

mkdirSync(OUT, { recursive: true });
for (const old of readdirSync(OUT_ROOT))
  if (old !== VERSION) rmSync(path.join(OUT_ROOT, old), { recursive: true, force: true });
const started = Date.now();
for (const file of WORKERS) {
  rmSync(path.join(OUT, file), { force: true }); // the unpatched copy of earlier builds
  writeFileSync(
    path.join(OUT, patchedWorkerName(file)),
    patchWorker(readFileSync(path.join(DIST, file), 'utf8'), file),
  );
}
for (const file of WASM) {
  const target = path.join(OUT, `${file}.gz`);
  if (existsSync(target)) continue;
  writeFileSync(
    target,
    gzipSync(readFileSync(path.join(DIST, file)), { level: constants.Z_BEST_COMPRESSION }),
  );
}
console.log(
  `duckdb-wasm ${VERSION}: public/duckdb/${VERSION} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
