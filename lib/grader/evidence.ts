/** Everything the grading run observed: plain data, so the verdicts (checks.ts) are a pure function. */
import type { StepId, StepStats } from './types';
import type { DuplicateKeys, RowDiff } from './table-diff';

export interface ColumnDifference {
  key: string;
  column: string;
  /** Value in the student's incremental table (`undefined`: the row is missing). */
  incremental: unknown;
  /** Value in the full-refresh reference. */
  reference: unknown;
}

export interface Evidence {
  model: string;
  windowDays: number;
  /** A failure before any step ran (Jinja error, unknown model…). */
  setupError: string | null;
  materialized: string | null;
  uniqueKey: string[];
  /** Configured key columns the built table does not have. */
  missingKeyColumns: string[];
  /** Columns the diffs use as the row identity (the unique key, else `order_id`). */
  diffKeys: string[];
  steps: Partial<Record<StepId, StepStats>>;
  firstBuild?: {
    duplicates: DuplicateKeys;
    /** Orders in the raw data at S0: the row count of a model at order grain. */
    ordersAvailable: number;
  };
  rerun?: { diff: RowDiff; totalBefore: number; totalAfter: number; duplicates: DuplicateKeys };
  newData?: {
    released: string[];
    missing: string[];
    repeated: string[];
    missingWithoutPayment: string[];
  };
  lateData?: {
    changed: string[];
    /** Orders among `changed` whose row differs from the reference (first few). */
    stale: string[];
    staleCount: number;
    repeated: string[];
    example?: ColumnDifference;
  };
  final?: {
    diff: RowDiff;
    example?: ColumnDifference;
    correctionKeys: string[];
    /** Did the incremental table pick up the very late correction? */
    correctionReflected: boolean;
  };
}
