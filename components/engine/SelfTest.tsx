'use client';

import { useEffect, useState } from 'react';
import type { Connection } from '@/lib/engine/connection';
import { useBrowserEngine } from './useBrowserEngine';

interface Case {
  name: string;
  run(connection: Connection): Promise<void>;
}

interface CaseOutcome {
  suite: string;
  name: string;
  status: 'pending' | 'pass' | 'fail';
  detail?: string;
  ms?: number;
}

/** The suites, loaded on demand: the dbt engine only comes in with this page's checks. */
async function loadSuites(): Promise<{ title: string; cases: Case[]; isolated: boolean }[]> {
  const [{ conformanceCases }, { dbtBehaviourCases }, { sandboxCases }] = await Promise.all([
    import('@/lib/engine/conformance'),
    import('@/lib/dbt/behaviour-suite'),
    import('@/lib/dbt/sandbox-suite'),
  ]);
  return [
    { title: 'Connection contract', cases: conformanceCases, isolated: false },
    { title: 'dbt engine behaviour', cases: dbtBehaviourCases, isolated: true },
    { title: 'Template sandbox', cases: sandboxCases, isolated: true },
  ];
}

export function SelfTest() {
  const engineState = useBrowserEngine();
  const [outcomes, setOutcomes] = useState<CaseOutcome[]>([]);
  const [done, setDone] = useState(false);

  useEffect(() => {
    if (engineState.status !== 'ready') return;
    let alive = true;
    (async () => {
      const suites = await loadSuites();
      const all: CaseOutcome[] = suites.flatMap((s) =>
        s.cases.map((c) => ({ suite: s.title, name: c.name, status: 'pending' as const })),
      );
      setOutcomes(all);
      let index = 0;
      for (const suite of suites) {
        // The engine's cases build projects: give them their own database, not the page's.
        const connection = suite.isolated
          ? await (await import('@/lib/engine/browser-engine')).openFreshDatabase('self_test')
          : engineState.engine.connection;
        for (const testCase of suite.cases) {
          const started = performance.now();
          let outcome: CaseOutcome;
          try {
            await testCase.run(connection);
            outcome = { suite: suite.title, name: testCase.name, status: 'pass' };
          } catch (error) {
            const detail = error instanceof Error ? error.message : String(error);
            outcome = { suite: suite.title, name: testCase.name, status: 'fail', detail };
          }
          outcome.ms = performance.now() - started;
          if (!alive) return;
          const at = index++;
          setOutcomes((previous) => previous.map((o, i) => (i === at ? outcome : o)));
        }
        if (suite.isolated) await connection.close();
      }
      if (alive) setDone(true);
    })();
    return () => {
      alive = false;
    };
  }, [engineState]);

  const failed = outcomes.filter((o) => o.status === 'fail').length;
  const suites = [...new Set(outcomes.map((o) => o.suite))];
  return (
    <div className="mt-6">
      {engineState.status === 'error' && (
        <p role="alert" className="text-red-700 dark:text-red-300">
          DuckDB could not start: {engineState.message}
        </p>
      )}
      {engineState.status === 'ready' && (
        <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="engine-ready">
          DuckDB {engineState.engine.version} ready in{' '}
          {(engineState.engine.startupMs / 1000).toFixed(1)} s
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
      {suites.map((suite) => (
        <section key={suite} className="mt-4">
          <h2 className="text-lg font-semibold">{suite}</h2>
          <ul className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
            {outcomes
              .filter((o) => o.suite === suite)
              .map((o) => (
                <li
                  key={o.name}
                  className="flex items-start gap-3 px-3 py-2 text-sm"
                  data-testid="self-test-case"
                  data-suite={suite}
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
                    <span className="text-xs text-slate-500 tabular-nums">
                      {o.ms.toFixed(0)} ms
                    </span>
                  )}
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
