'use client';

import { diffLines } from 'diff';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useState } from 'react';
import { ReportView } from '@/components/grader/GradingPanel';
import type { StudentDetail } from '@/lib/server/classes/student-detail';
import { LAB_MODEL_PATH } from '@/lib/workspace/types';
import { api, secondaryButton, errorText } from './api';
import { ErrorLine } from './ErrorLine';

/** One student: the model as a diff against the starter, the run log, the step table, the grade history. */
export function StudentPage({
  classId,
  studentId,
  starterModel,
}: {
  classId: string;
  studentId: string;
  starterModel: string;
}) {
  const router = useRouter();
  const [detail, setDetail] = useState<StudentDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const url = `/api/teach/classes/${classId}/students/${studentId}`;

  const load = useCallback(async () => {
    try {
      setDetail((await api<{ detail: StudentDetail }>(url)).detail);
    } catch (e) {
      setError(errorText(e));
    }
  }, [url]);
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- fetches first; state is set when the answer arrives
    void load();
    const source = new EventSource(`/api/teach/classes/${classId}/live`);
    source.addEventListener('change', () => void load());
    return () => source.close();
  }, [classId, load]);

  async function rename() {
    const name = window.prompt('Display name', detail?.student.name ?? '');
    if (!name) return;
    await api(url, { method: 'PATCH', json: { name } }).catch((e: unknown) => setError(String(e)));
    await load();
  }

  async function remove() {
    if (!window.confirm(`Remove ${detail?.student.name} and all their records from the class?`))
      return;
    await api(url, { method: 'DELETE' });
    router.push(`/teach/classes/${classId}`);
  }

  if (error && !detail) return <ErrorLine text={error} className="px-6 py-10" />;
  if (!detail) return <p className="px-6 py-10 text-slate-500">Loading…</p>;
  const model = detail.files?.[LAB_MODEL_PATH];
  return (
    <div className="mx-auto max-w-5xl space-y-8 px-6 py-8">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <Link
            href={`/teach/classes/${classId}`}
            className="text-sm text-emerald-800 underline dark:text-emerald-300"
          >
            Back to the class
          </Link>
          <h1 className="text-2xl font-bold tracking-tight">{detail.student.name}</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Joined {new Date(detail.student.joinedAt).toLocaleString()} · last active{' '}
            {new Date(detail.student.lastSeenAt).toLocaleString()}
          </p>
        </div>
        <div className="flex gap-2">
          <button type="button" className={secondaryButton} onClick={() => void rename()}>
            Rename
          </button>
          <button
            type="button"
            className={`${secondaryButton} text-red-700 dark:text-red-300`}
            onClick={() => void remove()}
          >
            Remove from class
          </button>
        </div>
      </div>

      <section aria-labelledby="model-title">
        <h2 id="model-title" className="mb-2 text-lg font-semibold">
          {LAB_MODEL_PATH} against the starter
        </h2>
        {model === undefined ? (
          <p className="text-sm text-slate-500">No submission yet.</p>
        ) : (
          <pre
            className="overflow-x-auto rounded-md border border-slate-200 font-mono text-xs dark:border-slate-800"
            data-testid="model-diff"
          >
            {diffLines(starterModel, model).map((part, i) => (
              <span
                key={i}
                className={`block px-3 ${part.added ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100' : part.removed ? 'bg-red-50 text-red-900 line-through dark:bg-red-950 dark:text-red-100' : ''}`}
              >
                {part.value
                  .replace(/\n$/, '')
                  .split('\n')
                  .map((line) => `${part.added ? '+ ' : part.removed ? '- ' : '  '}${line}`)
                  .join('\n')}
              </span>
            ))}
          </pre>
        )}
      </section>

      <section aria-labelledby="report-title">
        <h2 id="report-title" className="mb-2 text-lg font-semibold">
          The server&apos;s latest grade
        </h2>
        {detail.report ? (
          <ReportView report={detail.report} />
        ) : (
          <p className="text-sm text-slate-500">Not graded on the server yet.</p>
        )}
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title" className="mb-2 text-lg font-semibold">
          Grade history
        </h2>
        <table className="w-full text-left text-sm">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1">Submitted</th>
              <th>Server</th>
              <th>Browser</th>
              <th>Note</th>
            </tr>
          </thead>
          <tbody>
            {detail.grades.map((g) => (
              <tr key={g.id} className="border-t border-slate-100 dark:border-slate-800">
                <td className="py-1">{new Date(g.submittedAt).toLocaleString()}</td>
                <td>{g.status === 'done' ? (g.passed ? 'passed' : 'not passed') : g.status}</td>
                <td>{g.browserPassed ? 'passed' : 'not passed'}</td>
                <td className="text-xs text-slate-600 dark:text-slate-400">
                  {g.error ??
                    (g.status === 'done' && g.passed !== g.browserPassed
                      ? 'the browser disagrees'
                      : '')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="log-title">
        <h2 id="log-title" className="mb-2 text-lg font-semibold">
          Run log
        </h2>
        <ol className="space-y-0.5 font-mono text-xs" data-testid="run-log">
          {detail.log.map((entry, i) => (
            <li key={i}>
              <span className="text-slate-500">{new Date(entry.time).toLocaleTimeString()}</span>{' '}
              {describe(entry)}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

function describe(entry: StudentDetail['log'][number]): string {
  const payload = entry.payload as {
    command?: string;
    exitCode?: number;
    event?: string;
    results?: {
      name: string;
      status: string;
      rows?: { inserted: number; updated: number; total: number };
    }[];
  };
  if (entry.kind === 'data_event') return `data: ${payload.event}`;
  const rows = (payload.results ?? [])
    .filter((r) => r.rows)
    .map((r) => `${r.name} +${r.rows!.inserted} ~${r.rows!.updated} = ${r.rows!.total}`)
    .join('; ');
  return `$ ${payload.command} → ${payload.exitCode === 0 ? 'ok' : `exit ${payload.exitCode}`}${rows ? ` (${rows})` : ''}`;
}
