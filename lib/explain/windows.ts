/**
 * The run chart's high-water-mark view: for each recorded build of the model, the window it read on
 * its timestamp column (from the engine's `NodeResult.window`, kept in the run history): the first
 * and last value among the rows it recomputed, the table's high-water mark before it, and how far
 * the window reached back behind that mark. A run whose window starts after the mark re-read
 * nothing already loaded: late changes to loaded rows are out of its reach.
 */
import type { RunRecord } from '@/lib/workspace/run-history';

export interface RunWindow {
  id: string;
  at: string;
  /** The lab clock when it ran. */
  clock: string | null;
  kind: RunRecord['kind'];
  column: string;
  /** First and last value in the rows the run produced; null when it produced none. */
  from: string | null;
  to: string | null;
  /** The table's maximum before the run; null for a full build. */
  mark: string | null;
  /** Days from the window's start back to the mark (positive: it re-read loaded rows). */
  overlapDays: number | null;
  /** Days from the window's start to the run's clock. */
  reachDays: number | null;
  /** Rows the run recomputed that the table already had, and rows new to it. */
  rewritten: number;
  added: number;
}

const DAY_MS = 86_400_000;

function parse(timestamp: string | null | undefined): number | null {
  if (!timestamp) return null;
  const ms = Date.parse(`${timestamp.replace(' ', 'T').slice(0, 23)}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function days(later: number | null, earlier: number | null): number | null {
  if (later === null || earlier === null) return null;
  return Math.round(((later - earlier) / DAY_MS) * 100) / 100;
}

/** The windows of the runs that recorded one, oldest first. */
export function runWindows(history: readonly RunRecord[], model?: string): RunWindow[] {
  return history
    .filter((run) => run.window && (model === undefined || run.model === model))
    .map((run) => {
      const window = run.window!;
      const from = parse(window.from);
      return {
        id: run.id,
        at: run.at,
        clock: run.clock ?? null,
        kind: run.kind,
        column: window.column,
        from: window.from,
        to: window.to,
        mark: window.mark,
        overlapDays: days(parse(window.mark), from),
        reachDays: days(parse(run.clock), from),
        rewritten: run.kind === 'incremental' ? run.updated : 0,
        added: run.inserted,
      };
    });
}
