'use client';

import { useEffect, useRef, useState } from 'react';
import { runWindows, type RunWindow } from '@/lib/explain/windows';
import type { RunRecord } from '@/lib/workspace/run-history';

/**
 * The run chart's high-water-mark view: for each build of the model, the window it read on
 * `order_purchase_ts` (from its first to its last row), the table's high-water mark before it and
 * the lab clock, on a shared time axis. The part of a window at or before the mark is what the run
 * read again; a window that starts after the mark re-read nothing already loaded. A table below
 * holds the same numbers.
 */

const DAY = 86_400_000;
const ROW = 26;
const LABEL = 78;
const TOP = 22;
/** The last runs drawn; the table lists them all. */
const MAX_DRAWN = 16;

const exact = new Intl.NumberFormat('en');

function ms(timestamp: string | null): number | null {
  if (!timestamp) return null;
  const value = Date.parse(`${timestamp.replace(' ', 'T').slice(0, 19)}Z`);
  return Number.isNaN(value) ? null : value;
}

/** `2018-08-14 21:03:11` → `2018-08-14 21:03`. */
function short(timestamp: string | null): string {
  return timestamp ? timestamp.slice(0, 16) : '–';
}

function days(value: number | null): string {
  if (value === null) return '–';
  const rounded = Math.round(value * 10) / 10;
  return `${rounded} day${rounded === 1 ? '' : 's'}`;
}

function kindText(window: RunWindow): string {
  return window.kind === 'full' ? 'full' : 'incr.';
}

/** What one run read, in a sentence (the drawing's text alternative and the headline). */
export function windowSentence(window: RunWindow, index: number): string {
  const what = `Run #${index} (${window.kind === 'full' ? 'full build' : 'incremental'})`;
  if (window.from === null) return `${what} produced no rows: its window held nothing.`;
  const range = `${window.column} from ${short(window.from)} to ${short(window.to)}`;
  if (window.kind === 'full' || window.mark === null)
    return `${what} read everything: ${range}, ${exact.format(window.added)} rows.`;
  const reach =
    window.reachDays === null ? '' : `, the last ${days(window.reachDays)} before the lab clock`;
  const overlap = window.overlapDays ?? 0;
  if (overlap <= 0)
    return `${what} read ${range}${reach}. It starts after the table's high-water mark (${short(window.mark)}): it read nothing already loaded again, so a late change to a loaded order is out of its reach.`;
  return `${what} read ${range}${reach}. Its first ${days(overlap)} were already in the table (up to the high-water mark, ${short(window.mark)}) and were read again: ${exact.format(window.rewritten)} rows rewritten, ${exact.format(window.added)} added.`;
}

interface Scale {
  start: number;
  end: number;
  x: (value: number) => number;
}

/** A window reaching further behind its mark than this runs off the axis's left edge. */
const REACH = 14 * DAY;

/**
 * The time axis: fitted to the incremental runs around their marks (full builds, and windows that
 * read far back, run off its left edge, labelled with where they start).
 */
function timeScale(windows: RunWindow[], width: number): Scale {
  const incremental = windows.filter((w) => w.kind === 'incremental' && w.mark !== null);
  const basis = incremental.length > 0 ? incremental : windows;
  const starts = basis.map((w) => {
    const from = ms(w.from);
    const mark = ms(w.mark);
    return from === null || mark === null ? (from ?? mark) : Math.max(from, mark - REACH);
  });
  const values = [...starts, ...basis.flatMap((w) => [ms(w.to), ms(w.mark), ms(w.clock)])].filter(
    (v): v is number => v !== null,
  );
  const low = Math.min(...values);
  const high = Math.max(...values);
  const start = Math.floor(low / DAY) * DAY;
  const end = Math.max(start + DAY, Math.ceil(high / DAY) * DAY);
  const span = width - LABEL - 24; // room for the last day's label
  return {
    start,
    end,
    x: (value) => LABEL + ((Math.min(Math.max(value, start), end) - start) / (end - start)) * span,
  };
}

function dayTicks(scale: Scale): number[] {
  const count = Math.round((scale.end - scale.start) / DAY);
  const step = count <= 16 ? 1 : count <= 40 ? 7 : count <= 120 ? 30 : 91;
  const ticks: number[] = [];
  for (let t = scale.start; t <= scale.end; t += step * DAY) ticks.push(t);
  return ticks;
}

function tickLabel(value: number, scale: Scale): string {
  const iso = new Date(value).toISOString();
  return scale.end - scale.start > 200 * DAY ? iso.slice(0, 7) : iso.slice(5, 10);
}

function WindowRow({
  window,
  index,
  y,
  scale,
}: {
  window: RunWindow;
  index: number;
  y: number;
  scale: Scale;
}) {
  const from = ms(window.from);
  const to = ms(window.to);
  const mark = ms(window.mark);
  const clock = ms(window.clock);
  const mid = y + ROW / 2;
  const bar = { y: y + 6, height: ROW - 12 };
  const clippedLeft = from !== null && from < scale.start;
  const split =
    mark !== null && from !== null && to !== null ? Math.min(Math.max(mark, from), to) : null;
  return (
    <g>
      <title>{windowSentence(window, index)}</title>
      <text x={4} y={mid + 4} fontSize={11} fill="currentColor">
        #{index} {kindText(window)}
      </text>
      {from !== null && to !== null && (
        <>
          {/* re-read: from the window's start to the mark (a full build: everything) */}
          <rect
            x={scale.x(from)}
            y={bar.y}
            width={Math.max(2, scale.x(split ?? to) - scale.x(from))}
            height={bar.height}
            className="fill-teal-600/70 dark:fill-teal-400/60"
          />
          {split !== null && to > split && (
            <rect
              x={scale.x(split)}
              y={bar.y}
              width={Math.max(2, scale.x(to) - scale.x(split))}
              height={bar.height}
              className="fill-sky-700 dark:fill-sky-400"
            />
          )}
          {clippedLeft && (
            <text
              x={LABEL + 2}
              y={mid + 4}
              fontSize={11}
              className="fill-white dark:fill-slate-950"
            >
              ◀ from {window.from!.slice(0, 10)}
            </text>
          )}
        </>
      )}
      {mark !== null && (
        <line
          x1={scale.x(mark)}
          x2={scale.x(mark)}
          y1={y + 2}
          y2={y + ROW - 2}
          strokeWidth={3}
          className="stroke-amber-600 dark:stroke-amber-400"
        />
      )}
      {clock !== null && (
        <>
          <line
            x1={scale.x(clock)}
            x2={scale.x(clock)}
            y1={y + 2}
            y2={y + ROW - 2}
            strokeDasharray="2 2"
            className="stroke-slate-700 dark:stroke-slate-200"
          />
          <path
            d={`M ${scale.x(clock)} ${y + 6} l -5 -5 h 10 z`}
            className="fill-slate-700 dark:fill-slate-200"
          />
        </>
      )}
    </g>
  );
}

function Legend() {
  const swatch = 'inline-block h-2.5 w-3.5 align-middle';
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600 dark:text-slate-400">
      <li>
        <span className={`${swatch} bg-teal-600/70 dark:bg-teal-400/60`} /> read again (at or before
        the high-water mark)
      </li>
      <li>
        <span className={`${swatch} bg-sky-700 dark:bg-sky-400`} /> new rows (after the mark)
      </li>
      <li>
        <span className="inline-block h-3 w-[3px] bg-amber-600 align-middle dark:bg-amber-400" />{' '}
        high-water mark before the run
      </li>
      <li>
        <span aria-hidden="true">▾</span> lab clock when it ran
      </li>
    </ul>
  );
}

function WindowsTable({
  windows,
  numbers,
}: {
  windows: RunWindow[];
  numbers: Map<string, number>;
}) {
  const cell = 'px-1.5 py-0.5 text-right';
  const left = 'px-1.5 py-0.5 text-left';
  return (
    <table className="mt-1 border-collapse font-mono text-xs tabular-nums">
      <caption className="sr-only">The window each run read, oldest first</caption>
      <thead className="text-slate-500 dark:text-slate-400">
        <tr>
          <th className={cell}>#</th>
          <th className={left}>Kind</th>
          <th className={left}>Read from</th>
          <th className={left}>to</th>
          <th className={left}>Mark before</th>
          <th className={cell}>Behind the mark</th>
          <th className={cell}>Behind the clock</th>
          <th className={cell}>Rewritten</th>
          <th className={cell}>Added</th>
        </tr>
      </thead>
      <tbody>
        {windows.map((w) => (
          <tr key={w.id} className="border-t border-slate-200 dark:border-slate-800">
            <td className={cell}>{numbers.get(w.id)}</td>
            <td className={left}>{w.kind === 'full' ? 'full' : 'incremental'}</td>
            <td className={left}>{short(w.from)}</td>
            <td className={left}>{short(w.to)}</td>
            <td className={left}>{short(w.mark)}</td>
            <td className={cell}>{w.kind === 'full' ? '–' : days(w.overlapDays)}</td>
            <td className={cell}>{days(w.reachDays)}</td>
            <td className={cell}>{exact.format(w.rewritten)}</td>
            <td className={cell}>{exact.format(w.added)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The element's width, followed as the panel is resized (0 while it is hidden). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width] as const;
}

export function RunWindows({ runs }: { runs: readonly RunRecord[] }) {
  const [box, boxWidth] = useWidth();
  const numbers = new Map(runs.map((run, i) => [run.id, i + 1]));
  const windows = runWindows(runs);
  return (
    <div ref={box} className="space-y-1">
      {windows.length === 0 ? (
        <p className="text-slate-600 dark:text-slate-400">
          No window recorded yet. An incremental model&apos;s builds record the range of{' '}
          <code>order_purchase_ts</code> they read (a table model&apos;s do not): make{' '}
          <code>fct_orders</code> incremental and run it, then release a day and run it again.
        </p>
      ) : (
        <WindowsView windows={windows} numbers={numbers} width={Math.max(320, boxWidth)} />
      )}
    </div>
  );
}

function WindowsView({
  windows,
  numbers,
  width,
}: {
  windows: RunWindow[];
  numbers: Map<string, number>;
  width: number;
}) {
  const drawn = windows.slice(-MAX_DRAWN);
  const scale = timeScale(drawn, width);
  const height = TOP + drawn.length * ROW + 4;
  const last = windows.findLast((w) => w.kind === 'incremental') ?? windows.at(-1)!;
  return (
    <>
      <p aria-live="polite" data-testid="window-sentence">
        {windowSentence(last, numbers.get(last.id) ?? 0)}
      </p>
      <Legend />
      <svg
        role="img"
        aria-label={`The window of order_purchase_ts each of the last ${drawn.length} runs read, against the table's high-water mark; the table below has the same numbers`}
        width={width}
        height={height}
        className="text-slate-600 dark:text-slate-400"
        data-testid="run-windows"
      >
        {dayTicks(scale).map((t) => (
          <g key={t}>
            <line
              x1={scale.x(t)}
              x2={scale.x(t)}
              y1={TOP - 4}
              y2={height}
              stroke="currentColor"
              strokeOpacity={0.15}
            />
            <text x={scale.x(t)} y={12} fontSize={10} textAnchor="middle" fill="currentColor">
              {tickLabel(t, scale)}
            </text>
          </g>
        ))}
        {drawn.map((w, i) => (
          <WindowRow
            key={w.id}
            window={w}
            index={numbers.get(w.id) ?? 0}
            y={TOP + i * ROW}
            scale={scale}
          />
        ))}
      </svg>
      <details>
        <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-400">
          The {windows.length} windows as a table
        </summary>
        <div className="overflow-x-auto">
          <WindowsTable windows={windows} numbers={numbers} />
        </div>
      </details>
    </>
  );
}
