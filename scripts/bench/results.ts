/**
 * The shape of bench/results.json: what was run, on what machine, the measurements as taken
 * (`raw`) and the figures judged against the product's targets (`figures`, see figures.ts).
 */
import type { FctOrdersFigures } from '@/lib/bench/fct-orders';
import type { BrowserGrading, ReadyFigures, Transfer } from './browser';
import type { ClassesFigures } from './classes';
import type { NodeGrading } from './node';

export type Unit = 'ms' | 'fraction' | 'times' | 'bytes' | 'per_second' | 'count';

export interface Target {
  /** `<=`: at most; `~`: about (an expectation, not judged). */
  op: '<=' | '~';
  value: number;
}

export type Status = 'met' | 'missed' | 'info' | 'not measured';

export interface Figure {
  /** Stable id, e.g. `lab_ready_cold` or `fct_orders.browser.sf1.solution.noop_over_full`. */
  id: string;
  group: string;
  label: string;
  value: number | null;
  unit: Unit;
  target?: Target;
  status: Status;
  /** The spread, the runs, the data: what a reader needs to weigh the value. */
  detail?: string;
  /** For a missed target: why, from the measurements (profiles, breakdowns). */
  why?: string;
}

export interface RawResults {
  ready?: ReadyFigures;
  lessonBytes?: { route: string; cold: Transfer; warm: Transfer };
  grading: { browser?: BrowserGrading; node?: NodeGrading };
  fctOrders: { browser: FctOrdersFigures[]; node: FctOrdersFigures[] };
  classes?: ClassesFigures;
  /** Sections that failed or were skipped, with why. */
  problems: Record<string, string>;
}

export interface RunInfo {
  /** ISO time the run started. */
  date: string;
  commit: string;
  /** Uncommitted changes in the tree when it ran. */
  dirty: boolean;
  mode: 'quick' | 'full';
  command: string;
  durationS: number;
  /** One-minute load average at the start and at the end (busy machines show here). */
  loadAverage: { start: number; end: number };
  /** What the run measured, e.g. scales and runs per figure. */
  plan: Record<string, unknown>;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
}

export interface BenchResults {
  run: RunInfo;
  machine: Machine;
  figures: Figure[];
  raw: RawResults;
}
