'use client';

import { coursePages } from '@/lib/course/pages';
import { summarizeProgress } from '@/lib/course/progress';
import { useCourseProgress } from './progress-store';

/** "2 of 5 pages done" with a bar; reads the same store as the done buttons. */
export function CourseProgressMeter() {
  const summary = summarizeProgress(useCourseProgress(), coursePages);
  const text = `${summary.done} of ${summary.total} pages done`;
  return (
    <div className="flex items-center gap-3 text-xs text-slate-600 dark:text-slate-400">
      <div
        role="progressbar"
        aria-label="Day 11 progress"
        aria-valuemin={0}
        aria-valuemax={summary.total}
        aria-valuenow={summary.done}
        aria-valuetext={text}
        className="h-1.5 w-28 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div
          className="h-full rounded-full bg-emerald-600 transition-[width] dark:bg-emerald-500"
          style={{ width: `${summary.percent}%` }}
        />
      </div>
      <span data-testid="course-progress">{text}</span>
    </div>
  );
}
