'use client';

import { ClassBar } from './ClassBar';
import { ShortcutList } from './LabSkipLinks';
import type { SaveState } from './useWorkspace';

const SAVE_LABEL: Record<SaveState, string> = {
  loading: 'Loading your work…',
  saved: 'Saved in this browser',
  unsaved: 'Unsaved changes',
  saving: 'Saving…',
  error: 'Could not save: storage is full or blocked',
};

const BUTTON =
  'rounded border border-slate-300 px-2 py-0.5 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';

/** The workspace's title bar: instructions toggle, download, reset-all and the save state. */
export function WorkspaceToolbar({
  showInstructions,
  onToggleInstructions,
  onDownload,
  canReset,
  onReset,
  saveState,
}: {
  showInstructions: boolean;
  onToggleInstructions: () => void;
  onDownload: () => void;
  canReset: boolean;
  onReset: () => void;
  saveState: SaveState;
}) {
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
      <h1 className="text-base font-semibold">Lab: make fct_orders incremental</h1>
      <button
        type="button"
        onClick={onToggleInstructions}
        aria-expanded={showInstructions}
        aria-controls="lab-instructions"
        className={BUTTON}
      >
        {showInstructions ? 'Hide instructions' : 'Show instructions'}
      </button>
      <button type="button" onClick={onDownload} className={BUTTON}>
        Download project (.zip)
      </button>
      <button type="button" onClick={onReset} disabled={!canReset} className={BUTTON}>
        Reset all to starter
      </button>
      <ShortcutList />
      <ClassBar />
      <p
        role="status"
        data-testid="save-state"
        data-state={saveState}
        className={`ml-auto text-xs ${saveState === 'error' ? 'text-red-700 dark:text-red-300' : 'text-slate-500 dark:text-slate-400'}`}
      >
        {SAVE_LABEL[saveState]}
      </p>
    </div>
  );
}
