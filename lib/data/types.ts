/** Public types of the data layer (re-exported by `lib/data/index.ts`). */
import type { CourseTable } from './course-tables';

export type { CourseTable } from './course-tables';

/** A CSV for one course table: a disk path in Node, a name registered with DuckDB in the browser. */
export interface RawFile {
  table: CourseTable;
  /** What `read_csv` opens; must end in `.csv` or `.csv.gz` (DuckDB picks gzip by the name). */
  path: string;
  /** The name the user knows, for error messages (e.g. `olist_orders_dataset.csv.gz`). */
  displayName: string;
}

export type DataSource =
  | { kind: 'generated'; scale: number; seed: number }
  | {
      kind: 'files';
      files: RawFile[];
      /** What the lab calls this data (e.g. `the real Olist CSVs (data/raw)`); the file names otherwise. */
      label?: string;
      /**
       * A digest of the files' bytes (`digestCourseFiles`): then the source's key, the same for the
       * same files wherever they are (a server folder, files picked in a browser).
       */
      digest?: string;
    };

export interface LabDataInfo {
  /** Last day of the initial load, `YYYY-MM-DD`. */
  cutoffDay: string;
  /** The lab clock, `YYYY-MM-DD HH:MM:SS` (end of the latest loaded day). */
  clock: string;
  /** Rows in `raw` after the initial load. */
  rowCounts: Record<CourseTable, number>;
  /** Where the data came from, in words (e.g. `generated (scale 1, seed 42)`). */
  source: string;
}

export type TimelineEventId = 'new_orders' | 'late_payments' | 'status_changes' | 'late_correction';

export interface TimelineEventInfo {
  id: TimelineEventId;
  title: string;
  /** What the event does, in a student's words. */
  description: string;
  available: boolean;
  /** Why it is not available now (when it is not). */
  unavailableReason?: string;
  /** Applied at least once since the initial load. */
  applied: boolean;
}

export interface TableChange {
  table: CourseTable;
  inserted: number;
  updated: number;
  /** order_ids touched (product ids for products). */
  keys: string[];
}

export interface EventEffect {
  id: TimelineEventId;
  title: string;
  summary: string;
  /** The lab clock after the event. */
  clock: string;
  changed: TableChange[];
  /** True for a change older than the 3-day lookback window (the very late correction). */
  outsideWindow?: boolean;
}
