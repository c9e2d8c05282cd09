/**
 * Loading and saving the workspace. Saved snapshots are validated (a damaged or older record must
 * not break the page), and the single-file draft an earlier version kept in localStorage becomes the
 * student's fct_orders edit the first time the workspace loads.
 *
 * IndexedDB writes are asynchronous, and a reload can cut the last one short: the keystrokes of the
 * last half second would be lost. So as the page goes away the workspace is also written, at once,
 * to localStorage (the rescue copy); the next load prefers it when it is newer than the IndexedDB
 * record, and a save that covers it removes it.
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
export const UNREADABLE_KEY = 'workspace-unreadable';
/** Where the earlier single-file draft of fct_orders lived in localStorage. */
export const LEGACY_DRAFT_KEY = 'incremental-lab:draft:fct_orders';
/** The synchronous copy written as the page goes away. */
export const RESCUE_KEY = 'incremental-lab:workspace-rescue';

const snapshotSchema = z.object({
  version: z.literal(WORKSPACE_VERSION),
  edits: z.record(z.string(), z.string()),
  history: z.array(z.string()).catch([]),
  openFile: z.string().catch(LAB_MODEL_PATH),
  savedAt: z.string().optional(),
});

/** The part of `localStorage` used here (the old draft, the rescue copy). */
export interface PageStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** localStorage may be blocked or full: its failures only cost the extra safety. */
function quietly<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}

/** Writes the rescue copy now (synchronously); called as the page is hidden with unsaved edits. */
export function writeRescue(
  local: PageStorage | undefined,
  workspace: Workspace,
  now: () => Date = () => new Date(),
): void {
  const snapshot: WorkspaceSnapshot = { ...workspace.snapshot, savedAt: now().toISOString() };
  quietly(() => local?.setItem(RESCUE_KEY, JSON.stringify(snapshot)));
}

type Rescue = z.infer<typeof snapshotSchema> & { savedAt: string };

function readRescue(local: PageStorage | undefined): Rescue | null {
  const raw = quietly(() => local?.getItem(RESCUE_KEY));
  if (!raw) return null;
  const parsed = snapshotSchema.safeParse(quietly(() => JSON.parse(raw)));
  const savedAt = parsed.data?.savedAt;
  return parsed.success && savedAt ? { ...parsed.data, savedAt } : null;
}

/** Drops the rescue copy once a save at `savedAt` or later holds everything it had. */
export function clearRescue(local: PageStorage | undefined, savedAt: string): void {
  const rescue = readRescue(local);
  if (rescue === null || rescue.savedAt <= savedAt) quietly(() => local?.removeItem(RESCUE_KEY));
}

export interface LoadResult {
  workspace: Workspace;
  /** Where the state came from, for a status line. */
  origin: 'saved' | 'rescued' | 'migrated' | 'new';
  /** Set when the saved record was unreadable and the starter was used instead. */
  warning?: string;
}

export async function loadWorkspace(
  store: KeyValueStore,
  starter: ProjectFiles,
  local?: PageStorage,
): Promise<LoadResult> {
  const fresh: Workspace = { starter, snapshot: emptySnapshot(starter) };
  const raw = await store.get(WORKSPACE_KEY);
  const parsed = raw === undefined ? null : snapshotSchema.safeParse(raw);
  const saved = parsed?.success ? parsed.data : null;
  let warning: string | undefined;
  if (raw !== undefined && saved === null) {
    // Keep the unreadable record aside: the next save overwrites the main key.
    await store.set(UNREADABLE_KEY, raw);
    warning = `The saved workspace could not be read; it was kept as "${UNREADABLE_KEY}" and the starter opened.`;
  }

  // The page went away before its last IndexedDB write finished: the rescue copy is newer.
  const rescue = readRescue(local);
  if (rescue !== null && rescue.savedAt >= (saved?.savedAt ?? '')) {
    const workspace = { starter, snapshot: checked(rescue, starter, fresh) };
    const savedAt = await saveWorkspace(store, workspace);
    clearRescue(local, savedAt);
    return { workspace, origin: 'rescued' };
  }
  if (rescue !== null) quietly(() => local?.removeItem(RESCUE_KEY)); // older than the record

  if (saved !== null)
    return { workspace: { starter, snapshot: checked(saved, starter, fresh) }, origin: 'saved' };
  if (warning) return { workspace: fresh, origin: 'new', warning };

  const draft = quietly(() => local?.getItem(LEGACY_DRAFT_KEY)) ?? null;
  if (draft !== null) {
    const workspace = editFile(fresh, LAB_MODEL_PATH, draft);
    await saveWorkspace(store, workspace);
    return { workspace, origin: 'migrated' };
  }
  return { workspace: fresh, origin: 'new' };
}

/** A parsed snapshot made consistent with today's starter (history cap, open file that exists). */
function checked(
  snapshot: z.infer<typeof snapshotSchema>,
  starter: ProjectFiles,
  fresh: Workspace,
): WorkspaceSnapshot {
  return {
    ...snapshot,
    history: snapshot.history.slice(-MAX_HISTORY),
    openFile:
      snapshot.openFile in starter || snapshot.openFile in snapshot.edits
        ? snapshot.openFile
        : fresh.snapshot.openFile,
  };
}

/** Saves the workspace; returns the `savedAt` it wrote. */
export async function saveWorkspace(
  store: KeyValueStore,
  workspace: Workspace,
  now: () => Date = () => new Date(),
): Promise<string> {
  const snapshot: WorkspaceSnapshot = { ...workspace.snapshot, savedAt: now().toISOString() };
  await store.set(WORKSPACE_KEY, snapshot);
  return snapshot.savedAt!;
}
