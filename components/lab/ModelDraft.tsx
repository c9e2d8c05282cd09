'use client';

import { useEffect, useRef, useState } from 'react';
import type { ProjectFiles } from '@/lib/dbt';
import { GradingPanel } from '@/components/grader/GradingPanel';

export const MODEL_PATH = 'models/marts/fct_orders.sql';
const STORAGE_KEY = 'incremental-lab:draft:fct_orders';

/**
 * The student's fct_orders.sql, kept in this browser (saved on every change, so nothing typed is
 * lost on reload), graded against the rest of the course project.
 */
export function ModelDraft({ starter }: { starter: ProjectFiles }) {
  const starterModel = starter[MODEL_PATH] ?? '';
  const [model, setModel] = useState(starterModel);
  const loaded = useRef(false);

  useEffect(() => {
    try {
      const saved = localStorage.getItem(STORAGE_KEY);
      // eslint-disable-next-line react-hooks/set-state-in-effect -- restoring saved work after hydration
      if (saved !== null) setModel(saved);
    } catch {
      // storage blocked: the draft lives only in this tab
    }
    loaded.current = true;
  }, []);

  function change(value: string) {
    setModel(value);
    try {
      localStorage.setItem(STORAGE_KEY, value);
    } catch {
      // storage blocked or full: keep editing in memory
    }
  }

  function reset() {
    if (model === starterModel) return;
    if (
      !window.confirm(
        'Replace your fct_orders.sql with the starter version? Your changes will be lost.',
      )
    )
      return;
    change(starterModel);
  }

  return (
    <div className="space-y-6">
      <section aria-labelledby="model-title" className="space-y-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="model-title" className="text-lg font-semibold">
            <code className="font-mono">{MODEL_PATH}</code>
          </h2>
          <button
            type="button"
            onClick={reset}
            className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          >
            Reset to starter
          </button>
        </div>
        <label htmlFor="model-sql" className="sr-only">
          fct_orders.sql
        </label>
        <textarea
          id="model-sql"
          value={model}
          onChange={(event) => change(event.target.value)}
          spellCheck={false}
          rows={18}
          className="w-full resize-y rounded-md border border-slate-300 bg-white p-3 font-mono text-sm text-slate-900 shadow-inner dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        />
        <p className="text-xs text-slate-500 dark:text-slate-400">
          Saved in this browser as you type. The full workspace (file tree, editor, dbt terminal)
          builds on this draft.
        </p>
      </section>
      <GradingPanel getFiles={() => ({ ...starter, [MODEL_PATH]: model })} />
    </div>
  );
}
