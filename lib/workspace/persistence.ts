/**
 * Loading and saving the workspace. Saved snapshots are validated (a damaged or older record must
 * not break the page), and the single-file draft an earlier version kept in localStorage becomes the
 * student's fct_orders edit the first time the workspace loads.
 */
import { z } from 'zod';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { KeyValueStore } from './kv-store';
import {
  LAB_MODEL_PATH,
  MAX_HISTORY,
  WORKSPACE_VERSION,
  type Workspace,
  type WorkspaceSnapshot,
} from './types';
import { editFile, emptySnapshot } from './workspace-state';

export const WORKSPACE_KEY = 'workspace';
/** Where the earlier single-file draft of fct_orders lived in localStorage. */
export const UNREADABLE_KEY = 'workspace-unreadable';
export const LEGACY_DRAFT_KEY = 'incremental-lab:draft:fct_orders';

const snapshotSchema = z.object({
  version: z.literal(WORKSPACE_VERSION),
  edits: z.record(z.string(), z.string()),
  history: z.array(z.string()).catch([]),
  openFile: z.string().catch(LAB_MODEL_PATH),
  savedAt: z.string().optional(),
});

/** The part of `localStorage` the migration reads. */
export interface LegacyStorage {
  getItem(key: string): string | null;
}

export interface LoadResult {
  workspace: Workspace;
  /** Where the state came from, for a status line. */
  origin: 'saved' | 'migrated' | 'new';
  /** Set when the saved record was unreadable and the starter was used instead. */
  warning?: string;
}

export async function loadWorkspace(
  store: KeyValueStore,
  starter: ProjectFiles,
  legacy?: LegacyStorage,
): Promise<LoadResult> {
  const fresh: Workspace = { starter, snapshot: emptySnapshot(starter) };
  const raw = await store.get(WORKSPACE_KEY);
  if (raw !== undefined) {
    const parsed = snapshotSchema.safeParse(raw);
    if (parsed.success) {
      const snapshot: WorkspaceSnapshot = {
        ...parsed.data,
        history: parsed.data.history.slice(-MAX_HISTORY),
        openFile:
          parsed.data.openFile in starter || parsed.data.openFile in parsed.data.edits
            ? parsed.data.openFile
            : fresh.snapshot.openFile,
      };
      return { workspace: { starter, snapshot }, origin: 'saved' };
    }
    // Keep the unreadable record aside: the next save overwrites the main key.
    await store.set(UNREADABLE_KEY, raw);
    return {
      workspace: fresh,
      origin: 'new',
      warning: `The saved workspace could not be read; it was kept as "${UNREADABLE_KEY}" and the starter opened.`,
    };
  }
  let draft: string | null = null;
  try {
    draft = legacy?.getItem(LEGACY_DRAFT_KEY) ?? null;
  } catch {
    // storage blocked: nothing to migrate
  }
  if (draft !== null) {
    const workspace = editFile(fresh, LAB_MODEL_PATH, draft);
    await saveWorkspace(store, workspace);
    return { workspace, origin: 'migrated' };
  }
  return { workspace: fresh, origin: 'new' };
}

export async function saveWorkspace(
  store: KeyValueStore,
  workspace: Workspace,
  now: () => Date = () => new Date(),
): Promise<void> {
  const snapshot: WorkspaceSnapshot = { ...workspace.snapshot, savedAt: now().toISOString() };
  await store.set(WORKSPACE_KEY, snapshot);
}
