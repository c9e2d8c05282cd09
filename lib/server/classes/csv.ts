/**
 * The class as CSV: one row per student, a column per check (the server's latest verdict) and per
 * lesson (when it was marked done), attempts and timestamps. Cells that a spreadsheet would run as
 * a formula are prefixed with a quote.
 */
import { coursePages } from '@/lib/course/pages';
import { CHECK_IDS } from '@/lib/grader/types';
import type { Dashboard } from './dashboard';

function cell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function dashboardCsv(dashboard: Dashboard): string {
  const lessons = coursePages.map((p) => p.slug);
  const header = [
    'student',
    'joined_at',
    'last_seen_at',
    'attempts',
    'server_status',
    'server_passed',
    'browser_passed',
    'disagreement',
    'graded_at',
    ...CHECK_IDS,
    ...lessons.map((slug) => `lesson_${slug}`),
    'stuck',
  ];
  const rows = dashboard.students.map((s) => [
    s.name,
    s.joinedAt,
    s.lastSeenAt,
    s.attempts,
    s.grade?.status ?? '',
    s.grade?.passed ?? '',
    s.browserPassed ?? '',
    s.disagreement,
    s.grade?.at ?? '',
    ...CHECK_IDS.map((id) => s.grade?.checks[id] ?? ''),
    ...lessons.map((slug) => s.lessonsDone[slug] ?? ''),
    s.stuck ?? '',
  ]);
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
