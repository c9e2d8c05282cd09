/**
 * The timeline's state in `lab_state`: the cut-off, the clock (end of the latest released day), where
 * the data came from, the events applied so far and the pending orders (see release.ts).
 */
import type { Connection } from '@/lib/engine/connection';
import { COURSE_TABLES, type CourseTable } from '../course-tables';
import { applyLabClock, clockForDay } from '../lab-clock';
import { createTimelineTables, releaseDays } from './release';

export interface TimelineState {
  cutoffDay: string;
  clockDay: string;
  clock: string;
  /** Human-readable source, e.g. `generated (scale 1, seed 42)`. */
  source: string;
  /** Identifies the source exactly, to tell whether `lab_full` can be reused. */
  sourceKey: string;
}

export async function readTimelineState(conn: Connection): Promise<TimelineState> {
  let result;
  try {
    result = await conn.query<{
      cutoff_day: string;
      clock_day: string;
      source: string;
      source_key: string;
    }>('SELECT cutoff_day, clock_day, source, source_key FROM lab_state.timeline');
  } catch {
    throw new Error('No lab data is loaded yet: call loadLabData first.');
  }
  const row = result.rows[0];
  if (!row) throw new Error('No lab data is loaded yet: call loadLabData first.');
  return {
    cutoffDay: row.cutoff_day,
    clockDay: row.clock_day,
    clock: clockForDay(row.clock_day),
    source: row.source,
    sourceKey: row.source_key,
  };
}

export async function setClockDay(conn: Connection, day: string): Promise<void> {
  await conn.exec(`UPDATE lab_state.timeline SET clock_day = DATE '${day}'`);
}

/** `YYYY-MM-DD` plus `days` days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days between two `YYYY-MM-DD` days. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export async function rawRowCounts(conn: Connection): Promise<Record<CourseTable, number>> {
  const counts = await conn.query<{ t: CourseTable; n: number }>(
    COURSE_TABLES.map((t) => `SELECT '${t}' AS t, count(*)::INTEGER AS n FROM raw.${t}`).join(
      ' UNION ALL ',
    ),
  );
  return Object.fromEntries(counts.rows.map((r) => [r.t, r.n])) as Record<CourseTable, number>;
}

/**
 * The initial state: `raw` holds everything purchased up to the end of `cutoffDay` (the cut-off day
 * itself with its pending payments and statuses), and the clock is the end of that day.
 */
export async function initTimeline(
  conn: Connection,
  cutoffDay: string,
  source: { label: string; key: string },
): Promise<void> {
  await conn.exec('BEGIN TRANSACTION');
  try {
    await createTimelineTables(conn);
    await conn.exec(`
      CREATE OR REPLACE TABLE lab_state.timeline AS
      SELECT DATE '${cutoffDay}' AS cutoff_day, DATE '${cutoffDay}' AS clock_day,
        '${source.label.replace(/'/g, "''")}' AS source, '${source.key.replace(/'/g, "''")}' AS source_key`);
    await conn.exec('INSERT INTO raw.products SELECT * FROM lab_full.products');
    await releaseDays(conn, null, cutoffDay, false);
    await conn.exec('COMMIT');
  } catch (error) {
    await conn.exec('ROLLBACK');
    throw error;
  }
  await applyLabClock(conn, clockForDay(cutoffDay));
}
