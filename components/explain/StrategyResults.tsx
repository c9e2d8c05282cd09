'use client';

import { useState } from 'react';
import type { Row, Value } from '@/lib/engine/connection';
import type {
  KeyDifference,
  Strategy,
  StrategyExplanation,
  StrategyOutcome,
} from '@/lib/explain/strategies';

/**
 * What the strategy explainer found, as tables: per strategy the log line, the rows it would insert,
 * replace, delete and leave, the duplicates and the difference from a full refresh (cells that are
 * not the same under every strategy are highlighted and say so), the statements the engine ran, and
 * the rows of the keys that come out differently.
 */

const STRATEGY_NAMES: Strategy[] = ['append', 'delete+insert', 'merge'];
const exact = new Intl.NumberFormat('en');

type Metric =
  | 'message'
  | 'batch'
  | 'inserted'
  | 'updated'
  | 'deleted'
  | 'untouched'
  | 'after'
  | 'duplicates'
  | 'vs-full-refresh';

interface MetricRow {
  id: Metric;
  label: string;
  help: string;
  /** The cell's text for a strategy that ran. */
  value: (o: StrategyOutcome) => string;
  /** The full refresh's cell. */
  full?: (x: StrategyExplanation) => string;
}

/** `"memory"."main"."fct_orders"` → `main.fct_orders`. */
function shortRelation(relation: string): string {
  const parts = [...relation.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
  return parts.length > 1 ? parts.slice(-2).join('.') : relation;
}

const n = (value: number | null | undefined) => (value == null ? '–' : exact.format(value));

function vsFull(o: StrategyOutcome): string {
  const v = o.vsFullRefresh;
  if (!v) return '–';
  if (v.matches) return 'same rows';
  const parts: string[] = [];
  const rows = (count: number) => `${n(count)} row${count === 1 ? '' : 's'}`;
  if (v.onlyInResult > 0) parts.push(`${rows(v.onlyInResult)} extra`);
  if (v.onlyInFullRefresh > 0) parts.push(`${rows(v.onlyInFullRefresh)} missing`);
  return parts.join(', ');
}

function metrics(x: StrategyExplanation): MetricRow[] {
  const keyName = x.keyColumns?.join(', ') ?? 'whole rows';
  return [
    {
      id: 'message',
      label: 'dbt log',
      help: 'The status the run log prints for this run.',
      value: (o) => o.message || 'OK',
      full: (e) => (e.fullRefresh.error ? 'ERROR' : `SELECT ${n(e.fullRefresh.rows)}`),
    },
    {
      id: 'batch',
      label: 'Rows in the batch',
      help: "Rows the model's SQL produced for this run.",
      value: (o) => n(o.rows?.batch),
      full: (e) => n(e.fullRefresh.rows),
    },
    {
      id: 'inserted',
      label: 'Inserted',
      help: 'Batch rows added to the table.',
      value: (o) => n(o.rows?.inserted),
    },
    {
      id: 'updated',
      label: 'Replaced or updated',
      help: 'Table rows replaced by a batch row with the same key (delete+insert) or updated in place (merge).',
      value: (o) => n(o.rows?.updated),
    },
    {
      id: 'deleted',
      label: 'Deleted, not replaced',
      help: 'Table rows removed without a batch row taking their place.',
      value: (o) => n(o.rows?.deleted),
    },
    {
      id: 'untouched',
      label: 'Left untouched',
      help: 'Table rows no statement of the run touched.',
      value: (o) => n(o.rows?.untouched),
    },
    {
      id: 'after',
      label: 'Rows before → after',
      help: 'Rows in the table before and after the run.',
      value: (o) => (o.rows ? `${n(o.rows.before)} → ${n(o.rows.after)}` : '–'),
      full: (e) => n(e.fullRefresh.rows),
    },
    {
      id: 'duplicates',
      label: `Repeated keys (${keyName})`,
      help: 'Keys that appear more than once in the resulting table (NULL keys included).',
      value: (o) => n(o.duplicates),
      full: () => '–',
    },
    {
      id: 'vs-full-refresh',
      label: 'Against a full refresh',
      help: 'The resulting table compared row for row with the model rebuilt from scratch on the same data.',
      value: vsFull,
      full: () => 'the reference',
    },
  ];
}

function StrategyTable({ x }: { x: StrategyExplanation }) {
  const outcomes = STRATEGY_NAMES.map((s) => x.strategies.find((o) => o.strategy === s)!);
  const ran = outcomes.filter((o) => !o.error);
  const th = 'border-b border-slate-300 px-2 py-1 text-left font-semibold dark:border-slate-700';
  const td = 'border-b border-slate-200 px-2 py-1 align-top tabular-nums dark:border-slate-800';
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-sm" data-testid="strategy-table">
        <caption className="pb-1 text-left text-xs text-slate-600 dark:text-slate-400">
          What each strategy would do to {shortRelation(x.relation)} now. Highlighted cells are not
          the same under every strategy.
        </caption>
        <thead>
          <tr>
            <th scope="col" className={th}>
              <span className="sr-only">Measure</span>
            </th>
            {outcomes.map((o) => (
              <th key={o.strategy} scope="col" className={`${th} font-mono`}>
                {o.strategy}
              </th>
            ))}
            <th scope="col" className={`${th} text-slate-600 dark:text-slate-400`}>
              full refresh
            </th>
          </tr>
        </thead>
        <tbody>
          {metrics(x).map((metric) => {
            const values = ran.map(metric.value);
            const differs = new Set(values).size > 1;
            return (
              <tr key={metric.id}>
                <th scope="row" className={`${td} text-left font-normal`} title={metric.help}>
                  {metric.label}
                  {differs && <span className="sr-only"> (differs between strategies)</span>}
                </th>
                {outcomes.map((o) => {
                  const text = o.error
                    ? metric.id === 'message'
                      ? 'ERROR'
                      : '–'
                    : metric.value(o);
                  const tone =
                    metric.id === 'vs-full-refresh' && o.vsFullRefresh
                      ? o.vsFullRefresh.matches
                        ? 'text-emerald-800 dark:text-emerald-300'
                        : 'font-semibold text-red-800 dark:text-red-300'
                      : '';
                  return (
                    <td
                      key={o.strategy}
                      data-testid={`x-${o.strategy}-${metric.id}`}
                      data-differs={differs || undefined}
                      className={`${td} ${metric.id === 'message' ? 'font-mono text-xs' : ''} ${tone} ${
                        differs ? 'bg-amber-100 dark:bg-amber-900/40' : ''
                      }`}
                    >
                      {text}
                    </td>
                  );
                })}
                <td
                  data-testid={`x-full-refresh-${metric.id}`}
                  className={`${td} text-slate-600 dark:text-slate-400 ${metric.id === 'message' ? 'font-mono text-xs' : ''}`}
                >
                  {metric.full ? metric.full(x) : '–'}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Statements({ x }: { x: StrategyExplanation }) {
  const groups = [
    ...STRATEGY_NAMES.map((s) => {
      const o = x.strategies.find((it) => it.strategy === s)!;
      return { name: s, statements: o.statements, error: o.error, note: o.note };
    }),
    {
      name: 'full refresh',
      statements: x.fullRefresh.statements,
      error: x.fullRefresh.error,
      note: null,
    },
  ];
  return (
    <div className="space-y-1">
      {groups.map((g) => (
        <details key={g.name} className="rounded border border-slate-200 dark:border-slate-800">
          <summary className="cursor-pointer px-2 py-1 text-sm">
            <span className="font-mono">{g.name}</span>: {g.statements.length} statement
            {g.statements.length === 1 ? '' : 's'}
            {g.error ? ', then an error' : ''}
          </summary>
          <div className="space-y-2 px-2 pb-2">
            {g.note && <p className="text-sm text-slate-700 dark:text-slate-300">{g.note}</p>}
            {g.statements.map((sql, i) => (
              <pre
                key={i}
                className="max-h-48 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap text-slate-900 dark:bg-slate-900 dark:text-slate-100"
              >
                <span className="text-slate-500 select-none dark:text-slate-400">-- {i + 1}</span>
                {'\n'}
                {sql.trim()}
              </pre>
            ))}
            {g.error && (
              <pre className="rounded bg-red-50 p-2 font-mono text-xs whitespace-pre-wrap text-red-900 dark:bg-red-950 dark:text-red-100">
                {g.error}
              </pre>
            )}
          </div>
        </details>
      ))}
    </div>
  );
}

function formatValue(value: Value | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const SOURCES: { id: keyof KeyDifference['rows']; label: string }[] = [
  { id: 'current', label: 'table now' },
  { id: 'append', label: 'append' },
  { id: 'delete+insert', label: 'delete+insert' },
  { id: 'merge', label: 'merge' },
  { id: 'full_refresh', label: 'full refresh' },
];

/**
 * One key's rows in each table, side by side: how many rows it has, and the values of the columns
 * that differ (a cell that is not the full refresh's is highlighted).
 */
function KeyRows({ difference, ran }: { difference: KeyDifference; ran: Set<string> }) {
  const sources = SOURCES.filter(
    (s) => s.id === 'current' || s.id === 'full_refresh' || ran.has(s.id),
  );
  const count = (id: keyof KeyDifference['rows']) => String(difference.rows[id].length);
  const values = (id: keyof KeyDifference['rows'], column: string) =>
    difference.rows[id].map((r) => formatValue(r[column])).join(' | ') || '–';
  const lines: { label: string; cell: (id: keyof KeyDifference['rows']) => string }[] = [
    { label: 'rows', cell: count },
    ...difference.columns.map((c) => ({
      label: c,
      cell: (id: keyof KeyDifference['rows']) => values(id, c),
    })),
  ];
  const td = 'border-b border-slate-200 px-2 py-0.5 dark:border-slate-800';
  return (
    <table className="border-collapse font-mono text-xs tabular-nums">
      <caption className="sr-only">The rows of {difference.key} in each table</caption>
      <thead className="text-slate-600 dark:text-slate-400">
        <tr>
          <th scope="col" className={`${td} text-left`}>
            <span className="sr-only">Column</span>
          </th>
          {sources.map((s) => (
            <th key={s.id} scope="col" className={`${td} text-left font-normal`}>
              {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => {
          const reference = line.cell('full_refresh');
          return (
            <tr key={line.label}>
              <th
                scope="row"
                className={`${td} text-left font-normal text-slate-600 dark:text-slate-400`}
              >
                {line.label}
              </th>
              {sources.map((s) => {
                const text = line.cell(s.id);
                const differs = s.id !== 'full_refresh' && s.id !== 'current' && text !== reference;
                return (
                  <td
                    key={s.id}
                    className={`${td} ${differs ? 'bg-amber-100 font-semibold dark:bg-amber-900/40' : ''}`}
                  >
                    {text}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function sameRows(a: Row[], b: Row[]): boolean {
  const text = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).sort();
  return JSON.stringify(text(a)) === JSON.stringify(text(b));
}

/** True when the key's rows after delete+insert and after merge are not the same (both ran). */
function upsertsSplit(d: KeyDifference, ran: Set<string>): boolean {
  return (
    ran.has('delete+insert') && ran.has('merge') && !sameRows(d.rows['delete+insert'], d.rows.merge)
  );
}

/** How the strategies part on a key, in a few words. */
function badge(d: KeyDifference, ran: Set<string>): string {
  if (upsertsSplit(d, ran)) return 'delete+insert and merge disagree';
  if (!d.strategiesDiffer) return 'the strategies agree; a full refresh differs';
  const upserts = ran.has('delete+insert') && ran.has('merge');
  if (upserts && ran.has('append') && !sameRows(d.rows.append, d.rows['delete+insert']))
    return 'append differs';
  return 'the strategies disagree';
}

/** Keys listed at first; the rest of those the engine listed are one click away. */
const FIRST_KEYS = 6;

function Differences({ x }: { x: StrategyExplanation }) {
  const [all, setAll] = useState(false);
  const { total, betweenStrategies, keys } = x.differences;
  const ran = new Set(x.strategies.filter((o) => !o.error).map((o) => o.strategy));
  const keyName = x.keyColumns?.join(', ') ?? 'row';
  if (total === 0)
    return (
      <p data-testid="differences-summary">
        Every strategy that ran leaves the same rows as a full refresh: no key differs.
      </p>
    );
  const shown = all ? keys : keys.slice(0, FIRST_KEYS);
  const split = keys.filter((d) => upsertsSplit(d, ran)).length;
  return (
    <div className="space-y-2">
      <p data-testid="differences-summary">
        {n(total)} {keyName === 'row' ? 'rows' : `${keyName} values`} do not come out the same under
        every strategy and a full refresh;{' '}
        {betweenStrategies === 0
          ? 'the strategies agree on all of them (they all differ from a full refresh).'
          : `on ${n(betweenStrategies)} of them the strategies disagree (listed first).`}
        {split > 0
          ? ` On ${n(split)} of the keys listed, delete+insert and merge disagree too: they come first.`
          : ''}{' '}
        Cells that differ from the full refresh are highlighted.
      </p>
      <ul className="space-y-2">
        {shown.map((d) => (
          <li key={d.key} className="rounded border border-slate-200 p-2 dark:border-slate-800">
            <p className="mb-1 text-sm">
              <span className="font-mono">{d.key}</span>{' '}
              <span
                className={`rounded px-1.5 py-0.5 text-xs ${
                  d.strategiesDiffer
                    ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100'
                    : 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300'
                }`}
              >
                {badge(d, ran)}
              </span>
            </p>
            <div className="overflow-x-auto">
              <KeyRows difference={d} ran={ran} />
            </div>
          </li>
        ))}
      </ul>
      {keys.length > FIRST_KEYS && (
        <button
          type="button"
          onClick={() => setAll((v) => !v)}
          aria-expanded={all}
          className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {all ? `Show the first ${FIRST_KEYS}` : `Show all ${keys.length} listed`}
          {keys.length < total ? ` (of ${n(total)})` : ''}
        </button>
      )}
    </div>
  );
}

export function StrategyResults({ x }: { x: StrategyExplanation }) {
  const h = 'mt-3 mb-1 text-sm font-semibold text-slate-900 dark:text-slate-100';
  return (
    <div
      className="space-y-2 text-sm text-slate-800 dark:text-slate-200"
      data-testid="strategy-results"
    >
      <p aria-live="polite" data-testid="strategy-summary">
        {x.summary}
      </p>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        <span className="font-mono">{x.model}</span>: materialized {x.materialized}, unique_key{' '}
        {x.uniqueKey ? <span className="font-mono">{x.uniqueKey.join(', ')}</span> : 'not set'}
        {x.currentRows === null
          ? '; no table yet.'
          : `; ${n(x.currentRows)} rows in ${shortRelation(x.relation)} now.`}{' '}
        Each strategy ran on a scratch copy in {(x.ms / 1000).toFixed(1)} s; the table itself was
        not changed.
      </p>
      <StrategyTable x={x} />
      <h3 className={h}>The statements each strategy runs</h3>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        As the engine ran them, named after your table (they ran on the scratch copy).
      </p>
      <Statements x={x} />
      <h3 className={h}>Rows that differ</h3>
      <Differences x={x} />
    </div>
  );
}
