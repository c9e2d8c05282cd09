import Link from 'next/link';
import { CourseNav } from './CourseNav';
import { ThemeToggle } from './ThemeToggle';

export function SiteHeader() {
  return (
    <header className="relative flex h-12 shrink-0 items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 dark:border-slate-800 dark:bg-slate-950">
      <Link
        href="/"
        className="flex items-baseline gap-2 font-semibold text-slate-900 dark:text-slate-100"
      >
        <span aria-hidden="true" className="text-emerald-600 dark:text-emerald-400">
          ▤
        </span>
        Incremental Lab
        <span className="hidden text-sm font-normal text-slate-500 sm:inline dark:text-slate-400">
          dbt bootcamp · Day 11
        </span>
      </Link>
      <div className="flex items-center gap-2">
        {/* On narrow screens (and at high zoom) the side navigation moves into this menu. */}
        <details className="md:hidden">
          <summary className="cursor-pointer list-none rounded-md border border-slate-300 px-2.5 py-1 text-sm dark:border-slate-600">
            Pages
          </summary>
          <div className="absolute right-2 z-40 mt-2 w-64 rounded-md border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900">
            <CourseNav />
          </div>
        </details>
        <ThemeToggle />
      </div>
    </header>
  );
}
