'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { StrategyResults } from '@/components/explain/StrategyResults';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { StrategyExplanation } from '@/lib/explain/strategies';
import type { DbtRunner } from './useDbtRunner';

type Status = 'idle' | 'running' | 'busy' | 'ready';

/** The last explanation (or why it failed), with what it was computed for. */
type Last =
  | { kind: 'done'; x: StrategyExplanation; filesKey: string; dataKey: string }
  | { kind: 'failed'; message: string; filesKey: string; dataKey: string };

function keyOf(files: ProjectFiles): string {
  return JSON.stringify(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The lab's Strategies tab: for the project as it is in the editor and the lab's database as it is
 * now, what append, delete+insert and merge would each do to fct_orders, run by the engine on a
 * scratch copy (lib/explain/strategies.ts) while nothing else uses the database. It runs when the
 * tab first opens and again on request; it says when the model or the data changed since.
 */
export function StrategiesPanel({
  getFiles,
  withConnection,
  dataKey,
  running,
  standIn,
}: {
  /** The project to explain (an open debugging exercise stands in for fct_orders). */
  getFiles: () => ProjectFiles;
  withConnection: DbtRunner['withConnection'];
  /** Changes when the data or the table may have changed (the clock, the events, the last run). */
  dataKey: string;
  /** A command is running: an explanation turned away as busy runs once it ends. */
  running: boolean;
  standIn?: string;
}) {
  const [status, setStatus] = useState<Status>('idle');
  const [last, setLast] = useState<Last | null>(null);
  /** Explanations finished so far (a test waits for the next one). */
  const [finished, setFinished] = useState(0);
  const explaining = useRef(false);
  const filesKey = keyOf(getFiles());

  const explain = useCallback(async () => {
    if (explaining.current) return;
    explaining.current = true;
    setStatus('running');
    const files = getFiles();
    const keys = { filesKey: keyOf(files), dataKey };
    try {
      const { explainStrategies } = await import('@/lib/explain/strategies');
      const outcome = await withConnection(({ connection, clock }) =>
        explainStrategies({
          connection,
          files,
          model: 'fct_orders',
          keyColumns: ['order_id'],
          ...(clock && { clock }),
        }),
      );
      if (outcome.busy) setStatus('busy');
      else {
        setLast({ kind: 'done', x: outcome.value, ...keys });
        setStatus('ready');
        setFinished((n) => n + 1);
      }
    } catch (error) {
      setLast({
        kind: 'failed',
        message: error instanceof Error ? error.message : String(error),
        ...keys,
      });
      setStatus('ready');
      setFinished((n) => n + 1);
    } finally {
      explaining.current = false;
    }
  }, [dataKey, getFiles, withConnection]);

  // Mounted when the tab first opens: explain at once.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void explain();
  }, [explain]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- follows the runner: the command ended
    if (status === 'busy' && !running) void explain();
  }, [explain, running, status]);

  const stale =
    status !== 'running' &&
    last !== null &&
    (last.filesKey !== filesKey || last.dataKey !== dataKey);
  const busyText =
    status === 'running'
      ? 'Running append, delete+insert, merge and a full refresh on a scratch copy of fct_orders…'
      : status === 'busy'
        ? 'A command is running in the terminal: the explainer runs when it has finished.'
        : null;

  return (
    <section
      aria-label="Strategy explainer"
      data-status={status}
      data-finished={finished}
      className="space-y-2 p-3 text-sm text-slate-700 dark:text-slate-300"
    >
      <div className="flex flex-wrap items-start gap-2">
        <p className="min-w-0 flex-1">
          What each incremental strategy would do to <code>fct_orders</code>
          {standIn ? (
            <>
              {' '}
              (the open exercise, <code>{standIn}</code>, standing in for it)
            </>
          ) : null}{' '}
          with your model as it is in the editor and the data as it is now. The engine runs each
          strategy for real on a scratch copy of the table in its own schema, then drops it: your
          table is never touched.
        </p>
        <button
          type="button"
          onClick={() => void explain()}
          disabled={status === 'running'}
          className="rounded-md border border-emerald-700 bg-emerald-700 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-800 disabled:cursor-not-allowed disabled:opacity-60 dark:border-emerald-500"
        >
          {status === 'running' ? 'Explaining…' : last ? 'Explain again' : 'Explain'}
        </button>
      </div>
      <div aria-live="polite" className="empty:hidden">
        {busyText && <p data-testid="strategy-status">{busyText}</p>}
        {stale && (
          <p
            data-testid="strategy-stale"
            className="rounded bg-amber-50 px-2 py-1 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
          >
            Your model or the data changed since this was computed: explain again to see it for the
            project as it is now.
          </p>
        )}
      </div>
      {last?.kind === 'failed' && (
        <div
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 p-2 dark:border-red-900 dark:bg-red-950"
        >
          <p className="font-semibold text-red-800 dark:text-red-200">
            The model could not be explained
          </p>
          <pre className="mt-1 font-mono text-xs whitespace-pre-wrap text-red-900 dark:text-red-100">
            {last.message}
          </pre>
        </div>
      )}
      {last?.kind === 'done' && <StrategyResults x={last.x} />}
    </section>
  );
}
