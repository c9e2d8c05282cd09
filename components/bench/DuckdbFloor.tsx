'use client';

import { useEffect, useState } from 'react';

type State =
  | { kind: 'starting' }
  | { kind: 'ready'; version: string; startupMs: number; answer: number }
  | { kind: 'failed'; message: string };

/**
 * Starts DuckDB-WASM as every page that uses it does and asks it `select 1`: what any DuckDB-WASM
 * page of this app pays before it can do anything (the benchmark's floor for "lab ready").
 */
export function DuckdbFloor() {
  const [state, setState] = useState<State>({ kind: 'starting' });
  useEffect(() => {
    let alive = true;
    (async () => {
      const { startBrowserEngine } = await import('@/lib/engine/browser-engine');
      const engine = await startBrowserEngine();
      const result = await engine.connection.query<{ one: number }>('select 1 as one');
      if (alive)
        setState({
          kind: 'ready',
          version: engine.version,
          startupMs: engine.startupMs,
          answer: Number(result.rows[0]?.one),
        });
    })().catch((error: unknown) => {
      if (alive)
        setState({
          kind: 'failed',
          message: error instanceof Error ? error.message : String(error),
        });
    });
    return () => {
      alive = false;
    };
  }, []);
  if (state.kind === 'failed')
    return (
      <p role="alert" data-testid="duckdb-failed">
        DuckDB could not start: {state.message}
      </p>
    );
  if (state.kind === 'starting') return <p role="status">Starting DuckDB…</p>;
  return (
    <p
      role="status"
      data-testid="duckdb-ready"
      data-startup-ms={state.startupMs.toFixed(0)}
      data-version={state.version}
    >
      DuckDB {state.version} answered <code>select 1</code> with {state.answer}, started in{' '}
      {(state.startupMs / 1000).toFixed(2)} s.
    </p>
  );
}
