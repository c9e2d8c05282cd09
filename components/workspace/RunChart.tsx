'use client';

import { useEffect, useRef, useState, type RefObject } from 'react';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
  type XAxisTickContentProps,
} from 'recharts';
import {
  DEFAULT_MODEL,
  rowsRead,
  summarize,
  summarySentence,
  type RunRecord,
} from '@/lib/workspace/run-history';
import { RunWindows } from './RunWindows';

// Rows read are blues and teals (one per source table), rows written amber: distinct on white and on
// slate-900, and for the common colour-vision deficiencies.
const READ_COLORS = ['#0369a1', '#0d9488', '#6366f1', '#0ea5e9', '#14b8a6', '#8b5cf6'];
const WRITTEN_COLOR = '#d97706';

const exact = new Intl.NumberFormat('en');
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The round number (1, 2 or 5 × 10ⁿ) at or above `value`, so the time axis gets even ticks. */
function niceCeil(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

function kindLabel(run: RunRecord): string {
  return run.kind === 'full' ? 'Full build' : 'Incremental run';
}

interface Point {
  label: string;
  /** `read:<table>` → rows read from it; `written` → rows inserted, updated or deleted. */
  [series: `read:${string}`]: number;
  written: number;
  ms: number;
  run: RunRecord;
}

/** The source tables any run read, in the order they first appear. */
function readTables(runs: readonly RunRecord[]): string[] {
  return [...new Set(runs.flatMap((run) => (run.reads ?? []).map((r) => r.table)))];
}

function rowsWritten(run: RunRecord): number {
  return run.inserted + run.updated + run.deleted;
}

function toPoints(runs: readonly RunRecord[]): Point[] {
  return runs.map((run, i) => {
    const point: Point = {
      // The kind is in the tick text, so the bars do not rely on colour alone.
      label: `#${i + 1} ${run.kind === 'full' ? 'full' : 'incr.'}`,
      written: rowsWritten(run),
      ms: run.ms,
      run,
    };
    for (const read of run.reads ?? []) point[`read:${read.table}`] = read.rows;
    return point;
  });
}

/** True once the element has a visible size: a hidden tab is 0×0 and the chart waits for it. */
function useHasSize(ref: RefObject<HTMLElement | null>): boolean {
  const [hasSize, setHasSize] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setHasSize(entry.contentRect.width > 0 && entry.contentRect.height > 0);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return hasSize;
}

function RunTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  const { run } = point;
  const read = rowsRead(run);
  const changes = [
    `${exact.format(run.inserted)} inserted`,
    `${exact.format(run.updated)} updated`,
  ];
  if (run.deleted > 0) changes.push(`${exact.format(run.deleted)} deleted`);
  return (
    <div className="rounded border border-slate-300 bg-white px-2 py-1 text-xs text-slate-800 shadow dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
      <p className="font-semibold">
        {point.label.split(' ')[0]} {kindLabel(run)}
        {run.materialized === 'incremental' ? '' : ` (${run.materialized})`}, {formatMs(run.ms)}
      </p>
      {(run.reads ?? []).map((r) => (
        <p key={r.table}>
          {exact.format(r.rows)} rows read from {r.table}
        </p>
      ))}
      <p>{exact.format(run.batch)} rows processed</p>
      <p>
        {changes.join(', ')}; {exact.format(run.total)} in the table
      </p>
      {read !== undefined && <p>{exact.format(read)} rows read in all</p>}
      {run.clock && <p className="text-slate-500 dark:text-slate-400">Lab clock {run.clock}</p>}
    </div>
  );
}

/**
 * The run and its kind, and under them the rows it read (or processed, for a run measured without
 * the profiler): the numbers stay readable however small a bar is, and the kind is written out.
 */
function RunTick({ x, y, point }: XAxisTickContentProps & { point: Point | undefined }) {
  if (!point) return null;
  return (
    <text x={x} y={y} dy={10} textAnchor="middle" fontSize={11} fill="currentColor">
      <tspan x={x}>{point.label}</tspan>
      <tspan x={x} dy={13} className="font-mono">
        {compact.format(rowsRead(point.run) ?? point.run.batch)}
      </tspan>
      <title>
        {rowsRead(point.run) === undefined
          ? `${point.label}: ${exact.format(point.run.batch)} rows processed`
          : `${point.label}: ${exact.format(rowsRead(point.run)!)} rows read`}
      </title>
    </text>
  );
}

function RunsTable({ runs }: { runs: readonly RunRecord[] }) {
  const showRead = runs.some((r) => r.reads !== undefined);
  const cell = 'px-1.5 py-0.5 text-right';
  return (
    <table className="mt-1 border-collapse font-mono text-xs tabular-nums">
      <caption className="sr-only">Runs of {runs[0]?.model ?? DEFAULT_MODEL}, oldest first</caption>
      <thead className="text-slate-500 dark:text-slate-400">
        <tr>
          <th className={cell}>#</th>
          <th className="px-1.5 py-0.5 text-left">Kind</th>
          <th className={cell}>Processed</th>
          <th className={cell}>Inserted</th>
          <th className={cell}>Updated</th>
          <th className={cell}>Deleted</th>
          <th className={cell}>Total</th>
          {showRead && <th className={cell}>Read</th>}
          <th className={cell}>Time</th>
          <th className="px-1.5 py-0.5 text-left">Lab clock</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((run, i) => {
          const read = rowsRead(run);
          return (
            <tr key={run.id} className="border-t border-slate-200 dark:border-slate-800">
              <td className={cell}>{i + 1}</td>
              <td className="px-1.5 py-0.5 text-left">
                {run.kind === 'full' ? 'full' : 'incremental'}
              </td>
              <td className={cell}>{exact.format(run.batch)}</td>
              <td className={cell}>{exact.format(run.inserted)}</td>
              <td className={cell}>{exact.format(run.updated)}</td>
              <td className={cell}>{exact.format(run.deleted)}</td>
              <td className={cell}>{exact.format(run.total)}</td>
              {showRead && (
                <td className={cell}>{read === undefined ? '–' : exact.format(read)}</td>
              )}
              <td className={cell}>{formatMs(run.ms)}</td>
              <td className="px-1.5 py-0.5 text-left">{run.clock ?? '–'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

type View = 'work' | 'windows';

const VIEWS: { id: View; label: string }[] = [
  { id: 'work', label: 'Rows and time' },
  { id: 'windows', label: 'Windows read' },
];

/**
 * The work of each build of the lab's model — rows read from each source table (DuckDB's profiler)
 * and rows written — and its time, full builds beside incremental runs, with the last of each
 * compared in a sentence above and the exact numbers in a table below. The other view shows the
 * window each build read against the table's high-water mark (RunWindows).
 */
export function RunChart({ runs, onClear }: { runs: RunRecord[]; onClear?: () => void }) {
  const chartBox = useRef<HTMLDivElement>(null);
  const hasSize = useHasSize(chartBox);
  const [view, setView] = useState<View>('work');
  const model = runs[0]?.model ?? DEFAULT_MODEL;

  if (runs.length === 0)
    return (
      <div className="p-3 text-sm text-slate-600 dark:text-slate-400">
        <p>
          No runs recorded yet. Run <code>dbt run -s {model}</code> in the terminal for a full
          build, click <em>New orders arrive</em> above the terminal, then run it again: each run
          adds a bar here, so you can compare the rows and the time of a full build with those of an
          incremental run.
        </p>
      </div>
    );

  const points = toPoints(runs);
  const tables = readTables(runs);
  const byLabel = new Map(points.map((p) => [p.label, p]));
  const sentence = summarySentence(summarize(runs), model);
  const msTop = niceCeil(Math.max(1, ...runs.map((r) => r.ms)) * 1.5);
  const axis = { fill: 'currentColor', fontSize: 11 };
  const axisLine = { stroke: 'currentColor', strokeOpacity: 0.4 };

  return (
    <section
      aria-label={`Run chart of ${model}`}
      className="flex h-full min-h-0 flex-col gap-1 overflow-auto p-3 text-sm text-slate-700 dark:text-slate-300"
    >
      <div className="flex shrink-0 items-start gap-2">
        <p className="flex-1" aria-live="polite">
          {view === 'work' ? sentence : null}
        </p>
        <div role="group" aria-label="Run chart view" className="flex shrink-0">
          {VIEWS.map((v, i) => (
            <button
              key={v.id}
              type="button"
              aria-pressed={view === v.id}
              onClick={() => setView(v.id)}
              className={`border border-slate-300 px-2 py-0.5 text-xs whitespace-nowrap dark:border-slate-700 ${
                i === 0 ? 'rounded-l' : '-ml-px rounded-r'
              } ${
                view === v.id
                  ? 'bg-slate-800 text-white dark:bg-slate-200 dark:text-slate-900'
                  : 'hover:bg-slate-100 dark:hover:bg-slate-800'
              }`}
            >
              {v.label}
            </button>
          ))}
        </div>
        {onClear && (
          <button
            type="button"
            className="rounded border border-slate-300 px-2 py-0.5 text-xs whitespace-nowrap hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
            onClick={() => {
              if (window.confirm(`Clear the ${runs.length} recorded runs of ${model}?`)) onClear();
            }}
          >
            Clear
          </button>
        )}
      </div>
      {view === 'windows' && <RunWindows runs={runs} />}
      <div ref={chartBox} hidden={view !== 'work'} className="relative min-h-[140px] flex-1">
        <div className="absolute inset-0 text-slate-600 dark:text-slate-400">
          {hasSize && (
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart
                data={points}
                margin={{ top: 14, right: 4, bottom: 0, left: 4 }}
                title={`Rows read, rows written and time of each run of ${model}`}
              >
                <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
                <XAxis
                  dataKey="label"
                  height={32}
                  tick={(props: XAxisTickContentProps) => (
                    <RunTick {...props} point={byLabel.get(String(props.payload.value))} />
                  )}
                  axisLine={axisLine}
                  tickLine={false}
                  interval="preserveStartEnd"
                />
                <YAxis
                  yAxisId="rows"
                  tick={axis}
                  axisLine={axisLine}
                  tickLine={false}
                  width={44}
                  tickFormatter={(v: number) => compact.format(v)}
                />
                <YAxis
                  yAxisId="ms"
                  orientation="right"
                  tick={axis}
                  axisLine={axisLine}
                  tickLine={false}
                  width={40}
                  // Headroom keeps the time line apart from the tops of the full builds' bars.
                  domain={[0, msTop]}
                  ticks={[0, msTop / 2, msTop]}
                  tickFormatter={(v: number) => compact.format(v)}
                />
                <Tooltip
                  content={RunTooltip}
                  cursor={{ fill: 'currentColor', fillOpacity: 0.08 }}
                  // Above the legend, which recharts positions after the tooltip.
                  wrapperStyle={{ zIndex: 10 }}
                  isAnimationActive={false}
                />
                <Legend
                  verticalAlign="bottom"
                  iconSize={10}
                  wrapperStyle={{ fontSize: 12, paddingTop: 2 }}
                  formatter={(value: string) => (
                    <span className="text-slate-700 dark:text-slate-300">{value}</span>
                  )}
                />
                {tables.map((table, i) => (
                  <Bar
                    key={table}
                    yAxisId="rows"
                    dataKey={`read:${table}`}
                    name={`Read from ${table}`}
                    stackId="read"
                    fill={READ_COLORS[i % READ_COLORS.length]}
                    isAnimationActive={false}
                  />
                ))}
                <Bar
                  yAxisId="rows"
                  dataKey="written"
                  name="Rows written"
                  // A small write still shows as a 2 px bar beside 100 000 rows.
                  minPointSize={(value) => (Number(value) > 0 ? 2 : 0)}
                  fill={WRITTEN_COLOR}
                  isAnimationActive={false}
                />
                <Line
                  yAxisId="ms"
                  dataKey="ms"
                  name="Time (ms)"
                  type="linear"
                  stroke="currentColor"
                  strokeDasharray="4 3"
                  dot={{ r: 2.5, fill: 'currentColor' }}
                  isAnimationActive={false}
                />
              </ComposedChart>
            </ResponsiveContainer>
          )}
        </div>
      </div>
      <details className="shrink-0" hidden={view !== 'work'}>
        <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-400">
          The {runs.length} runs as a table
        </summary>
        <div className="overflow-x-auto">
          <RunsTable runs={runs} />
        </div>
      </details>
    </section>
  );
}
