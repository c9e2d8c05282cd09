'use client';

import { useState } from 'react';
import { markPageDone } from '@/components/lesson/progress-store';
import type { DataSource } from '@/lib/data/types';
import type { ProjectFiles } from '@/lib/dbt';
import type { GradeReport, StepId } from '@/lib/grader/types';

const STEPS: { id: StepId; title: string }[] = [
  { id: 'S0', title: 'First build' },
  { id: 'S1', title: 'Rerun, no new data' },
  { id: 'S2', title: 'New orders arrive' },
  { id: 'S3', title: 'Late payments and status changes' },
  { id: 'S4', title: 'Full-refresh reference' },
];

type StepState = 'waiting' | 'running' | 'done';

type PanelState =
  | { kind: 'idle' }
  | { kind: 'running'; steps: Record<StepId, StepState> }
  | { kind: 'done'; report: GradeReport }
  | { kind: 'failed'; message: string };

const idleSteps = (): Record<StepId, StepState> => ({
  S0: 'waiting',
  S1: 'waiting',
  S2: 'waiting',
  S3: 'waiting',
  S4: 'waiting',
});

export function GradingPanel({
  getFiles,
  onGraded,
  subject = 'fct_orders',
  completesLab = true,
  ownData = null,
}: {
  /** The project to grade, read when the student clicks (so unsaved edits are included). */
  getFiles: () => ProjectFiles;
  onGraded?: (report: GradeReport) => void;
  /** What is graded, for the heading (an exercise is graded as fct_orders). */
  subject?: string;
  /** A pass marks the lab done in the course progress (not for a debugging exercise). */
  completesLab?: boolean;
  /**
   * The student's own CSVs when the workspace runs on them: graded on the same files (registered
   * with the page's DuckDB). Otherwise the course data, as the workspace loads it.
   */
  ownData?: DataSource | null;
}) {
  const [state, setState] = useState<PanelState>({ kind: 'idle' });

  async function run() {
    const steps = idleSteps();
    setState({ kind: 'running', steps: { ...steps } });
    try {
      // Loaded on demand: the grader, the dbt engine and DuckDB stay off pages that do not grade.
      const [
        { grade },
        { openFreshDatabase, attachDatabaseFile },
        { courseData, fillFromPrebuilt },
      ] = await Promise.all([
        import('@/lib/grader/grade'),
        import('@/lib/engine/browser-engine'),
        import('@/lib/workspace/course-data'),
      ]);
      // The lab's prebuilt tables attached again (no generation, no second download), or the
      // student's own files, imported again from the bytes the workspace registered.
      const data = ownData
        ? {
            source: ownData,
            fillFull: (c: Parameters<typeof fillFromPrebuilt>[0]) =>
              fillFromPrebuilt(c, ownData, attachDatabaseFile, undefined, 'grading_prebuilt'),
          }
        : await courseData(attachDatabaseFile, 'grading_prebuilt');
      const connection = await openFreshDatabase('grading');
      try {
        const report = await grade({
          files: getFiles(),
          connection,
          data: data.source,
          ...(data.fillFull && { fillFull: data.fillFull }),
          timeLimitMs: 30_000,
          onProgress: ({ step, state: s }) => {
            steps[step] = s;
            setState({ kind: 'running', steps: { ...steps } });
          },
        });
        setState({ kind: 'done', report });
        // A passing grade completes the lab in the course progress.
        if (report.passed && completesLab) markPageDone('lab', true);
        onGraded?.(report);
      } finally {
        await connection.close();
      }
    } catch (error) {
      setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  const running = state.kind === 'running';
  return (
    <section aria-labelledby="grading-title" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="grading-title" className="text-lg font-semibold">
            Grade {subject}
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Plays the lab on a fresh database: first build, rerun, new orders, late data, then
            compares with a full rebuild. Your workspace is not touched.
          </p>
        </div>
        <button
          type="button"
          onClick={() => void run()}
          disabled={running}
          className="rounded-md bg-emerald-600 px-4 py-1.5 text-sm font-medium text-white hover:bg-emerald-700 disabled:cursor-not-allowed disabled:opacity-50"
        >
          {running ? 'Grading…' : state.kind === 'done' ? 'Grade again' : 'Grade'}
        </button>
      </div>
      {state.kind === 'running' && <StepProgress steps={state.steps} />}
      {state.kind === 'failed' && (
        <p
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
        >
          Grading could not run: {state.message}
        </p>
      )}
      {state.kind === 'done' && <ReportView report={state.report} />}
    </section>
  );
}

function StepProgress({ steps }: { steps: Record<StepId, StepState> }) {
  return (
    <ol className="flex flex-wrap gap-2" aria-label="Grading progress">
      {STEPS.map(({ id, title }) => (
        <li
          key={id}
          data-testid={`grading-step-${id}`}
          data-state={steps[id]}
          className={`rounded-full border px-3 py-1 text-xs ${
            steps[id] === 'done'
              ? 'border-emerald-300 bg-emerald-50 text-emerald-800 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200'
              : steps[id] === 'running'
                ? 'animate-pulse border-sky-300 bg-sky-50 text-sky-800 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-200'
                : 'border-slate-200 text-slate-500 dark:border-slate-700 dark:text-slate-400'
          }`}
        >
          {id} {title}
          <span className="sr-only"> — {steps[id]}</span>
        </li>
      ))}
    </ol>
  );
}

const statusStyle = {
  pass: { icon: '✓', cls: 'text-emerald-600 dark:text-emerald-400', label: 'Passed' },
  fail: { icon: '✗', cls: 'text-red-600 dark:text-red-400', label: 'Failed' },
  error: { icon: '!', cls: 'text-amber-600 dark:text-amber-400', label: 'Error' },
} as const;

export function ReportView({ report }: { report: GradeReport }) {
  const passed = report.checks.filter((c) => c.status === 'pass').length;
  return (
    <div className="space-y-4" data-testid="grade-report" data-passed={report.passed}>
      <p
        role="status"
        className={`font-medium ${report.passed ? 'text-emerald-700 dark:text-emerald-300' : 'text-slate-800 dark:text-slate-200'}`}
      >
        {report.passed ? 'All checks pass.' : `${passed} of ${report.checks.length} checks pass.`}{' '}
        <span className="font-normal text-slate-500 dark:text-slate-400">
          {report.scenario.data}, cut-off {report.scenario.cutoffDay},{' '}
          {(report.durationMs / 1000).toFixed(1)} s
        </span>
      </p>
      <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
        <table className="min-w-full text-sm tabular-nums">
          <caption className="sr-only">Rows per grading step</caption>
          <thead className="bg-slate-100 text-left text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">
            <tr>
              {[
                'Step',
                'Batch',
                'Inserted',
                'Updated',
                'Rewritten unchanged',
                'Deleted',
                'Total',
                'Duplicate keys',
              ].map((h) => (
                <th
                  key={h}
                  scope="col"
                  className="px-3 py-1.5 font-semibold first:text-left [&:not(:first-child)]:text-right"
                >
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {report.steps.map((s) => (
              <tr key={s.id} className="border-t border-slate-100 dark:border-slate-800">
                <th scope="row" className="px-3 py-1.5 text-left font-normal">
                  {s.id} {s.title}
                  {s.status !== 'ok' && (
                    <span className="ml-1 text-xs text-amber-700 dark:text-amber-300">
                      ({s.status})
                    </span>
                  )}
                </th>
                {[
                  s.batch,
                  s.inserted,
                  s.updated,
                  s.unchangedRewritten,
                  s.deleted,
                  s.total,
                  s.duplicateKeys,
                ].map((v, i) => (
                  <td
                    key={i}
                    className={`px-3 py-1.5 text-right ${i === 6 && v ? 'font-semibold text-red-700 dark:text-red-300' : ''}`}
                  >
                    {s.status === 'ok' && v !== null ? v.toLocaleString('en-US') : '–'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.steps
        .filter((s) => s.error)
        .map((s) => (
          <pre
            key={s.id}
            className="rounded-md bg-slate-100 p-3 font-mono text-xs whitespace-pre-wrap dark:bg-slate-900"
          >
            {s.id}: {s.error}
          </pre>
        ))}
      <ul className="space-y-2">
        {report.checks.map((c) => {
          const style = statusStyle[c.status];
          return (
            <li
              key={c.id}
              data-testid={`check-${c.id}`}
              data-status={c.status}
              className="rounded-md border border-slate-200 p-3 dark:border-slate-800"
            >
              <p className="flex items-baseline gap-2">
                <span aria-hidden="true" className={`font-bold ${style.cls}`}>
                  {style.icon}
                </span>
                <span className="sr-only">{style.label}:</span>
                <span className="font-medium">{c.title}</span>
                <code className="text-xs text-slate-500 dark:text-slate-400">{c.id}</code>
              </p>
              <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">{c.message}</p>
              {c.hint && (
                <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
                  <span className="font-medium">Hint:</span> {c.hint}
                </p>
              )}
            </li>
          );
        })}
      </ul>
      {report.info.map((line) => (
        <p
          key={line}
          className="rounded-md border border-sky-200 bg-sky-50 p-3 text-sm text-sky-900 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100"
        >
          <span className="font-medium">Good to know:</span> {line}
        </p>
      ))}
    </div>
  );
}
