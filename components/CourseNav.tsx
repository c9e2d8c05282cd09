'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCourseProgress } from '@/components/lesson/progress-store';
import { coursePages } from '@/lib/course/pages';
import { isDone } from '@/lib/course/progress';

export function CourseNav() {
  const pathname = usePathname();
  const progress = useCourseProgress();
  return (
    <nav aria-label="Day 11 pages" className="p-3">
      <p className="px-2 pb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
        Day 11 · Incremental models
      </p>
      <ul className="space-y-0.5">
        {coursePages.map((page) => {
          const current = pathname === page.href || pathname.startsWith(`${page.href}/`);
          return (
            <li key={page.slug}>
              <Link
                href={page.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded-md px-2 py-1.5 text-sm ${
                  current
                    ? 'bg-emerald-50 font-medium text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200'
                    : 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
                }`}
              >
                <span className="flex items-center justify-between gap-2">
                  {page.navTitle}
                  {isDone(progress, page.slug) && (
                    <span className="text-emerald-600 dark:text-emerald-400" title="Done">
                      <span aria-hidden="true">✓</span>
                      <span className="sr-only"> (done)</span>
                    </span>
                  )}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
