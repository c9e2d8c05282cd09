'use client';

import { useEffect, useState } from 'react';
import type { BrowserEngine } from '@/lib/engine/browser-engine';

export type EngineState =
  | { status: 'starting' }
  | { status: 'ready'; engine: BrowserEngine }
  | { status: 'error'; message: string };

/**
 * Starts DuckDB-WASM when a page that needs it mounts (never during server rendering, never on pages
 * that do not use it). The engine module itself is loaded on demand so other pages do not ship it.
 */
export function useBrowserEngine(): EngineState {
  const [state, setState] = useState<EngineState>({ status: 'starting' });
  useEffect(() => {
    let alive = true;
    import('@/lib/engine/browser-engine')
      .then(({ startBrowserEngine }) => startBrowserEngine())
      .then((engine) => alive && setState({ status: 'ready', engine }))
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (alive) setState({ status: 'error', message });
      });
    return () => {
      alive = false;
    };
  }, []);
  return state;
}
