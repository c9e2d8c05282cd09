'use client';

import { useState } from 'react';
import type { EngineState } from '@/components/engine/useBrowserEngine';
import type { ModelBranches, ProjectFiles } from '@/lib/dbt';

type State =
  | { kind: 'idle' }
  | { kind: 'compiling' }
  | { kind: 'done'; model: string; branches: ModelBranches }
  | { kind: 'error'; message: string };

/**
 * The open model compiled both ways, side by side: what a first build (or `--full-refresh`) runs
 * and what an incremental run runs, which is where most incremental mistakes show.
 */
export function CompiledSqlPanel({
  engineState,
  model,
  getFiles,
  standIn,
  prepare,
}: {
  /** The data loaded and Day 10's state built, so is_incremental() sees the real tables. */
  prepare: () => Promise<void>;
  engineState: EngineState;
  /** The model open in the editor, or null when the open file is not a model. */
  model: string | null;
  getFiles: () => ProjectFiles;
  /** A debugging exercise compiled in the model's place (its path, for the label). */
  standIn?: string;
}) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const engine = engineState.status === 'ready' ? engineState.engine : null;

  async function compile() {
    if (!engine || !model) return;
    setState({ kind: 'compiling' });
    try {
      await prepare();
      const { compileModel } = await import('@/lib/dbt');
      const branches = await compileModel(
        { connection: engine.connection, files: getFiles() },
        model,
      );
      setState({ kind: 'done', model, branches });
    } catch (error) {
      setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <div className="flex h-full min-h-0 flex-col gap-2 p-3">
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          onClick={() => void compile()}
          disabled={!engine || !model || state.kind === 'compiling'}
          className="rounded-md bg-emerald-600 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-700 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {model
            ? `Compile ${standIn ? `${standIn} as ${model}` : model}`
            : 'Open a model to compile it'}
        </button>
        {state.kind === 'done' && (
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {state.model}: materialized as{' '}
            <code>{String(state.branches.config.materialized ?? 'view')}</code>
            {state.branches.incrementalSql !== null &&
              (state.branches.wouldRunIncremental
                ? '; the next run takes the incremental branch'
                : '; the next run is a first build')}
          </p>
        )}
      </div>
      {state.kind === 'error' && (
        <pre
          role="alert"
          className="font-mono text-xs whitespace-pre-wrap text-red-700 dark:text-red-300"
        >
          {state.message}
        </pre>
      )}
      {state.kind === 'done' && (
        <div className="grid min-h-0 flex-1 gap-3 md:grid-cols-2">
          <SqlPane title="First build / full refresh" sql={state.branches.firstBuildSql} />
          <SqlPane
            title="Incremental run"
            sql={
              state.branches.incrementalSql ??
              (state.branches.incrementalError
                ? `-- Cannot be compiled yet:\n${state.branches.incrementalError.replace(/^/gm, '-- ')}`
                : '-- Not an incremental model: every run rebuilds it as above.')
            }
          />
        </div>
      )}
    </div>
  );
}

function SqlPane({ title, sql }: { title: string; sql: string }) {
  return (
    <section aria-label={title} className="flex min-h-0 flex-col">
      <h3 className="pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
        {title}
      </h3>
      <pre
        tabIndex={0}
        className="min-h-0 flex-1 overflow-auto rounded border border-slate-200 bg-slate-50 p-2 font-mono text-xs dark:border-slate-800 dark:bg-slate-900"
      >
        {sql.trim()}
      </pre>
    </section>
  );
}
