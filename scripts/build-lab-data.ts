/**
 * Part of `npm run build`: generates the lab's data (the lab's own source, scale 1, seed 42) once,
 * with native DuckDB and the project's generator, into `public/data/` as a DuckDB database file
 * plus a manifest. The lab attaches it instead of generating it in every page (see
 * lib/data/prebuilt.ts). The files are build output, never committed.
 */
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describeSource, loadFullData } from '@/lib/data/load';
import { PREBUILT_MANIFEST, prebuiltFileName, type PrebuiltManifest } from '@/lib/data/prebuilt';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { WORKSPACE_DATA } from '@/lib/workspace/course-data';

async function main() {
  const dir = path.join(process.cwd(), 'public', 'data');
  mkdirSync(dir, { recursive: true });
  for (const old of readdirSync(dir))
    if (/\.(duckdb|wal)$/.test(old) || old === PREBUILT_MANIFEST) rmSync(path.join(dir, old));
  const file = prebuiltFileName(WORKSPACE_DATA);
  const started = Date.now();
  const conn = await openNodeConnection({ path: path.join(dir, file) });
  let rows;
  try {
    rows = await loadFullData(conn, WORKSPACE_DATA);
    await conn.exec('CHECKPOINT');
  } finally {
    await conn.close();
  }
  const manifest: PrebuiltManifest = {
    key: describeSource(WORKSPACE_DATA).key,
    file,
    bytes: statSync(path.join(dir, file)).size,
    rows,
  };
  writeFileSync(path.join(dir, PREBUILT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(
    `lab data: ${file}, ${(manifest.bytes / 1e6).toFixed(1)} MB, ${rows.orders} orders, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
