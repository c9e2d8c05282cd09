import Link from 'next/link';
import { coursePages } from '@/lib/course/pages';

export default function HomePage() {
  return (
    <div className="mx-auto max-w-3xl px-6 py-10">
      <p className="text-sm font-medium text-emerald-700 dark:text-emerald-400">
        dbt bootcamp · Day 11
      </p>
      <h1 className="mt-1 text-3xl font-bold tracking-tight">Incremental models, built by you</h1>
      <p className="mt-4 text-lg text-slate-600 dark:text-slate-300">
        Your <code className="font-mono text-base">fct_orders</code> rebuilds every order on every
        run. Today you make it process only what changed, and prove it stays correct: a rerun
        changes nothing, new orders arrive exactly once, late payments are picked up, and the result
        matches a full rebuild row for row.
      </p>
      <p className="mt-3 text-slate-600 dark:text-slate-300">
        Everything runs in this browser tab: a dbt workspace on DuckDB with the Olist e-commerce
        data. No warehouse, no install, and your work stays on your machine.
      </p>
      <ol className="mt-8 space-y-2">
        {coursePages.map((page, index) => (
          <li key={page.slug}>
            <Link
              href={page.href}
              className="flex items-center gap-3 rounded-lg border border-slate-200 px-4 py-3 hover:border-emerald-400 hover:bg-emerald-50/50 dark:border-slate-800 dark:hover:border-emerald-700 dark:hover:bg-emerald-950/40"
            >
              <span className="flex size-7 items-center justify-center rounded-full bg-slate-100 text-sm font-semibold text-slate-600 dark:bg-slate-800 dark:text-slate-300">
                {index === 0 ? '★' : page.kind === 'lab' ? '⚙' : index}
              </span>
              <span className="font-medium">{page.title}</span>
            </Link>
          </li>
        ))}
      </ol>
    </div>
  );
}
