/**
 * Runs the lateness lab's sweep (lib/explain/lookback.ts) in the page, in the background: on a
 * database of its own (`lab_lateness`, never the student's), one sweep at a time, the widths in
 * passes so the first points are drawn before the rest arrive, stoppable between days, and cached
 * by project, data setting and days for the rest of the visit. The engine and the sweep load on the
 * first run, so a lesson page loads neither until the reader asks.
 */
import type { ProjectFiles } from '@/lib/dbt/types';
import type { LatenessSetting } from '@/lib/data/timeline/lateness';
import type { LookbackSweep, WidthResult } from '@/lib/explain/lookback';

export interface LatenessPreset {
  id: string;
  label: string;
  /** The held changes' delays; null: the lab's default (DEFAULT_LATENESS). */
  delays: LatenessSetting['delays'] | null;
}

/** The delay distributions a student can pick (the hold shares are the default's). */
export const LATENESS_PRESETS: LatenessPreset[] = [
  { id: 'default', label: 'Most within a day, a tail up to two weeks', delays: null },
  {
    id: 'slow',
    label: 'Slow settlement: a third within a day, the rest over two weeks',
    delays: [
      { days: 1, share: 35 },
      { days: 2, share: 15 },
      { days: 3, share: 10 },
      { days: 5, share: 10 },
      { days: 7, share: 10 },
      { days: 10, share: 10 },
      { days: 14, share: 10 },
    ],
  },
  {
    id: 'quick',
    label: 'Quick: everything within three days',
    delays: [
      { days: 1, share: 70 },
      { days: 2, share: 20 },
      { days: 3, share: 10 },
    ],
  },
];

/** The slider's widths. */
export const WIDTHS = Array.from({ length: 15 }, (_, i) => i);

/**
 * The widths in the order they are computed: the ends and the lessons' 3 and 7 first, then the
 * rest, each pass a sweep of its own on fresh data (the same data: generated, seeded).
 */
export const PASSES: number[][] = [
  [0, 3, 7, 14],
  [1, 2, 4, 5, 6, 8, 9, 10, 11, 12, 13],
];

/** The very late correction's order is older than the widest window, in every pass alike. */
const CORRECTION_AGE = Math.max(...WIDTHS) + 1;

export interface SweepView {
  key: string;
  presetId: string;
  days: number;
  /** The first pass's description of the run (days, arrivals, the correction, the data). */
  sweep: LookbackSweep | null;
  /** The widths computed so far. */
  widths: WidthResult[];
  progress: { pass: number; passes: number; day: number; days: number } | null;
  done: boolean;
  stopped: boolean;
  error: string | null;
  /** Wall-clock time so far. */
  ms: number;
}

/** The sweep's own database in the page's DuckDB (dropped when a sweep ends). */
const DATABASE = 'lab_lateness';

const cache = new Map<string, SweepView>();
let active: { key: string; stop: () => void; finished: Promise<void> } | null = null;

export function sweepKey(files: ProjectFiles, presetId: string, days: number): string {
  const sorted = Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([presetId, days, sorted]);
}

/** A finished sweep of this visit for the same project and setting. */
export function cachedSweep(key: string): SweepView | null {
  return cache.get(key) ?? null;
}

export function isRunning(): boolean {
  return active !== null;
}

/** Stops the running sweep before its next day (its widths computed so far are kept). */
export function stopSweep(): void {
  active?.stop();
}

export interface RunOptions {
  files: ProjectFiles;
  presetId: string;
  days: number;
  model?: string;
  onUpdate: (view: SweepView) => void;
}

/** Runs a sweep (after any running one has stopped); resolves with its last view. */
export async function runSweep(options: RunOptions): Promise<SweepView> {
  if (active) {
    active.stop();
    await active.finished;
  }
  const key = sweepKey(options.files, options.presetId, options.days);
  let stop = false;
  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));
  active = { key, stop: () => (stop = true), finished };
  const started = performance.now();
  const view: SweepView = {
    key,
    presetId: options.presetId,
    days: options.days,
    sweep: null,
    widths: [],
    progress: { pass: 1, passes: PASSES.length, day: 0, days: options.days },
    done: false,
    stopped: false,
    error: null,
    ms: 0,
  };
  let release: () => Promise<void> = async () => undefined;
  const publish = () => {
    view.ms = performance.now() - started;
    options.onUpdate({ ...view, widths: [...view.widths] });
  };
  publish();
  try {
    const [{ sweepLookback }, { DEFAULT_LATENESS }, engine] = await Promise.all([
      import('@/lib/explain/lookback'),
      import('@/lib/data/timeline/lateness'),
      import('@/lib/engine/browser-engine'),
    ]);
    const preset = LATENESS_PRESETS.find((p) => p.id === options.presetId);
    const lateness: LatenessSetting = preset?.delays
      ? { ...DEFAULT_LATENESS, delays: preset.delays }
      : DEFAULT_LATENESS;
    release = async () => {
      const { connection } = await engine.startBrowserEngine();
      await connection.exec(`DETACH DATABASE IF EXISTS ${DATABASE}`);
    };
    for (const [i, widths] of PASSES.entries()) {
      if (stop) break;
      view.progress = { pass: i + 1, passes: PASSES.length, day: 0, days: options.days };
      publish();
      const connection = await engine.openFreshDatabase(DATABASE);
      const result = await sweepLookback({
        connection,
        files: options.files,
        model: options.model ?? 'fct_orders',
        widths,
        days: options.days,
        lateness,
        correctionAgeDays: CORRECTION_AGE,
        shouldStop: () => stop,
        onProgress: ({ day, days }) => {
          view.progress = { pass: i + 1, passes: PASSES.length, day, days };
          publish();
        },
      }).finally(() => connection.close().catch(() => undefined));
      view.sweep ??= result;
      if (result.injection.kind === 'none' || result.referenceError) {
        view.sweep = result;
        break;
      }
      if (result.stopped) {
        view.stopped = true;
        break;
      }
      view.widths = [...view.widths, ...result.widths].sort((a, b) => a.width - b.width);
      publish();
    }
    view.stopped ||= stop;
    view.done = !view.stopped;
  } catch (error) {
    view.error = error instanceof Error ? error.message : String(error);
  } finally {
    await release().catch(() => undefined); // the sweep's data is not kept
    view.progress = null;
    publish();
    if (view.done) cache.set(key, { ...view });
    active = null;
    resolveFinished();
  }
  return view;
}
