'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProjectFiles } from '@/lib/dbt/types';
import { memoryStore, openBrowserStore, type KeyValueStore } from '@/lib/workspace/kv-store';
import {
  clearRescue,
  loadWorkspace,
  saveWorkspace,
  writeRescue,
  type PageStorage,
} from '@/lib/workspace/persistence';
import type { Workspace } from '@/lib/workspace/types';
import { emptySnapshot } from '@/lib/workspace/workspace-state';

export type SaveState = 'loading' | 'saved' | 'unsaved' | 'saving' | 'error';

/** Edits are written this long after the last keystroke (and at once before a run or on Ctrl+S). */
const SAVE_DELAY_MS = 400;

/** Tabs of the same lab tell each other when they saved (the last save wins). */
const CHANNEL = 'incremental-lab:workspace';

/** localStorage, or nothing where the browser refuses it (reading the property can throw). */
function pageStorage(): PageStorage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Files whose text differs between two workspaces, with their new text. */
function changedFiles(before: Workspace, after: Workspace): ProjectFiles {
  const changed: ProjectFiles = {};
  const text = (w: Workspace, path: string) => w.snapshot.edits[path] ?? w.starter[path] ?? '';
  const paths = new Set([
    ...Object.keys(before.snapshot.edits),
    ...Object.keys(after.snapshot.edits),
  ]);
  for (const path of paths)
    if (text(before, path) !== text(after, path)) changed[path] = text(after, path);
  return changed;
}

/**
 * The workspace in React: starts from the starter (what the server rendered), then switches to the
 * saved state from IndexedDB. Every change is saved shortly after; `flush()` saves now.
 *
 * With the lab open in two tabs, the last save wins. A tab without unsaved edits picks up the other
 * tab's save at once (`onReplaced` gets the changed files for the editor); a tab with unsaved edits
 * is told that saving will replace the other tab's changes.
 */
export function useWorkspace(starter: ProjectFiles, onReplaced?: (files: ProjectFiles) => void) {
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
  // Changes made / changes saved: unsaved edits exist while they differ (an edit made while a save
  // is in flight stays unsaved when that save lands).
  const changes = useRef(0);
  const savedChanges = useRef(0);
  const dirty = () => changes.current !== savedChanges.current;
  const channel = useRef<BroadcastChannel | null>(null);
  const replaced = useRef(onReplaced);
  useEffect(() => {
    replaced.current = onReplaced;
  }, [onReplaced]);

  useEffect(() => {
    let alive = true;
    store.current = openBrowserStore();
    loadWorkspace(store.current, starter, pageStorage())
      .catch(() => {
        // IndexedDB blocked: keep working in memory, and say so
        store.current = memoryStore();
        return loadWorkspace(store.current, starter, pageStorage()).then((r) => ({
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
    const saving = changes.current;
    try {
      const savedAt = await saveWorkspace(store.current, latest.current);
      clearRescue(pageStorage(), savedAt);
      savedChanges.current = Math.max(savedChanges.current, saving);
      setSaveState(dirty() ? 'unsaved' : 'saved');
      channel.current?.postMessage('saved');
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
      changes.current++;
      setSaveState('unsaved');
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );

  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const own = new BroadcastChannel(CHANNEL);
    channel.current = own;
    own.onmessage = () => {
      if (!loaded.current || !store.current) return;
      if (dirty()) {
        setNotice(
          'This lab was also changed in another tab. Saving here replaces those changes: the last save wins.',
        );
        return;
      }
      void loadWorkspace(store.current, starter).then((result) => {
        if (dirty()) return; // typed meanwhile: this tab's edits stay and win on save
        const changed = changedFiles(latest.current, result.workspace);
        latest.current = result.workspace;
        setWorkspace(result.workspace);
        if (Object.keys(changed).length > 0) {
          replaced.current?.(changed);
          setNotice('Updated with changes saved in another tab.');
        }
      });
    };
    return () => {
      own.close();
      channel.current = null;
    };
  }, [starter]);

  // Leaving the page with a pending save: IndexedDB may not finish before the page is gone, so a
  // synchronous copy goes to localStorage first (see persistence.ts).
  useEffect(() => {
    const onHide = () => {
      if (!dirty() || !loaded.current) return;
      writeRescue(pageStorage(), latest.current);
      void flush();
    };
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, [flush]);

  return { workspace, ready: saveState !== 'loading', saveState, notice, update, flush };
}
