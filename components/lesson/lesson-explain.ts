/**
 * The lessons' strategy explainer, loaded only when a reader clicks its button (a dynamic import):
 * a database of its own in the page's DuckDB with the lessons' generated data at the lab's cut-off,
 * Day 10's project built on it, then a day of new orders, its late payments and status changes,
 * so an incremental run has rows to insert and rows to replace. Prepared once per page.
 */
import { applyTimelineEvent, loadLabData } from '@/lib/data';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { openFreshDatabase } from '@/lib/engine/browser-engine';
import { LESSON_DATA_SOURCE } from '@/lib/content/lesson-data';
import { explainStrategies, type StrategyExplanation } from '@/lib/explain/strategies';
import { buildDay10 } from '@/lib/workspace/day10';

export type ExplainPhase = 'engine' | 'data' | 'explain';

let prepared: Promise<Connection> | null = null;
// One explanation at a time: its runs open transactions on the connection.
let queue: Promise<unknown> = Promise.resolve();

function prepare(starter: ProjectFiles, onPhase: (phase: ExplainPhase) => void) {
  prepared ??= (async () => {
    onPhase('engine');
    const connection = await openFreshDatabase('lesson_strategies');
    onPhase('data');
    await loadLabData(connection, LESSON_DATA_SOURCE);
    const day10 = await buildDay10(connection, starter);
    if (!day10.ok) throw new Error(day10.line);
    for (const id of ['new_orders', 'late_payments', 'status_changes'] as const)
      await applyTimelineEvent(connection, id);
    return connection;
  })().catch((error: unknown) => {
    prepared = null; // a later click tries again
    throw error;
  });
  return prepared;
}

export function explainOnLessonData(
  starter: ProjectFiles,
  files: ProjectFiles,
  onPhase: (phase: ExplainPhase) => void,
): Promise<StrategyExplanation> {
  const run = async () => {
    const connection = await prepare(starter, onPhase);
    onPhase('explain');
    return explainStrategies({ connection, files, model: 'fct_orders', keyColumns: ['order_id'] });
  };
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
