/**
 * Loading the lab's data: the full dataset into the hidden schema `lab_full` (generated, or imported
 * from the real CSVs), then the timeline's initial state (raw + lab_state) at the cut-off day.
 */
import type { Connection } from '@/lib/engine/connection';
import type { CourseTable } from './course-tables';
import { generateOlist } from './generator/generate';
import { importRawFiles, type ImportOptions } from './importer';
import { clockForDay } from './lab-clock';
import { applyTimelineEvent } from './timeline/timeline';
import { initTimeline, rawRowCounts, readTimelineState, addDays } from './timeline/state';
import type { DataSource, LabDataInfo, TimelineEventId } from './types';

/** The default cut-off: leaves full busy days (2018-08-15 … 2018-08-23) to release. */
export const DEFAULT_CUTOFF = '2018-08-14';

export interface LoadOptions extends ImportOptions {
  /** Last day of the initial load (`YYYY-MM-DD`); by default chosen from the data. */
  cutoff?: string;
  /**
   * Fills `lab_full` another way (a prebuilt database, see prebuilt.ts) instead of generating or
   * importing it; the rest of the load is the same.
   */
  fillFull?: (conn: Connection) => Promise<Record<CourseTable, number>>;
}

export function describeSource(source: DataSource): { label: string; key: string } {
  if (source.kind === 'generated') {
    return {
      label: `generated (scale ${source.scale}, seed ${source.seed})`,
      key: `generated:${source.scale}:${source.seed}`,
    };
  }
  const files = [...source.files].sort((a, b) => a.table.localeCompare(b.table));
  return {
    label: source.label ?? `files (${files.map((f) => f.displayName).join(', ')})`,
    key: source.digest
      ? `files:sha256:${source.digest}`
      : `files:${files.map((f) => `${f.table}=${f.path}`).join('|')}`,
  };
}

/**
 * The cut-off for data whose calendar is not known in advance: the last "busy" day (at least 60% of
 * the median daily volume of the data's last 120 days) minus 9 days, so nine full days are left to
 * release. On the real data that is 2018-08-23 − 9 = 2018-08-14.
 */
export async function chooseCutoff(conn: Connection): Promise<string> {
  const result = await conn.query<{ busy: string | null }>(`
    WITH days AS (
      SELECT order_purchase_timestamp::DATE AS day, count(*) AS n FROM lab_full.orders GROUP BY 1
    ), level AS (
      SELECT median(n) AS m FROM days WHERE day > (SELECT max(day) FROM days) - INTERVAL 120 DAY
    )
    SELECT max(day)::VARCHAR AS busy FROM days, level WHERE n >= 0.6 * m`);
  const busy = result.rows[0]?.busy;
  if (!busy) throw new Error('The orders table is empty: there is nothing to load.');
  return addDays(busy, -9);
}

async function checkCutoff(conn: Connection, cutoff: string): Promise<void> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(cutoff) || Number.isNaN(Date.parse(`${cutoff}T00:00:00Z`))) {
    throw new RangeError(`The cut-off must be a day like 2018-08-14, not "${cutoff}".`);
  }
  const result = await conn.query<{ before: number; after: number }>(`
    SELECT count(*) FILTER (WHERE order_purchase_timestamp < DATE '${cutoff}' + INTERVAL 1 DAY)::INTEGER AS before,
      count(*) FILTER (WHERE order_purchase_timestamp >= DATE '${cutoff}' + INTERVAL 1 DAY)::INTEGER AS after
    FROM lab_full.orders`);
  const { before, after } = result.rows[0]!;
  if (before === 0) throw new RangeError(`No order was placed on or before the cut-off ${cutoff}.`);
  if (after === 0)
    throw new RangeError(`No order was placed after the cut-off ${cutoff}: nothing to release.`);
}

/** Fills `lab_full` from the source. */
export async function loadFullData(
  conn: Connection,
  source: DataSource,
  options: ImportOptions = {},
): Promise<Record<CourseTable, number>> {
  await conn.exec('CREATE SCHEMA IF NOT EXISTS lab_full');
  if (source.kind === 'generated') {
    return generateOlist(conn, { scale: source.scale, seed: source.seed }, 'lab_full');
  }
  return importRawFiles(conn, source.files, 'lab_full', options);
}

/** Loads the full dataset into lab_full, then sets up the timeline's initial state in raw + lab_state. */
export async function loadLabData(
  conn: Connection,
  source: DataSource,
  options: LoadOptions = {},
): Promise<LabDataInfo> {
  if (options.fillFull) await options.fillFull(conn);
  else await loadFullData(conn, source, options);
  const cutoff =
    options.cutoff ?? (source.kind === 'generated' ? DEFAULT_CUTOFF : await chooseCutoff(conn));
  await checkCutoff(conn, cutoff);
  const described = describeSource(source);
  await initTimeline(conn, cutoff, described);
  return {
    cutoffDay: cutoff,
    clock: clockForDay(cutoff),
    rowCounts: await rawRowCounts(conn),
    source: described.label,
  };
}

/**
 * Fresh raw tables from lab_full at the cut-off, then `events` in order. lab_full is reused when it
 * already holds `source` (and the cut-off is the same), else the source is loaded again.
 */
export async function replayTimeline(
  conn: Connection,
  source: DataSource,
  events: TimelineEventId[],
  options: LoadOptions = {},
): Promise<void> {
  let state;
  try {
    state = await readTimelineState(conn);
  } catch {
    state = undefined;
  }
  const sameSource = state?.sourceKey === describeSource(source).key;
  if (sameSource && state && (options.cutoff === undefined || options.cutoff === state.cutoffDay)) {
    await initTimeline(conn, state.cutoffDay, { label: state.source, key: state.sourceKey });
  } else {
    await loadLabData(conn, source, options);
  }
  for (const id of events) await applyTimelineEvent(conn, id);
}
