'use client';

import { useId, useState } from 'react';
import { StrategyResults } from '@/components/explain/StrategyResults';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { StrategyExplanation } from '@/lib/explain/strategies';
import type { ExplainPhase } from './lesson-explain';

export interface ExplainScenario {
  id: string;
  label: string;
  /** What this version of the model is, in a sentence. */
  description: string;
  files: ProjectFiles;
}

type Outcome =
  | { kind: 'idle' }
  | { kind: 'running'; phase: ExplainPhase }
  | { kind: 'done'; scenario: string; x: StrategyExplanation }
  | { kind: 'error'; message: string };

const phaseText: Record<ExplainPhase, string> = {
  engine: 'Starting DuckDB in your browser…',
  data: "Loading the lesson data and building Day 10's project…",
  explain: 'Running append, delete+insert, merge and a full refresh on scratch copies…',
};

/**
 * The strategy explainer in a lesson: pick a version of fct_orders (the starter, the solution, the
 * solution with a repeated key), run it, and read what each strategy does to the table after a day
 * of new orders and late changes. The engine loads on the first click; until then the page runs
 * nothing.
 */
export function LessonStrategyExplainer({
  starter,
  scenarios,
  initial,
}: {
  starter: ProjectFiles;
  scenarios: ExplainScenario[];
  initial?: string;
}) {
  const name = useId();
  const [picked, setPicked] = useState(initial ?? scenarios[0]!.id);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const running = outcome.kind === 'running';
  const scenario = scenarios.find((s) => s.id === picked) ?? scenarios[0]!;

  async function run() {
    if (running) return;
    setOutcome({ kind: 'running', phase: 'engine' });
    try {
      const { explainOnLessonData } = await import('./lesson-explain');
      const x = await explainOnLessonData(starter, scenario.files, (phase) =>
        setOutcome({ kind: 'running', phase }),
      );
      setOutcome({ kind: 'done', scenario: scenario.id, x });
    } catch (error) {
      setOutcome({
        kind: 'error',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }

  return (
    <section
      aria-label="Strategy explainer"
      data-testid="lesson-strategy-explainer"
      className="my-6 rounded-lg border border-emerald-200 bg-white p-3 dark:border-emerald-900 dark:bg-slate-950"
    >
      <p className="text-xs font-semibold tracking-wide text-emerald-800 uppercase dark:text-emerald-300">
        Strategy explainer
        <span className="ml-2 font-normal tracking-normal text-slate-600 normal-case dark:text-slate-400">
          runs in your browser on the lesson data
        </span>
      </p>
      <fieldset className="mt-2">
        <legend className="text-sm font-medium">Which fct_orders?</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {scenarios.map((s) => (
            <label key={s.id} className="flex items-center gap-1.5 text-sm">
              <input
                type="radio"
                name={name}
                value={s.id}
                checked={picked === s.id}
                onChange={() => setPicked(s.id)}
                className="accent-emerald-700"
              />
              {s.label}
            </label>
          ))}
        </div>
      </fieldset>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{scenario.description}</p>
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <button
          type="button"
          onClick={() => void run()}
          disabled={running}
          className="rounded-md border border-emerald-700 bg-emerald-700 px-3 py-1 text-sm font-medium text-white hover:bg-emerald-800 disabled:cursor-not-allowed disabled:opacity-60 dark:border-emerald-500"
        >
          {running ? 'Running…' : 'Run it'}
        </button>
        <span className="text-xs text-slate-600 dark:text-slate-400">
          Day 10&apos;s tables on generated data (a tenth of the Olist size), after a day of new
          orders, late payments and status changes.
        </span>
      </div>
      <div aria-live="polite" className="mt-2 empty:hidden">
        {outcome.kind === 'running' && (
          <p className="text-sm text-slate-600 dark:text-slate-400">{phaseText[outcome.phase]}</p>
        )}
        {outcome.kind === 'done' && outcome.scenario !== picked && (
          <p className="text-sm text-amber-900 dark:text-amber-200">
            Below: {scenarios.find((s) => s.id === outcome.scenario)?.label}. Run it again for this
            one.
          </p>
        )}
      </div>
      {outcome.kind === 'error' && (
        <pre
          role="alert"
          className="mt-2 rounded-md bg-red-50 p-2 font-mono text-xs whitespace-pre-wrap text-red-900 dark:bg-red-950 dark:text-red-100"
        >
          {outcome.message}
        </pre>
      )}
      {outcome.kind === 'done' && (
        <div className="mt-2">
          <StrategyResults x={outcome.x} />
        </div>
      )}
    </section>
  );
}
