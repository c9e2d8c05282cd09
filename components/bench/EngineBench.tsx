'use client';

import { useEffect, useState } from 'react';
import type { FctOrdersFigures } from '@/lib/bench/fct-orders';
import type { ProjectFiles } from '@/lib/dbt/types';

/** What `npm run bench` asks the page for (see scripts/bench/browser.ts). */
export interface EngineBenchRequest {
  scale: number;
  seed: number;
  /** Names of the projects to measure, from the page's `projects`. */
  models: string[];
  runs: number;
  straight: boolean;
  profile: boolean;
  warmUp: boolean;
}

export interface EngineBenchApi {
  fctOrders(request: EngineBenchRequest): Promise<FctOrdersFigures>;
}

declare global {
  interface Window {
    labBench?: EngineBenchApi;
  }
}

/**
 * The `fct_orders` benchmark on this page's DuckDB-WASM: `window.labBench.fctOrders(...)` runs
 * lib/bench/fct-orders.ts, the code the Node half runs on native DuckDB, and logs its progress to
 * the console. The engine and the dbt engine load only when it is called.
 */
export function EngineBench({ projects }: { projects: Record<string, ProjectFiles> }) {
  const [lines, setLines] = useState<string[]>([]);
  const [installed, setInstalled] = useState(false);
  useEffect(() => {
    const log = (line: string) => {
      console.log(`[bench] ${line}`);
      setLines((previous) => [...previous, line]);
    };
    window.labBench = {
      async fctOrders(request) {
        const [{ benchFctOrders }, { startBrowserEngine }] = await Promise.all([
          import('@/lib/bench/fct-orders'),
          import('@/lib/engine/browser-engine'),
        ]);
        const { connection } = await startBrowserEngine();
        const models = request.models.map((name) => {
          const files = projects[name];
          if (!files) throw new Error(`No project named ${name} on this page`);
          return { name, files };
        });
        return benchFctOrders({
          connection,
          data: { kind: 'generated', scale: request.scale, seed: request.seed },
          models,
          runs: request.runs,
          straight: request.straight,
          profile: request.profile,
          warmUp: request.warmUp,
          onLog: log,
        });
      },
    };
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the API exists only after hydration
    setInstalled(true);
    return () => {
      delete window.labBench;
    };
  }, [projects]);
  return (
    <div className="mt-4 space-y-2">
      <p role="status" data-testid="bench-engine" data-installed={installed}>
        {installed ? 'Ready: call window.labBench.fctOrders(…).' : 'Loading…'}
      </p>
      <pre className="font-mono text-xs whitespace-pre-wrap" data-testid="bench-log">
        {lines.join('\n')}
      </pre>
    </div>
  );
}
