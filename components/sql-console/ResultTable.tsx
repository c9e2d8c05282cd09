'use client';

import { useRef, useState } from 'react';
import type { QueryResult } from '@/lib/engine/connection';
import { copiedText, rowCountText, toTsv } from '@/lib/workspace/grid-format';
import { ResultGrid } from './ResultGrid';

interface Notice {
  generation: number;
  text: string;
  failed: boolean;
}

/**
 * A query result: how many rows (and how long the query took, when given), a Copy button, and the
 * rows in a virtualized grid.
 */
export function ResultTable({ result, timing }: { result: QueryResult; timing?: string }) {
  const { columns, rows, rowCount, truncated } = result;
  // New rows get a fresh grid (scroll position, active cell) and drop the last copy notice. Compared
  // by rows and columns, not by the result object, which a caller may rebuild on every render.
  const [shown, setShown] = useState({ columns, rows, generation: 0 });
  if (shown.rows !== rows || shown.columns !== columns)
    setShown({ columns, rows, generation: shown.generation + 1 });
  const { generation } = shown;
  const [notice, setNotice] = useState<Notice | null>(null);
  const clearTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  async function copy(text: string, done: string) {
    clearTimeout(clearTimer.current);
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setNotice({ generation, text: done, failed: false });
      clearTimer.current = setTimeout(() => setNotice(null), 4000);
    } catch {
      setNotice({
        generation,
        text: 'Could not copy: the browser did not allow access to the clipboard.',
        failed: true,
      });
    }
  }

  const current = notice?.generation === generation ? notice : null;
  return (
    <div className="flex min-h-0 min-w-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 px-1 pb-2">
        <p className="text-sm text-slate-600 dark:text-slate-400" role="status">
          {rowCountText(rows.length, rowCount, truncated)}
        </p>
        {timing && <p className="text-xs text-slate-500 dark:text-slate-400">{timing}</p>}
        <span
          aria-live="polite"
          className={`text-xs ${current?.failed ? 'text-red-700 dark:text-red-300' : 'text-emerald-700 dark:text-emerald-300'}`}
        >
          {current?.text}
        </span>
        {columns.length > 0 && (
          <button
            type="button"
            onClick={() => void copy(toTsv(columns, rows), copiedText(rows.length, 'row'))}
            title="Copy the loaded rows as tab-separated text with a header line, to paste into a spreadsheet"
            className="ml-auto rounded-md border border-slate-300 px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800 dark:focus-visible:outline-sky-400"
          >
            Copy
          </button>
        )}
      </div>
      {columns.length > 0 && (
        <ResultGrid
          key={generation}
          columns={columns}
          rows={rows}
          onCopyValue={(text) => void copy(text, copiedText(1, 'value'))}
        />
      )}
    </div>
  );
}
