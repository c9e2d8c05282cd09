/**
 * Part of `npm run build`: DuckDB-WASM's files, copied into `public/duckdb/<version>/` with each wasm
 * stored gzip-compressed (`.wasm.gz`) so the server sends the bytes as they are: `next start` would
 * otherwise compress 34 MB on every request and serve it with `max-age=0`. `next.config.ts` names
 * them immutable (the version is in the path) with `Content-Encoding: gzip`. gzip rather than
 * brotli: every browser accepts it, so no negotiation is needed. Kept between builds when present.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { gzipSync, constants } from 'node:zlib';

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
for (const file of WORKERS) copyFileSync(path.join(DIST, file), path.join(OUT, file));
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
