'use client';

import { useEffect, useState } from 'react';
import { conformanceCases } from '@/lib/engine/conformance';
import { useBrowserEngine } from './useBrowserEngine';

interface CaseOutcome {
  name: string;
  status: 'pending' | 'pass' | 'fail';
  detail?: string;
  ms?: number;
}

export function SelfTest() {
  const engineState = useBrowserEngine();
  const [outcomes, setOutcomes] = useState<CaseOutcome[]>(() =>
    conformanceCases.map((c) => ({ name: c.name, status: 'pending' })),
  );
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (engineState.status !== 'ready') return;
    let alive = true;
    const { connection } = engineState.engine;
    (async () => {
      for (const [index, testCase] of conformanceCases.entries()) {
        const started = performance.now();
        let outcome: CaseOutcome;
        try {
          await testCase.run(connection);
          outcome = { name: testCase.name, status: 'pass', ms: performance.now() - started };
        } catch (error) {
          const detail = error instanceof Error ? error.message : String(error);
          outcome = {
            name: testCase.name,
            status: 'fail',
            detail,
            ms: performance.now() - started,
          };
        }
        if (!alive) return;
        setOutcomes((previous) => previous.map((o, i) => (i === index ? outcome : o)));
      }
      if (alive) setDone(true);
    })();
    return () => {
      alive = false;
    };
  }, [engineState]);

  const failed = outcomes.filter((o) => o.status === 'fail').length;
  return (
    <div className="mt-6">
      {engineState.status === 'error' && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          DuckDB could not start: {engineState.message}
        </p>
      )}
      <p
        role="status"
        data-testid="self-test-summary"
        data-done={done}
        data-failed={failed}
        className="font-medium"
      >
        {done
          ? failed === 0
            ? `All ${outcomes.length} checks passed.`
            : `${failed} of ${outcomes.length} checks failed.`
          : 'Running checks…'}
      </p>
      <ul className="mt-3 divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
        {outcomes.map((o) => (
          <li
            key={o.name}
            className="flex items-start gap-3 px-3 py-2 text-sm"
            data-testid="self-test-case"
            data-status={o.status}
          >
            <span
              aria-hidden="true"
              className={
                o.status === 'pass'
                  ? 'text-emerald-600'
                  : o.status === 'fail'
                    ? 'text-red-600'
                    : 'text-slate-400'
              }
            >
              {o.status === 'pass' ? '✓' : o.status === 'fail' ? '✗' : '…'}
            </span>
            <span className="flex-1">
              <span className="sr-only">{o.status}: </span>
              {o.name}
              {o.detail && (
                <span className="mt-1 block font-mono text-xs text-red-700 dark:text-red-300">
                  {o.detail}
                </span>
              )}
            </span>
            {o.ms !== undefined && (
              <span className="text-xs text-slate-500 tabular-nums">{o.ms.toFixed(0)} ms</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
