/**
 * Which database the page's engine opens: in memory (every page), or the lab's database kept in the
 * browser's origin-private storage between visits (lib/workspace/kept-database.ts). A module of its
 * own, without DuckDB-WASM, so the lab can ask before the engine's code is even loaded.
 */

/**
 * The lab's database file. Named `memory` so its catalog is `memory`, as for the in-memory database
 * of every other page: relations render the same (`"memory"."main"."fct_orders"`) either way.
 */
export const WORKSPACE_DATABASE = 'opfs://incremental-lab/memory.duckdb';

let wanted = ':memory:';
let decided = false;

/** The lab's page asks for its kept database as it first renders (before any engine starts). */
export function requestWorkspaceDatabase(): void {
  if (!decided) wanted = WORKSPACE_DATABASE;
}

/** The engine takes the choice once, as it starts: later requests change nothing. */
export function takeDatabaseChoice(): string {
  decided = true;
  return wanted;
}
