/**
 * Part of `npm run build`: generates the lab's data (the lab's own source, scale 1, seed 42) once,
 * with native DuckDB and the project's generator, into `public/data/` as a DuckDB database file
 * plus a manifest. The lab attaches it instead of generating it in every page (see
 * lib/data/prebuilt.ts). The file is published gzip-compressed under a name with its content's
 * digest, so it is served as it is stored and cached for good (next.config.ts); the manifest is
 * what a page revalidates. The files are build output, never committed.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describeSource, loadFullData } from '@/lib/data/load';
import { PREBUILT_MANIFEST, prebuiltFileName, type PrebuiltManifest } from '@/lib/data/prebuilt';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { LAB_DATA } from '@/lib/course/lab-data-source';

async function main() {
  const dir = path.join(process.cwd(), 'public', 'data');
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir))
    if (/\.(duckdb|wal|gz)$/.test(old) || old === PREBUILT_MANIFEST) rmSync(path.join(dir, old));
  const working = prebuiltFileName(LAB_DATA);
  const started = Date.now();
  const conn = await openNodeConnection({ path: path.join(dir, working) });
  let rows;
  try {
    rows = await loadFullData(conn, LAB_DATA);
    await conn.exec('CHECKPOINT');
  } finally {
    await conn.close();
  }
  const bytes = readFileSync(path.join(dir, working));
  rmSync(path.join(dir, working));
  const digest = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const file = working.replace(/\.duckdb$/, `-${digest}.duckdb.gz`);
  const compressed = gzipSync(bytes, { level: 9 });
  writeFileSync(path.join(dir, file), compressed);
  const manifest: PrebuiltManifest = {
    key: describeSource(LAB_DATA).key,
    file,
    bytes: bytes.length,
    rows,
  };
  writeFileSync(path.join(dir, PREBUILT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `lab data: ${file}, ${(manifest.bytes / 1e6).toFixed(1)} MB (${(compressed.length / 1e6).toFixed(1)} MB served), ${rows.orders} orders, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
