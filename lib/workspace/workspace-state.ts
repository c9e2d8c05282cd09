/**
 * Pure operations on the workspace: every change returns a new snapshot, so the UI can keep it in
 * React state and the persistence layer can save exactly what it was given.
 */
import type { ProjectFiles } from '@/lib/dbt/types';
import {
  LAB_MODEL_PATH,
  MAX_HISTORY,
  WORKSPACE_VERSION,
  type Workspace,
  type WorkspaceSnapshot,
} from './types';

export function emptySnapshot(starter: ProjectFiles): WorkspaceSnapshot {
  return {
    version: WORKSPACE_VERSION,
    edits: {},
    history: [],
    openFile: LAB_MODEL_PATH in starter ? LAB_MODEL_PATH : (Object.keys(starter).sort()[0] ?? ''),
  };
}

/** The project as the engine should see it: the starter with the student's edits laid over it. */
export function currentFiles(workspace: Workspace): ProjectFiles {
  return { ...workspace.starter, ...workspace.snapshot.edits };
}

export function fileText(workspace: Workspace, path: string): string {
  return workspace.snapshot.edits[path] ?? workspace.starter[path] ?? '';
}

export function isEdited(workspace: Workspace, path: string): boolean {
  return path in workspace.snapshot.edits;
}

/** Records new text for a file; text equal to the starter's drops the edit. */
export function editFile(workspace: Workspace, path: string, text: string): Workspace {
  // Unchanged text (the editor echoing a text the workspace gave it) is not an edit.
  if ((workspace.snapshot.edits[path] ?? workspace.starter[path]) === text) return workspace;
  const edits = { ...workspace.snapshot.edits };
  if (workspace.starter[path] === text) delete edits[path];
  else edits[path] = text;
  return { ...workspace, snapshot: { ...workspace.snapshot, edits } };
}

export function resetFile(workspace: Workspace, path: string): Workspace {
  if (!(path in workspace.snapshot.edits)) return workspace;
  const edits = { ...workspace.snapshot.edits };
  delete edits[path];
  return { ...workspace, snapshot: { ...workspace.snapshot, edits } };
}

export function openFile(workspace: Workspace, path: string): Workspace {
  if (!(path in currentFiles(workspace))) return workspace;
  return { ...workspace, snapshot: { ...workspace.snapshot, openFile: path } };
}

/** Appends a command to the history; a repeat of the last command is not stored twice. */
export function addHistory(workspace: Workspace, command: string): Workspace {
  const line = command.trim();
  const history = workspace.snapshot.history;
  if (!line || history[history.length - 1] === line) return workspace;
  const next = [...history, line].slice(-MAX_HISTORY);
  return { ...workspace, snapshot: { ...workspace.snapshot, history: next } };
}

/** Every file back to the starter; history and the open file stay. */
export function resetAll(workspace: Workspace): Workspace {
  if (Object.keys(workspace.snapshot.edits).length === 0) return workspace;
  const openFile =
    workspace.snapshot.openFile in workspace.starter
      ? workspace.snapshot.openFile
      : emptySnapshot(workspace.starter).openFile;
  return { ...workspace, snapshot: { ...workspace.snapshot, edits: {}, openFile } };
}
