'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { CatalogRelation } from '@/lib/workspace/catalog';
import type { EditorMarker } from '@/lib/workspace/markers';
import type { ExternalEdit } from './CodeEditor';

// Monaco is heavy and browser-only: it loads after the page, which shows the file as text meanwhile.
const CodeEditor = dynamic(() => import('./CodeEditor'), { ssr: false, loading: () => null });

/** The open file: its path, Run model and Reset file, and the editor (plain text until it loads). */
export function EditorPane({
  path,
  text,
  ready,
  canRun,
  edited,
  onRunModel,
  onResetFile,
  onChange,
  onSave,
  markers,
  getFiles,
  catalog,
  externalEdit,
  note,
}: {
  /** A line about the open file, shown beside its path (what a debugging exercise is for). */
  note?: string;
  path: string;
  text: string;
  /** The saved workspace has loaded: the editor may start from its text. */
  ready: boolean;
  canRun: boolean;
  edited: boolean;
  onRunModel: () => void;
  onResetFile: () => void;
  onChange: (path: string, text: string) => void;
  onSave: () => void;
  markers: EditorMarker[];
  getFiles: () => ProjectFiles;
  catalog: readonly CatalogRelation[];
  externalEdit: ExternalEdit | null;
}) {
  const [mounted, setMounted] = useState(false);
  return (
    <section aria-label="Editor" className="flex min-w-0 flex-1 flex-col">
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 py-1 text-sm dark:border-slate-800">
        <code className="mr-auto shrink-0 font-mono text-[13px]" data-testid="open-file">
          {path}
        </code>
        {note && (
          <span
            className="min-w-0 truncate text-xs text-amber-800 dark:text-amber-200"
            title={note}
          >
            {note}
          </span>
        )}
        <span className="ml-auto hidden min-w-0 truncate text-xs text-slate-500 xl:inline dark:text-slate-400">
          Ctrl/⌘+S save · Ctrl/⌘+Enter run · Esc, Tab: leave editor
        </span>
        <button
          type="button"
          onClick={onRunModel}
          disabled={!canRun}
          className="rounded bg-emerald-600 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-white hover:bg-emerald-700 disabled:opacity-50"
        >
          Run model
        </button>
        <button
          type="button"
          onClick={onResetFile}
          disabled={!edited}
          className="rounded border border-slate-300 px-2 py-0.5 text-xs whitespace-nowrap hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          Reset file
        </button>
      </div>
      <div className="relative min-h-0 flex-1" data-testid="editor">
        {ready && (
          <CodeEditor
            path={path}
            value={text}
            onChange={onChange}
            markers={markers}
            onSave={onSave}
            onRun={onRunModel}
            onMounted={() => setMounted(true)}
            getFiles={getFiles}
            catalog={catalog}
            externalEdit={externalEdit}
          />
        )}
        {!mounted && (
          <pre
            data-testid="editor-placeholder"
            className="absolute inset-0 overflow-auto bg-white p-3 pl-16 font-mono text-[14px] leading-[19px] dark:bg-slate-950"
          >
            {text}
          </pre>
        )}
      </div>
    </section>
  );
}
