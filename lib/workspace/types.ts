/**
 * The lab workspace's state: the course project as the server ships it (the starter), the student's
 * edits on top, the terminal's history and the open file. Pure data, saved to IndexedDB as is.
 */
import type { ProjectFiles } from '@/lib/dbt/types';

export const WORKSPACE_VERSION = 1;

export interface WorkspaceSnapshot {
  version: typeof WORKSPACE_VERSION;
  /** Files whose text differs from the starter, path → text. Starter updates reach untouched files. */
  edits: ProjectFiles;
  /** Terminal commands, oldest first (capped, see `MAX_HISTORY`). */
  history: string[];
  /** The file shown in the editor. */
  openFile: string;
  /** When the snapshot was written (ISO), for display and debugging. */
  savedAt?: string;
}

export interface Workspace {
  starter: ProjectFiles;
  snapshot: WorkspaceSnapshot;
}

/** The model the lab is about: opened first, and the one the old single-file draft held. */
export const LAB_MODEL_PATH = 'models/marts/fct_orders.sql';

export const MAX_HISTORY = 200;
