'use client';

import { useMemo } from 'react';
import { ResultTable } from '@/components/sql-console/ResultTable';
import type { QueryResult } from '@/lib/engine/connection';
import type { ShowResult } from '@/lib/dbt/types';

/** The last `dbt show` preview, in the same grid as the SQL console's results. */
export function ResultsPanel({ show }: { show: { title: string; result: ShowResult } | null }) {
  const showResult = show?.result;
  const result = useMemo<QueryResult | null>(
    () =>
      showResult
        ? {
            columns: showResult.columns,
            rows: showResult.rows,
            rowCount: showResult.rows.length,
            truncated: false,
          }
        : null,
    [showResult],
  );
  if (!show || !result)
    return (
      <p className="p-3 text-sm text-slate-600 dark:text-slate-400">
        Preview a model&apos;s rows with <code>dbt show -s fct_orders --limit 20</code> in the
        terminal, or an inline query with <code>dbt show --inline &quot;select …&quot;</code>.
      </p>
    );
  return (
    <div className="flex h-full min-h-0 flex-col gap-1 p-3">
      <p className="font-mono text-xs text-slate-500 dark:text-slate-400">$ {show.title}</p>
      <ResultTable result={result} />
    </div>
  );
}
