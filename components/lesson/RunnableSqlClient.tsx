'use client';

import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { ResultTable } from '@/components/sql-console/ResultTable';
import type { QueryResult } from '@/lib/engine/connection';
import type { RunPhase } from './run-lesson-sql';

/** Rows kept per result: a lesson shows a glimpse; the lab is for exploring. */
const MAX_ROWS = 50;

type Outcome =
  | { kind: 'idle' }
  | { kind: 'running'; phase: RunPhase }
  | { kind: 'result'; result: QueryResult; ms: number }
  | { kind: 'error'; message: string };

const phaseText: Record<RunPhase, string> = {
  engine: 'Starting DuckDB in your browser…',
  data: 'Loading the lesson data…',
  query: 'Running…',
};

function labHref(sql: string): string {
  return `/lab?sql=${encodeURIComponent(sql)}`;
}

/**
 * A SQL block that runs in place. The server renders the highlighted SQL and the controls, so the
 * text reads without JavaScript; the engine is imported only on the first Run.
 */
export function RunnableSqlClient({
  id,
  sql,
  title,
  highlighted,
}: {
  id: string;
  sql: string;
  title?: string;
  highlighted: ReactNode;
}) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(sql);
  const running = outcome.kind === 'running';
  const label = title ?? 'SQL example';

  async function run() {
    if (running) return;
    setOutcome({ kind: 'running', phase: 'engine' });
    const started = performance.now();
    try {
      const { runLessonSql } = await import('./run-lesson-sql');
      const result = await runLessonSql(text, MAX_ROWS, (phase) =>
        setOutcome({ kind: 'running', phase }),
      );
      setOutcome({ kind: 'result', result, ms: performance.now() - started });
    } catch (error) {
      setOutcome({
        kind: 'error',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  }

  const button =
    'rounded-md border px-3 py-1 text-sm font-medium disabled:cursor-not-allowed disabled:opacity-60';
  return (
    <section
      id={id}
      aria-label={label}
      data-testid="runnable-sql"
      className="my-6 scroll-mt-6 rounded-lg border border-emerald-200 bg-white p-3 dark:border-emerald-900 dark:bg-slate-950"
    >
      <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs font-semibold tracking-wide text-emerald-800 uppercase dark:text-emerald-300">
          {title ?? 'Try it'}
          <span className="ml-2 font-normal tracking-normal text-slate-600 normal-case dark:text-slate-400">
            runs in your browser on the lesson data
          </span>
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            onClick={() => void run()}
            disabled={running}
            aria-label={`Run: ${label}`}
            className={`${button} border-emerald-700 bg-emerald-700 text-white hover:bg-emerald-800 dark:border-emerald-500 dark:bg-emerald-700 dark:hover:bg-emerald-800`}
          >
            {running ? 'Running…' : 'Run'}
          </button>
          <button
            type="button"
            onClick={() => setEditing((on) => !on)}
            aria-pressed={editing}
            className={`${button} border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800`}
          >
            Edit
          </button>
          {text !== sql && (
            <button
              type="button"
              onClick={() => setText(sql)}
              className={`${button} border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800`}
            >
              Reset
            </button>
          )}
          <a
            href={labHref(text)}
            className="text-sm font-medium text-emerald-800 underline underline-offset-2 hover:text-emerald-950 dark:text-emerald-300 dark:hover:text-emerald-200"
          >
            Open in lab
          </a>
        </div>
      </div>
      {editing ? (
        <>
          <label htmlFor={`${id}-input`} className="sr-only">
            Edit the SQL of {label}
          </label>
          <textarea
            id={`${id}-input`}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onKeyDown}
            spellCheck={false}
            rows={Math.min(16, text.split('\n').length + 1)}
            className="w-full resize-y rounded-md border border-slate-300 bg-slate-50 p-3 font-mono text-[13px] leading-relaxed text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
          />
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            <kbd className="font-sans">Ctrl</kbd>/<kbd className="font-sans">⌘</kbd> +{' '}
            <kbd className="font-sans">Enter</kbd> runs your version.
          </p>
        </>
      ) : (
        highlighted
      )}
      <div aria-live="polite" className="empty:hidden">
        <OutcomeView outcome={outcome} />
      </div>
    </section>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  switch (outcome.kind) {
    case 'idle':
      return null;
    case 'running':
      return (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">
          {phaseText[outcome.phase]}
        </p>
      );
    case 'error':
      return (
        <div
          role="alert"
          className="mt-3 rounded-md border border-red-200 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950"
        >
          <p className="text-sm font-semibold text-red-800 dark:text-red-200">
            DuckDB could not run this SQL
          </p>
          <pre className="mt-1 font-mono text-xs whitespace-pre-wrap text-red-900 dark:text-red-100">
            {outcome.message}
          </pre>
        </div>
      );
    case 'result':
      return (
        <div
          className="mt-3 [&_thead_.text-slate-500]:text-slate-600 dark:[&_thead_.text-slate-500]:text-slate-400"
          data-testid="runnable-result"
        >
          <ResultTable result={outcome.result} />
          <p className="pt-1 text-xs text-slate-600 dark:text-slate-400">
            Ran in {outcome.ms.toFixed(0)} ms.
          </p>
        </div>
      );
  }
}
