'use client';

import { useState } from 'react';

type State =
  | { kind: 'idle' }
  | { kind: 'running' }
  | { kind: 'done'; ms: number; orders: number; source: string }
  | { kind: 'failed'; message: string };

/** Measures how long this browser takes to generate and load the lab's data at full Olist size. */
export function DataLoadCheck() {
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function measure() {
    setState({ kind: 'running' });
    try {
      const [{ openFreshDatabase }, { loadLabData }] = await Promise.all([
        import('@/lib/engine/browser-engine'),
        import('@/lib/data'),
      ]);
      const connection = await openFreshDatabase('load_check');
      try {
        const started = performance.now();
        const info = await loadLabData(connection, { kind: 'generated', scale: 1, seed: 42 });
        const ms = performance.now() - started;
        setState({ kind: 'done', ms, orders: info.rowCounts.orders, source: info.source });
      } finally {
        await connection.exec('USE memory');
        await connection.exec('DETACH DATABASE IF EXISTS load_check');
        await connection.close();
      }
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  return (
    <section className="mt-8" aria-labelledby="data-load-title">
      <h2 id="data-load-title" className="text-lg font-semibold">
        Data load
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
        Generates the Olist-shaped lab data at full size (about 99,000 orders) in this browser and
        sets up the timeline, as the lab does on first use.
      </p>
      <button
        type="button"
        onClick={() => void measure()}
        disabled={state.kind === 'running'}
        className="mt-3 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        {state.kind === 'running' ? 'Loading…' : 'Measure the data load'}
      </button>
      <p role="status" className="mt-2 text-sm" data-testid="data-load-result">
        {state.kind === 'done' &&
          `Loaded ${state.orders.toLocaleString('en-US')} orders (${state.source}) in ${(state.ms / 1000).toFixed(2)} s.`}
        {state.kind === 'failed' && `The data could not be loaded: ${state.message}`}
      </p>
    </section>
  );
}
