/**
 * The grading protocol's contract (see the product brief): steps S0–S4 and eight checks whose ids the
 * CLI, the lab UI and the instructor dashboard all use. Keep the ids stable.
 */
export const CHECK_IDS = [
  'materialized_incremental',
  'unique_key_set',
  'grain_unique',
  'incremental_filter',
  'idempotent_rerun',
  'new_rows_processed',
  'late_arriving_updated',
  'matches_full_refresh',
] as const;

export type CheckId = (typeof CHECK_IDS)[number];

export type CheckStatus = 'pass' | 'fail' | 'error';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** What happened, in the student's terms. */
  message: string;
  /** What to do about it (empty when the check passed). */
  hint: string;
  /** Figures and sample keys behind the verdict. */
  evidence: Record<string, unknown>;
}

export type StepId = 'S0' | 'S1' | 'S2' | 'S3' | 'S4';

export interface StepStats {
  id: StepId;
  title: string;
  status: 'ok' | 'error' | 'skipped';
  /** The run's error (compile or DuckDB), when status is `error`. */
  error?: string;
  /** Did the model take its incremental branch? */
  incremental: boolean | null;
  /** Rows the model's SQL produced this run (the batch), from the engine. */
  batch: number | null;
  inserted: number;
  updated: number;
  /** Rows in the batch whose key existed and whose values did not change: work for nothing. */
  unchangedRewritten: number;
  deleted: number;
  total: number;
  /** Key values that appear more than once, plus rows whose key is NULL. */
  duplicateKeys: number;
  ms: number;
}

export interface GradeReport {
  passed: boolean;
  model: string;
  checks: CheckResult[];
  steps: StepStats[];
  /** Information that is not a failure (the very late correction outside the window). */
  info: string[];
  scenario: { data: string; cutoffDay: string; windowDays: number };
  durationMs: number;
}

export interface GradeProgress {
  step: StepId;
  state: 'running' | 'done';
}
