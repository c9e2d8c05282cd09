'use client';

import { isDone } from '@/lib/course/progress';
import { markPageDone, useCourseProgress } from './progress-store';

/** The per-page "done" mark; it feeds the course progress meter. */
export function MarkDone({ slug }: { slug: string }) {
  const done = isDone(useCourseProgress(), slug);
  return (
    <button
      type="button"
      aria-pressed={done}
      onClick={() => markPageDone(slug, !done)}
      data-testid="mark-done"
      className={`inline-flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm font-medium ${
        done
          ? 'border-emerald-700 bg-emerald-700 text-white hover:bg-emerald-800 dark:border-emerald-500 dark:bg-emerald-700 dark:hover:bg-emerald-800'
          : 'border-slate-300 text-slate-800 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-100 dark:hover:bg-slate-800'
      }`}
    >
      <span aria-hidden="true">{done ? '✓' : '○'}</span>
      {done ? 'Done' : 'Mark as done'}
    </button>
  );
}
