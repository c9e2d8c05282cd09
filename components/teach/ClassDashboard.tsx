'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { coursePages } from '@/lib/course/pages';
import { CHECK_IDS, type CheckId } from '@/lib/grader/types';
import type { Dashboard, RosterRow } from '@/lib/server/classes/dashboard';
import type { ClassRow } from '@/lib/server/db/schema';
import { api, secondaryButton, errorText } from './api';
import { ErrorLine } from './ErrorLine';

const SHORT: Record<CheckId, string> = {
  materialized_incremental: 'incr',
  unique_key_set: 'key',
  grain_unique: 'grain',
  incremental_filter: 'filter',
  idempotent_rerun: 'rerun',
  new_rows_processed: 'new',
  late_arriving_updated: 'late',
  matches_full_refresh: 'full',
};

const MARK = {
  pass: { icon: '✓', cls: 'text-emerald-700 dark:text-emerald-400', label: 'passes' },
  fail: { icon: '✗', cls: 'text-red-700 dark:text-red-400', label: 'fails' },
  error: { icon: '!', cls: 'text-amber-700 dark:text-amber-400', label: 'error' },
} as const;

const ROW_HEIGHT = 36;
const GRID = `minmax(10rem,1.5fr) 5rem 7rem repeat(${CHECK_IDS.length}, 3.2rem) 6rem 4rem minmax(8rem,1fr)`;

function ago(iso: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.round(minutes / 60)} h ago`;
}

/** The live class view: the roster × the eight checks (the server's verdict), updated without a reload. */
export function ClassDashboard({ classId }: { classId: string }) {
  const router = useRouter();
  const [klass, setKlass] = useState<ClassRow | null>(null);
  const [dashboard, setDashboard] = useState<Dashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<'connecting' | 'live' | 'retrying'>('connecting');
  const [notice, setNotice] = useState<string | null>(null);
  const [origin, setOrigin] = useState('');

  const load = useCallback(async () => {
    try {
      const answer = await api<{ class: ClassRow; dashboard: Dashboard }>(
        `/api/teach/classes/${classId}/dashboard`,
      );
      setKlass(answer.class);
      setDashboard(answer.dashboard);
      setError(null);
    } catch (e) {
      setError(errorText(e));
    }
  }, [classId]);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the page's origin exists only in the browser
    setOrigin(window.location.origin);
    void load();
    const source = new EventSource(`/api/teach/classes/${classId}/live`);
    source.addEventListener('ready', () => setLive('live'));
    source.addEventListener('change', () => void load());
    source.onerror = () => setLive('retrying');
    source.onopen = () => setLive('live');
    return () => source.close();
  }, [classId, load]);

  async function change(body: Record<string, unknown>, done: string) {
    try {
      await api(`/api/teach/classes/${classId}`, { method: 'PATCH', json: body });
      setNotice(done);
      await load();
    } catch (e) {
      setNotice(errorText(e));
    }
  }

  async function rename() {
    const name = window.prompt('New name for the class', klass?.name ?? '');
    if (name) await change({ name }, 'Renamed.');
  }

  async function remove() {
    if (
      !klass ||
      !window.confirm(
        `Delete ${klass.name} with all its students, their progress and grades? This cannot be undone.`,
      )
    )
      return;
    await api(`/api/teach/classes/${classId}`, { method: 'DELETE' });
    router.push('/teach');
  }

  async function regrade() {
    const { queued } = await api<{ queued: number }>(`/api/teach/classes/${classId}/regrade`, {
      method: 'POST',
      json: { force: true },
    });
    setNotice(`Re-grading ${queued} latest submission${queued === 1 ? '' : 's'}.`);
  }

  if (error && !dashboard)
    return (
      <div className="mx-auto max-w-4xl px-6 py-10">
        {' '}
        <ErrorLine text={error} className="" />
        <Link href="/teach" className="text-emerald-800 underline dark:text-emerald-300">
          Back to the classes
        </Link>
      </div>
    );
  if (!dashboard || !klass) return <p className="px-6 py-10 text-slate-500">Loading the class…</p>;

  const joinLink = `${origin}/join/${klass.join_code}`;
  return (
    <div className="flex h-full min-h-0 flex-col gap-4 px-6 py-6">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm">
            <Link href="/teach" className="text-emerald-800 underline dark:text-emerald-300">
              Classes
            </Link>
          </p>
          <h1 className="text-2xl font-bold tracking-tight">{klass.name}</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
            Join link{' '}
            <code className="font-mono" data-testid="join-link">
              {joinLink}
            </code>{' '}
            · code{' '}
            <code className="font-mono text-base font-semibold" data-testid="join-code">
              {klass.join_code}
            </code>
            {klass.joining_open ? '' : ' · joining closed'}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <button
            type="button"
            className={secondaryButton}
            onClick={() => void navigator.clipboard?.writeText(joinLink)}
          >
            Copy join link
          </button>
          <button type="button" className={secondaryButton} onClick={() => void rename()}>
            Rename
          </button>
          <button
            type="button"
            className={secondaryButton}
            onClick={() =>
              void change({ rotateCode: true }, 'New join code: the old one no longer works.')
            }
          >
            New code
          </button>
          <button
            type="button"
            className={secondaryButton}
            onClick={() =>
              void change(
                { joiningOpen: !klass.joining_open },
                klass.joining_open ? 'Joining closed.' : 'Joining open.',
              )
            }
          >
            {klass.joining_open ? 'Close joining' : 'Open joining'}
          </button>
          <button type="button" className={secondaryButton} onClick={() => void regrade()}>
            Re-grade all
          </button>
          <a className={secondaryButton} href={`/api/teach/classes/${classId}/export`} download>
            Export CSV
          </a>
          <button
            type="button"
            className={`${secondaryButton} text-red-700 dark:text-red-300`}
            onClick={() => void remove()}
          >
            Delete class
          </button>
        </div>
      </div>
      <p
        role="status"
        className="text-xs text-slate-500 dark:text-slate-400"
        data-testid="live-state"
        data-state={live}
      >
        {live === 'live'
          ? '● Live: updates as students work'
          : live === 'retrying'
            ? 'Reconnecting…'
            : 'Connecting…'}
        {notice ? ` · ${notice}` : ''}
      </p>
      <CheckSummary dashboard={dashboard} />
      <Roster classId={classId} rows={dashboard.students} />
    </div>
  );
}

/** Per check, how many of the graded students pass it: where the class is stuck. */
function CheckSummary({ dashboard }: { dashboard: Dashboard }) {
  const total = dashboard.students.length;
  return (
    <section
      aria-label="Checks across the class"
      className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-8"
    >
      {CHECK_IDS.map((id) => {
        const passing = dashboard.perCheck[id];
        const share = dashboard.graded === 0 ? 0 : passing / dashboard.graded;
        return (
          <div
            key={id}
            className="rounded-md border border-slate-200 p-2 dark:border-slate-800"
            data-testid={`summary-${id}`}
          >
            <p className="truncate font-mono text-xs" title={id}>
              {id}
            </p>
            <p className="text-sm font-semibold">
              {passing} / {dashboard.graded}{' '}
              <span className="font-normal text-slate-500">graded</span>
            </p>
            <div className="mt-1 h-1.5 rounded bg-slate-200 dark:bg-slate-800" aria-hidden>
              <div
                className="h-1.5 rounded bg-emerald-500"
                style={{ width: `${Math.round(share * 100)}%` }}
              />
            </div>
          </div>
        );
      })}
      <p className="col-span-full text-xs text-slate-500 dark:text-slate-400">
        {total} students, {dashboard.graded} with a server verdict.
      </p>
    </section>
  );
}

function Roster({ classId, rows }: { classId: string; rows: RosterRow[] }) {
  const parent = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; the rows re-render from props
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const lessons = coursePages.filter((p) => p.kind !== 'lab').length;
  return (
    <div
      role="table"
      aria-label="Students"
      aria-rowcount={rows.length + 1}
      className="flex min-h-64 flex-1 flex-col rounded-md border border-slate-200 text-sm dark:border-slate-800"
    >
      <div
        role="row"
        className="grid border-b border-slate-200 bg-slate-100 text-xs font-semibold dark:border-slate-800 dark:bg-slate-800"
        style={{ gridTemplateColumns: GRID }}
      >
        <span role="columnheader" className="px-2 py-2">
          Student
        </span>
        <span role="columnheader" className="px-2 py-2">
          Lessons
        </span>
        <span role="columnheader" className="px-2 py-2">
          Last active
        </span>
        {CHECK_IDS.map((id) => (
          <span role="columnheader" key={id} className="px-1 py-2 text-center" title={id}>
            {SHORT[id]}
          </span>
        ))}
        <span role="columnheader" className="px-2 py-2">
          Server
        </span>
        <span role="columnheader" className="px-2 py-2">
          Tries
        </span>
        <span role="columnheader" className="px-2 py-2">
          Signal
        </span>
      </div>
      {rows.length === 0 && (
        <p className="p-4 text-slate-500">No student has joined yet: share the join link.</p>
      )}
      <div ref={parent} className="min-h-0 flex-1 overflow-auto">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            const lessonsDone = Object.keys(row.lessonsDone).filter(
              (slug) => slug !== 'lab',
            ).length;
            return (
              <div
                role="row"
                aria-rowindex={item.index + 2}
                key={row.id}
                data-testid={`student-${row.name}`}
                className="absolute grid w-full items-center border-b border-slate-100 dark:border-slate-800"
                style={{
                  gridTemplateColumns: GRID,
                  height: ROW_HEIGHT,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                <span role="cell" className="truncate px-2">
                  <Link
                    href={`/teach/classes/${classId}/students/${row.id}`}
                    className="text-emerald-800 underline dark:text-emerald-300"
                  >
                    {row.name}
                  </Link>
                </span>
                <span role="cell" className="px-2">
                  {lessonsDone}/{lessons}
                  {row.lessonsDone.lab ? ' · lab' : ''}
                </span>
                <span role="cell" className="px-2 text-slate-600 dark:text-slate-400">
                  {ago(row.lastSeenAt, now)}
                </span>
                {CHECK_IDS.map((id) => {
                  const status = row.grade?.status === 'done' ? row.grade.checks[id] : undefined;
                  const mark = status ? MARK[status] : null;
                  return (
                    <span
                      role="cell"
                      key={id}
                      className={`text-center ${mark?.cls ?? 'text-slate-400'}`}
                      data-testid={`cell-${row.name}-${id}`}
                      data-status={status ?? 'none'}
                    >
                      <span aria-hidden>{mark?.icon ?? '·'}</span>
                      <span className="sr-only">{`${id} ${mark?.label ?? 'not graded'}`}</span>
                    </span>
                  );
                })}
                <span
                  role="cell"
                  className="px-2"
                  data-testid={`server-${row.name}`}
                  data-status={row.grade?.status ?? 'none'}
                >
                  {row.grade === null
                    ? '—'
                    : row.grade.status === 'done'
                      ? row.grade.passed
                        ? 'passed'
                        : 'not yet'
                      : row.grade.status === 'error'
                        ? 'error'
                        : row.grade.status}
                  {row.grade?.stale ? ' (old grader)' : ''}
                </span>
                <span role="cell" className="px-2">
                  {row.attempts}
                </span>
                <span role="cell" className="truncate px-2 text-xs" title={row.stuck ?? ''}>
                  {row.disagreement && (
                    <span
                      className="mr-1 rounded bg-amber-100 px-1 text-amber-900 dark:bg-amber-900 dark:text-amber-100"
                      data-testid={`disagree-${row.name}`}
                    >
                      browser says {row.browserPassed ? 'passed' : 'not passed'}
                    </span>
                  )}
                  {row.stuck && (
                    <span className="text-red-700 dark:text-red-300">stuck: {row.stuck}</span>
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
