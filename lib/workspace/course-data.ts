/**
 * The workspace database's course data: on the first dbt command the Olist tables are generated into
 * the page's DuckDB (scale 1, seed 42, as the CLI does without real CSVs) and the timeline starts at
 * the cut-off; later commands only read the lab clock back. Talks to DuckDB through `Connection` only.
 */
import { getLabClock, loadLabData, type DataSource } from '@/lib/data';
import type { Connection } from '@/lib/engine/connection';

export const WORKSPACE_DATA: DataSource = { kind: 'generated', scale: 1, seed: 42 };

async function rawOrdersExist(connection: Connection): Promise<boolean> {
  const result = await connection.query<{ n: number }>(
    "select count(*)::int as n from information_schema.tables where table_catalog = current_database() and table_schema = 'raw' and table_name = 'orders'",
  );
  return Number(result.rows[0]?.n ?? 0) > 0;
}

let loading: Promise<string | undefined> | null = null;

export interface EnsureOptions {
  source?: DataSource;
  /** Runs right after a fresh load, before any caller goes on (the journal's replay). */
  afterLoad?: () => Promise<void>;
}

/**
 * Loads the course data once per database and returns the lab clock (`undefined` when raw tables
 * exist without the lab's timeline, e.g. made by hand in the SQL console). Concurrent callers share
 * one load; a failed load can be retried.
 */
export function ensureWorkspaceData(
  connection: Connection,
  log: (line: string) => void,
  { source = WORKSPACE_DATA, afterLoad }: EnsureOptions = {},
): Promise<string | undefined> {
  loading ??= (async () => {
    if (!(await rawOrdersExist(connection))) {
      log('Loading the course data into this browser (first run only)…');
      const started = Date.now();
      const info = await loadLabData(connection, source);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      log(
        `Loaded the course data (${info.source}) up to ${info.cutoffDay} in ${seconds}s; lab clock ${info.clock}`,
      );
      await afterLoad?.();
    }
    try {
      return await getLabClock(connection);
    } catch {
      return undefined;
    }
  })().finally(() => {
    loading = null;
  });
  return loading;
}
