'use client';

import { useRef, useState, type KeyboardEvent } from 'react';
import { QueryCancelledError, type QueryResult } from '@/lib/engine/connection';
import { useBrowserEngine } from '@/components/engine/useBrowserEngine';
import { ResultTable } from './ResultTable';

/** Rows kept per result. The grid renders only the rows in view, so memory is the limit, not the DOM. */
export const RENDER_CAP = 100_000;

type Outcome =
  | { kind: 'none' }
  | { kind: 'result'; result: QueryResult; ms: number }
  | { kind: 'error'; message: string }
  | { kind: 'cancelled' };

/** The lab's SQL console tab: any SQL against the page's DuckDB, its result in the grid. */
export function SqlConsole({
  initialSql = 'select 42 as answer',
  prepare,
  onExecuted,
}: {
  initialSql?: string;
  /** Runs before each query (the lab loads its course data and rebuilds its tables there). */
  prepare?: () => Promise<void>;
  /** Each statement that ran without error (the lab journals the ones that write). */
  onExecuted?: (sql: string) => void;
}) {
  const engineState = useBrowserEngine();
  const [sql, setSql] = useState(initialSql);
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const textarea = useRef<HTMLTextAreaElement>(null);
  const engine = engineState.status === 'ready' ? engineState.engine : null;
  // A Stop pressed while the lab still prepares its data must not cancel that preparation (it is
  // the lab's, not this query's): it is remembered, and the query is then not started.
  const stopRequested = useRef(false);
  const phase = useRef<'idle' | 'preparing' | 'querying'>('idle');

  function stop() {
    stopRequested.current = true;
    if (phase.current === 'querying') void engine?.connection.cancel();
  }

  async function run() {
    if (!engine || running) return;
    setRunning(true);
    stopRequested.current = false;
    try {
      phase.current = 'preparing';
      await prepare?.();
      if (stopRequested.current) throw new QueryCancelledError();
      phase.current = 'querying';
      const started = performance.now(); // the query's time, not the first data load's
      const result = await engine.connection.query(sql, { maxRows: RENDER_CAP });
      onExecuted?.(sql);
      setOutcome({ kind: 'result', result, ms: performance.now() - started });
    } catch (error) {
      if (error instanceof QueryCancelledError) setOutcome({ kind: 'cancelled' });
      else
        setOutcome({
          kind: 'error',
          message: error instanceof Error ? error.message : String(error),
        });
    } finally {
      phase.current = 'idle';
      setRunning(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void run();
    }
  }

  return (
    <section aria-labelledby="console-title" className="flex min-h-0 flex-1 flex-col gap-2">
      <h2 id="console-title" className="sr-only">
        SQL console
      </h2>
      <label htmlFor="sql-input" className="sr-only">
        SQL to run
      </label>
      {/* The controls beside the SQL, so the result rows get the tab's height. */}
      <div className="flex items-start gap-3">
        <textarea
          id="sql-input"
          ref={textarea}
          value={sql}
          onChange={(event) => setSql(event.target.value)}
          onKeyDown={onKeyDown}
          spellCheck={false}
          rows={3}
          className="min-w-0 flex-1 resize-y rounded-md border border-slate-300 bg-white p-3 font-mono text-sm text-slate-900 shadow-inner dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        />
        <div className="flex w-48 shrink-0 flex-col items-start gap-1">
          <div className="flex items-center gap-2">
            <button
              type="button"
              onClick={() => void run()}
              disabled={!engine || running}
              className="rounded-md bg-emerald-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-emerald-700 disabled:cursor-not-allowed disabled:opacity-50"
            >
              {running ? 'Running…' : 'Run'}
            </button>
            {running && (
              <button
                type="button"
                onClick={stop}
                className="rounded-md border border-red-300 px-3 py-1.5 text-sm text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
              >
                Stop
              </button>
            )}
          </div>
          <span className="text-xs text-slate-500 dark:text-slate-400">
            <kbd className="font-sans">Ctrl</kbd>/<kbd className="font-sans">⌘</kbd> +{' '}
            <kbd className="font-sans">Enter</kbd> runs
          </span>
          <EngineStatus state={engineState} />
        </div>
      </div>
      <div className="flex min-h-0 flex-1 flex-col" aria-live="polite">
        <OutcomeView outcome={outcome} />
      </div>
    </section>
  );
}

function EngineStatus({ state }: { state: ReturnType<typeof useBrowserEngine> }) {
  if (state.status === 'starting')
    return <p className="text-sm text-slate-500 dark:text-slate-400">Starting DuckDB…</p>;
  if (state.status === 'error')
    return (
      <p role="alert" className="text-sm text-red-700 dark:text-red-300">
        DuckDB could not start: {state.message}
      </p>
    );
  return (
    <p className="text-sm text-slate-500 dark:text-slate-400" data-testid="engine-ready">
      DuckDB {state.engine.version} ready in {(state.engine.startupMs / 1000).toFixed(1)} s
    </p>
  );
}

function OutcomeView({ outcome }: { outcome: Outcome }) {
  switch (outcome.kind) {
    case 'none':
      return null;
    case 'cancelled':
      return <p className="text-sm text-amber-700 dark:text-amber-300">The query was stopped.</p>;
    case 'error':
      return (
        <div
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 p-3 dark:border-red-900 dark:bg-red-950"
        >
          <p className="text-sm font-semibold text-red-800 dark:text-red-200">
            DuckDB could not run this SQL
          </p>
          <pre
            className="mt-1 font-mono text-xs whitespace-pre-wrap text-red-900 dark:text-red-100"
            data-testid="sql-error"
          >
            {outcome.message}
          </pre>
        </div>
      );
    case 'result':
      return <ResultTable result={outcome.result} timing={`Ran in ${outcome.ms.toFixed(0)} ms.`} />;
  }
}
