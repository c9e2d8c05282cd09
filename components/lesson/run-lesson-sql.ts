/**
 * Loaded only when a reader first clicks Run (a dynamic import), so a lesson page ships neither
 * DuckDB-WASM nor the data generator until then.
 */
import type { QueryResult } from '@/lib/engine/connection';
import { startBrowserEngine } from '@/lib/engine/browser-engine';
import { prepareLessonDatabase } from './lesson-database';

export type RunPhase = 'engine' | 'data' | 'query';

// Blocks share one connection: run their statements one after another, never interleaved.
let queue: Promise<unknown> = Promise.resolve();

export function runLessonSql(
  sql: string,
  maxRows: number,
  onPhase: (phase: RunPhase) => void,
): Promise<QueryResult> {
  const run = async () => {
    onPhase('engine');
    const engine = await startBrowserEngine();
    onPhase('data');
    await prepareLessonDatabase(engine.connection);
    onPhase('query');
    return engine.connection.query(sql, { maxRows });
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
