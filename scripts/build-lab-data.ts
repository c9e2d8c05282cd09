/**
 * Part of `npm run build`: the lab's data, prebuilt once with native DuckDB into `public/data/` as a
 * DuckDB database file plus a manifest (lib/course/lab-data-build.node.ts): the real Olist CSVs
 * when `data/raw/` holds them, else the lab's generated data (scale 1, seed 42). The lab attaches
 * it instead of generating or importing it in every page, and the server grades on it. The file is
 * published gzip-compressed under a name with its content's digest, so it is served as it is stored
 * and cached for good (next.config.ts); the manifest is what a page revalidates. The files are
 * build output, never committed.
 */
import path from 'node:path';
import { buildLabData } from '@/lib/course/lab-data-build.node';
import { DEFAULT_RAW_DIR } from '@/lib/data/raw-files.node';

async function main() {
  const started = Date.now();
  const root = process.cwd();
  const built = await buildLabData({
    outDir: path.join(root, 'public', 'data'),
    rawDir: path.join(root, DEFAULT_RAW_DIR),
    projectRoot: root,
  });
  const { manifest, info } = built;
  console.log(
    `lab data: ${manifest.source}, ${manifest.file}, ${(manifest.bytes / 1e6).toFixed(1)} MB (${(built.servedBytes / 1e6).toFixed(1)} MB served), ${manifest.rows.orders} orders, cut-off ${info.cutoffDay}, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(`lab data: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
