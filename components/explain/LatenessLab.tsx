'use client';

import dynamic from 'next/dynamic';
import { useEffect, useId, useState } from 'react';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { WidthResult } from '@/lib/explain/lookback';
import { curvePoints } from './curve-points';
import {
  cachedSweep,
  LATENESS_PRESETS,
  runSweep,
  stopSweep,
  sweepKey,
  WIDTHS,
  type SweepView,
} from './lateness-runner';

// recharts loads with the first result, not with the page.
const LatenessChart = dynamic(() => import('./LatenessChart'), { ssr: false, loading: () => null });

const exact = new Intl.NumberFormat('en');
const DAY_CHOICES = [7, 14] as const;

function daysText(n: number): string {
  return `${n} day${n === 1 ? '' : 's'}`;
}

function perRun(w: WidthResult): number {
  const runs = w.rescannedRows.length;
  return runs === 0 ? 0 : w.cost.totalRescannedRows / runs;
}

function readout(width: number, w: WidthResult | undefined, running: boolean): string {
  const head = `${daysText(width)}: `;
  if (!w) return head + (running ? 'not computed yet, coming.' : 'not computed.');
  if (w.error) return head + `the model failed at this width: ${w.error}`;
  const cost = `each run re-read ${exact.format(Math.round(perRun(w)))} rows already in the table (${exact.format(w.cost.totalBatchRows)} rows recomputed over the ${w.batchRows.length} runs)`;
  const e = w.errors;
  if (!e) return `${head}${cost}.`;
  if (e.total === 0) return `${head}${cost}; at the end the table equals a full refresh.`;
  const stale = e.wrong + e.extra;
  const parts = [
    e.missing > 0 ? `${exact.format(e.missing)} missing` : null,
    stale > 0 ? `${exact.format(stale)} stale or repeated` : null,
  ].filter(Boolean);
  const correction =
    e.correction > 0
      ? `, ${e.total === 1 ? 'that one' : 'one of them'} the very late correction, which no window catches`
      : '';
  return `${head}${cost}; at the end ${exact.format(e.total)} order${e.total === 1 ? ' was' : 's were'} wrong or missing against a full refresh (${parts.join(', ')})${correction}.`;
}

function WidthsTable({
  widths,
  markWidth,
  sliderWidth,
}: {
  widths: WidthResult[];
  markWidth: number | null;
  sliderWidth: number;
}) {
  const byWidth = new Map(widths.map((w) => [w.width, w]));
  const cell = 'border-b border-slate-200 px-2 py-0.5 text-right dark:border-slate-800';
  const head = 'border-b border-slate-300 px-2 py-1 text-right font-semibold dark:border-slate-700';
  return (
    <table className="border-collapse font-mono text-xs tabular-nums" data-testid="lateness-table">
      <caption className="sr-only">Cost and errors of each lookback width</caption>
      <thead className="text-slate-600 dark:text-slate-400">
        <tr>
          <th scope="col" className={head}>
            Window
          </th>
          <th scope="col" className={head}>
            Re-read per run
          </th>
          <th scope="col" className={head}>
            Re-read, all runs
          </th>
          <th scope="col" className={head}>
            Recomputed, all runs
          </th>
          <th scope="col" className={head}>
            Wrong or missing
          </th>
          <th scope="col" className={head}>
            missing
          </th>
          <th scope="col" className={head}>
            stale or repeated
          </th>
          <th scope="col" className={head}>
            very late correction
          </th>
        </tr>
      </thead>
      <tbody>
        {WIDTHS.map((width) => {
          const w = byWidth.get(width);
          const e = w?.errors;
          const marks = [
            width === markWidth ? 'your model' : null,
            width === sliderWidth ? 'slider' : null,
          ].filter(Boolean);
          return (
            <tr
              key={width}
              data-testid={`lateness-row-${width}`}
              className={width === sliderWidth ? 'bg-sky-50 dark:bg-sky-950/60' : ''}
            >
              <th scope="row" className={`${cell} font-normal`}>
                {daysText(width)}
                {marks.length > 0 && (
                  <span className="ml-1 font-sans text-slate-600 dark:text-slate-400">
                    ({marks.join(', ')})
                  </span>
                )}
              </th>
              {w && !w.error ? (
                <>
                  <td className={cell}>{exact.format(Math.round(perRun(w) * 10) / 10)}</td>
                  <td className={cell} data-testid={`lateness-${width}-rescanned`}>
                    {exact.format(w.cost.totalRescannedRows)}
                  </td>
                  <td className={cell} data-testid={`lateness-${width}-batch`}>
                    {exact.format(w.cost.totalBatchRows)}
                  </td>
                  <td className={cell} data-testid={`lateness-${width}-errors`}>
                    {e ? exact.format(e.total) : '–'}
                  </td>
                  <td className={cell}>{e ? exact.format(e.missing) : '–'}</td>
                  <td className={cell}>{e ? exact.format(e.wrong + e.extra) : '–'}</td>
                  <td className={cell} data-testid={`lateness-${width}-correction`}>
                    {e ? (e.correction > 0 ? 'missed' : 'caught') : '–'}
                  </td>
                </>
              ) : (
                <td colSpan={7} className={`${cell} text-left text-slate-500 dark:text-slate-400`}>
                  {w?.error ? `failed: ${w.error.split('\n')[0]}` : 'not computed'}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function RunDescription({ view }: { view: SweepView }) {
  const sweep = view.sweep;
  if (!sweep || sweep.days.length === 0) return null;
  const orders = sweep.days.reduce((s, d) => s + d.newOrders, 0);
  const payments = sweep.days.reduce((s, d) => s + d.latePayments, 0);
  const statuses = sweep.days.reduce((s, d) => s + d.lateStatuses, 0);
  const delays = Object.entries(sweep.arrivalsByDelay)
    .map(([d, count]) => [Number(d), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const late = delays.reduce((s, [, c]) => s + c, 0);
  return (
    <p className="text-xs text-slate-600 dark:text-slate-400" data-testid="lateness-run">
      {sweep.days.length} daily runs from {sweep.days[0]!.day} to {sweep.days.at(-1)!.day}:{' '}
      {exact.format(orders)} new orders, {exact.format(payments)} late payments and{' '}
      {exact.format(statuses)} late status changes arrived
      {late > 0
        ? ` (by delay after the purchase day: ${delays
            .map(([d, c]) => `${daysText(d)} ${Math.round((c / late) * 100)}%`)
            .join(', ')})`
        : ''}
      .
      {sweep.correction
        ? ` On the last day a payment of order ${sweep.correction.orderId.slice(0, 8)}…, ${sweep.correction.ageDays} days old, was corrected: older than any window here.`
        : ''}{' '}
      On a small generated dataset (scale 0.05, {exact.format(sweep.referenceRows ?? 0)} orders at
      the end){view.done ? `, computed in ${(view.ms / 1000).toFixed(1)} s` : ''}.
    </p>
  );
}

/**
 * The lateness lab: the model replayed over a run of days in which payments and status changes
 * arrive late (a chosen delay distribution), one incremental run a day, at every lookback width
 * from 0 to 14 days; per width the rows each run re-read and the orders wrong or missing against a
 * full refresh at the end, as two curves and a table, with a slider to read any width. It runs on
 * a database of its own, never the student's, and loads the engine only when asked.
 */
export function LatenessLab({
  files,
  markWidth: givenMark,
  subject = 'your model',
}: {
  files: ProjectFiles;
  /** The model's own width, when the page already knows it (a lesson); else read from the files. */
  markWidth?: number | null;
  /** What the model is called in the text ("your model", "the guide's model"). */
  subject?: string;
}) {
  const id = useId();
  const [presetId, setPresetId] = useState(LATENESS_PRESETS[0]!.id);
  const [days, setDays] = useState<number>(14);
  const key = sweepKey(files, presetId, days);
  const [view, setView] = useState<SweepView | null>(() => cachedSweep(key));
  const [running, setRunning] = useState(false);
  const [found, setFound] = useState<{ width: number | null; reason: string | null } | null>(
    givenMark === undefined ? null : { width: givenMark, reason: null },
  );
  const markWidth = found?.width ?? null;
  const [sliderWidth, setSliderWidth] = useState(givenMark ?? 3);

  // The model's width, marked at once (the lab: read from the editor's files).
  useEffect(() => {
    if (givenMark !== undefined) return;
    let live = true;
    void import('@/lib/explain/lookback')
      .then(({ lookbackOf }) => {
        const { injection } = lookbackOf(files, 'fct_orders');
        if (!live) return;
        setFound(
          injection.kind === 'none'
            ? { width: null, reason: injection.reason }
            : { width: injection.current, reason: null },
        );
      })
      .catch((error: unknown) => {
        if (live) setFound({ width: null, reason: String(error) });
      });
    return () => {
      live = false;
    };
  }, [files, givenMark]);

  // A sweep of this visit for the same project and setting is shown again.
  useEffect(() => {
    const cached = cachedSweep(key);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- follows the project and setting
    if (cached) setView(cached);
  }, [key]);

  async function run() {
    setRunning(true);
    try {
      await runSweep({ files, presetId, days, onUpdate: setView });
    } finally {
      setRunning(false);
    }
  }

  const current = view && view.key === key ? view : null;
  const stale = view !== null && view.key !== key && !running;
  const widths = view?.widths ?? [];
  const selected = widths.find((w) => w.width === sliderWidth);
  const none = view?.sweep?.injection.kind === 'none' ? view.sweep.injection.reason : null;
  const referenceError = view?.sweep?.referenceError ?? null;
  const points = curvePoints(widths, WIDTHS);
  const label = `Rows re-read per run and orders wrong or missing at the end, for windows of 0 to 14 days${
    markWidth === null ? '' : `; ${subject} uses ${daysText(markWidth)}`
  }. The table below has the numbers.`;
  const control =
    'rounded border border-slate-300 bg-white px-1.5 py-0.5 text-sm dark:border-slate-600 dark:bg-slate-900';

  return (
    <section
      aria-label="Lateness lab"
      className="space-y-2 text-sm text-slate-700 dark:text-slate-300"
      data-testid="lateness-lab"
      data-state={
        running ? 'running' : current?.done ? 'done' : current?.stopped ? 'stopped' : 'idle'
      }
    >
      <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600 dark:text-slate-400">
            Late payments and status changes arrive
          </span>
          <select
            value={presetId}
            onChange={(e) => setPresetId(e.target.value)}
            disabled={running}
            className={control}
          >
            {LATENESS_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span className="text-xs text-slate-600 dark:text-slate-400">Daily runs</span>
          <select
            value={days}
            onChange={(e) => setDays(Number(e.target.value))}
            disabled={running}
            className={control}
          >
            {DAY_CHOICES.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </label>
        {running ? (
          <button
            type="button"
            onClick={stopSweep}
            className="rounded-md border border-slate-400 px-3 py-1 text-sm font-medium hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800"
          >
            Stop
          </button>
        ) : (
          <button
            type="button"
            onClick={() => void run()}
            className="rounded-md border border-emerald-700 bg-emerald-700 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-800 dark:border-emerald-500"
          >
            {current?.done ? 'Run again' : 'Run the lateness lab'}
          </button>
        )}
      </div>

      <div aria-live="polite" className="space-y-1 empty:hidden">
        {running && view?.progress && (
          <p data-testid="lateness-progress">
            Replaying the days on a database of its own: widths {view.progress.pass} of{' '}
            {view.progress.passes} passes, day {view.progress.day} of {view.progress.days}…
            {widths.length > 0 ? ` ${widths.length} of ${WIDTHS.length} widths drawn.` : ''}
          </p>
        )}
        {!running && view?.stopped && (
          <p>
            Stopped: {widths.length} of {WIDTHS.length} widths computed.
          </p>
        )}
        {stale && (
          <p className="rounded bg-amber-50 px-2 py-1 text-amber-900 dark:bg-amber-950 dark:text-amber-100">
            These curves are for{' '}
            {view?.presetId === presetId && view.days === days
              ? `an earlier version of ${subject}`
              : 'another setting'}
            : run again to see them for this one.
          </p>
        )}
      </div>
      {found?.reason && !view && (
        <p className="text-amber-900 dark:text-amber-200">{found.reason}</p>
      )}
      {none && <p className="text-amber-900 dark:text-amber-200">{none}</p>}
      {referenceError && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          The full refresh on the final data failed: {referenceError}
        </p>
      )}
      {view?.error && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          The lateness lab stopped with an error: {view.error}
        </p>
      )}

      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <label htmlFor={`${id}-width`} className="font-medium">
          Lookback window
        </label>
        <input
          id={`${id}-width`}
          type="range"
          min={0}
          max={14}
          step={1}
          value={sliderWidth}
          onChange={(e) => setSliderWidth(Number(e.target.value))}
          aria-valuetext={daysText(sliderWidth)}
          aria-describedby={`${id}-readout`}
          className="w-56 accent-sky-700 dark:accent-sky-400"
        />
        <output htmlFor={`${id}-width`} className="font-mono tabular-nums">
          {daysText(sliderWidth)}
        </output>
        {markWidth !== null && (
          <button
            type="button"
            onClick={() => setSliderWidth(markWidth)}
            className="text-xs text-emerald-800 underline underline-offset-2 dark:text-emerald-300"
          >
            back to {subject}&apos;s {daysText(markWidth)}
          </button>
        )}
      </div>
      <p id={`${id}-readout`} aria-live="polite" data-testid="lateness-readout">
        {widths.length > 0 || running
          ? readout(sliderWidth, selected, running)
          : `${subject[0]!.toUpperCase()}${subject.slice(1)}${
              markWidth === null ? '' : ` looks back ${daysText(markWidth)}`
            }. Run the lab to see what each width costs and what it misses.`}
      </p>
      {widths.length > 0 && (
        <>
          <LatenessChart
            points={points}
            markWidth={markWidth}
            sliderWidth={sliderWidth}
            label={label}
          />
          {view && <RunDescription view={view} />}
          <details>
            <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-400">
              The {WIDTHS.length} widths as a table
            </summary>
            <div className="overflow-x-auto">
              <WidthsTable widths={widths} markWidth={markWidth} sliderWidth={sliderWidth} />
            </div>
          </details>
        </>
      )}
    </section>
  );
}
