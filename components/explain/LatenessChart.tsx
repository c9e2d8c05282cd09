'use client';

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import type { CurvePoint } from './curve-points';

/**
 * The lateness lab's two curves over the window's width: the rows each run re-read (cost) and the
 * orders wrong or missing at the end against a full refresh (errors), with the model's own width
 * and the slider's marked. Drawn with recharts, like the run chart; the table beside it holds the
 * same numbers. Cost is a solid line with round dots, errors a dashed one with square dots, so the
 * two are told apart without their colours.
 */

// CSS variables set per theme on the chart's box: sky and orange, readable on white and slate-950.
const COST = 'var(--cost)';
const ERRORS = 'var(--errors)';
const exact = new Intl.NumberFormat('en');
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

function CurveTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as CurvePoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded border border-slate-300 bg-white px-2 py-1 text-xs text-slate-800 shadow dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100">
      <p className="font-semibold">
        {point.width} day{point.width === 1 ? '' : 's'}
      </p>
      <p>
        {point.cost === undefined
          ? 'not computed yet'
          : `${exact.format(Math.round(point.cost))} rows re-read per run`}
      </p>
      {point.errors !== undefined && <p>{exact.format(point.errors)} orders wrong or missing</p>}
    </div>
  );
}

function SquareDot(props: { cx?: number; cy?: number }) {
  const { cx, cy } = props;
  if (cx === undefined || cy === undefined) return null;
  return <rect x={cx - 3} y={cy - 3} width={6} height={6} fill={ERRORS} />;
}

export default function LatenessChart({
  points,
  markWidth,
  sliderWidth,
  label,
}: {
  points: CurvePoint[];
  /** The width the model uses now. */
  markWidth: number | null;
  sliderWidth: number;
  /** The chart in a sentence, for screen readers (the table has the numbers). */
  label: string;
}) {
  const axis = { fill: 'currentColor', fontSize: 11 };
  const axisLine = { stroke: 'currentColor', strokeOpacity: 0.4 };
  return (
    <div
      role="img"
      aria-label={label}
      className="h-56 text-slate-600 [--cost:#0369a1] [--errors:#c2410c] dark:text-slate-400 dark:[--cost:#38bdf8] dark:[--errors:#fb923c]"
    >
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} margin={{ top: 18, right: 8, bottom: 6, left: 4 }}>
          <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.15} />
          <XAxis
            dataKey="width"
            type="number"
            domain={[0, 14]}
            ticks={points.map((p) => p.width)}
            tick={axis}
            axisLine={axisLine}
            tickLine={false}
            height={34}
            label={{
              value: 'lookback window (days)',
              position: 'insideBottom',
              offset: -2,
              fill: 'currentColor',
              fontSize: 11,
            }}
          />
          <YAxis
            yAxisId="cost"
            tick={{ ...axis, fill: COST }}
            axisLine={axisLine}
            tickLine={false}
            width={44}
            tickFormatter={(v: number) => compact.format(v)}
          />
          <YAxis
            yAxisId="errors"
            orientation="right"
            tick={{ ...axis, fill: ERRORS }}
            axisLine={axisLine}
            tickLine={false}
            width={36}
            allowDecimals={false}
          />
          <Tooltip content={CurveTooltip} isAnimationActive={false} />
          <Legend
            verticalAlign="top"
            itemSorter="dataKey"
            iconSize={10}
            wrapperStyle={{ fontSize: 12, top: 0 }}
            formatter={(value: string) => (
              <span className="text-slate-700 dark:text-slate-300">{value}</span>
            )}
          />
          {markWidth !== null && (
            <ReferenceLine
              yAxisId="cost"
              x={markWidth}
              stroke="currentColor"
              strokeWidth={2}
              label={{
                value: 'your model',
                position: 'insideTopLeft',
                fill: 'currentColor',
                fontSize: 11,
              }}
            />
          )}
          {sliderWidth !== markWidth && (
            <ReferenceLine
              yAxisId="cost"
              x={sliderWidth}
              stroke="currentColor"
              strokeDasharray="2 3"
              label={{
                value: 'slider',
                position: 'insideTopRight',
                fill: 'currentColor',
                fontSize: 11,
              }}
            />
          )}
          <Line
            yAxisId="cost"
            dataKey="cost"
            name="Rows re-read per run (cost, left axis)"
            stroke={COST}
            strokeWidth={2}
            dot={{ r: 3, fill: COST }}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            yAxisId="errors"
            dataKey="errors"
            name="Orders wrong or missing at the end (errors, right axis)"
            stroke={ERRORS}
            strokeWidth={2}
            strokeDasharray="5 3"
            dot={<SquareDot />}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
