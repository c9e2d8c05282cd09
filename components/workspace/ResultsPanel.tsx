'use client';

import { ResultTable } from '@/components/sql-console/ResultTable';
import type { ShowResult } from '@/lib/dbt/types';

/** The last `dbt show` preview as a grid. */
export function ResultsPanel({ show }: { show: { title: string; result: ShowResult } | null }) {
  if (!show)
    return (
      <p className="p-3 text-sm text-slate-600 dark:text-slate-400">
        Preview a model&apos;s rows with <code>dbt show -s fct_orders --limit 20</code> in the
        terminal, or an inline query with <code>dbt show --inline &quot;select …&quot;</code>.
      </p>
    );
  const { columns, rows } = show.result;
  return (
    <div className="flex h-full min-h-0 flex-col gap-1 p-3">
      <p className="font-mono text-xs text-slate-500 dark:text-slate-400">$ {show.title}</p>
      <ResultTable result={{ columns, rows, rowCount: rows.length, truncated: false }} />
    </div>
  );
}
