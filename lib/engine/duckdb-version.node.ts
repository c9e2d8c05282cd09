/** The installed DuckDB-WASM version, read on the server (the page's first script needs it). */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function duckdbWasmVersion(): string {
  const file = path.join(process.cwd(), 'node_modules', '@duckdb', 'duckdb-wasm', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}
