'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProjectFiles } from '@/lib/dbt/types';
import { memoryStore, openBrowserStore, type KeyValueStore } from '@/lib/workspace/kv-store';
import { loadWorkspace, saveWorkspace } from '@/lib/workspace/persistence';
import type { Workspace } from '@/lib/workspace/types';
import { emptySnapshot } from '@/lib/workspace/workspace-state';

export type SaveState = 'loading' | 'saved' | 'unsaved' | 'saving' | 'error';

/** Edits are written this long after the last keystroke (and at once before a run or on Ctrl+S). */
const SAVE_DELAY_MS = 400;

/**
 * The workspace in React: starts from the starter (what the server rendered), then switches to the
 * saved state from IndexedDB. Every change is saved shortly after; `flush()` saves now.
 */
export function useWorkspace(starter: ProjectFiles) {
  const [workspace, setWorkspace] = useState<Workspace>(() => ({
    starter,
    snapshot: emptySnapshot(starter),
  }));
  const [saveState, setSaveState] = useState<SaveState>('loading');
  const [notice, setNotice] = useState<string | null>(null);
  const store = useRef<KeyValueStore | null>(null);
  const latest = useRef(workspace);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const loaded = useRef(false);

  useEffect(() => {
    let alive = true;
    store.current = openBrowserStore();
    loadWorkspace(store.current, starter, window.localStorage)
      .catch(() => {
        // IndexedDB blocked: keep working in memory, and say so
        store.current = memoryStore();
        return loadWorkspace(store.current, starter, window.localStorage).then((r) => ({
          ...r,
          warning: 'This browser blocks storage: your work lasts only until this tab closes.',
        }));
      })
      .then((result) => {
        if (!alive) return;
        latest.current = result.workspace;
        loaded.current = true;
        setWorkspace(result.workspace);
        setSaveState('saved');
        if (result.warning) setNotice(result.warning);
      });
    return () => {
      alive = false;
    };
  }, [starter]);

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!loaded.current || !store.current) return;
    setSaveState('saving');
    try {
      await saveWorkspace(store.current, latest.current);
      setSaveState('saved');
    } catch {
      setSaveState('error');
    }
  }, []);

  const update = useCallback(
    (change: (w: Workspace) => Workspace) => {
      const next = change(latest.current);
      if (next === latest.current) return;
      latest.current = next;
      setWorkspace(next);
      if (!loaded.current) return;
      setSaveState('unsaved');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );

  // Leaving the page with a pending save: write it now (IndexedDB usually completes in time).
  useEffect(() => {
    const onHide = () => void flush();
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, [flush]);

  return { workspace, ready: saveState !== 'loading', saveState, notice, update, flush };
}
