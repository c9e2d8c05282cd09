'use client';

import { useMemo } from 'react';

interface Folder {
  name: string;
  path: string;
  folders: Folder[];
  files: { name: string; path: string }[];
}

function buildTree(paths: string[]): Folder {
  const root: Folder = { name: '', path: '', folders: [], files: [] };
  for (const path of [...paths].sort()) {
    const parts = path.split('/');
    let folder = root;
    for (const part of parts.slice(0, -1)) {
      const at = folder.path ? `${folder.path}/${part}` : part;
      let next = folder.folders.find((f) => f.name === part);
      if (!next) {
        next = { name: part, path: at, folders: [], files: [] };
        folder.folders.push(next);
      }
      folder = next;
    }
    folder.files.push({ name: parts[parts.length - 1]!, path });
  }
  return root;
}

/**
 * The project's files as folders; a file button opens it in the editor. Edited files carry a dot
 * (and say so to screen readers), the open one is marked `aria-current`.
 */
export function FileTree({
  paths,
  openPath,
  edited,
  onOpen,
}: {
  paths: string[];
  openPath: string;
  edited: (path: string) => boolean;
  onOpen: (path: string) => void;
}) {
  const tree = useMemo(() => buildTree(paths), [paths]);
  return (
    <nav aria-label="Project files" className="h-full overflow-auto py-2 text-sm">
      <FolderView folder={tree} depth={0} openPath={openPath} edited={edited} onOpen={onOpen} />
    </nav>
  );
}

function FolderView({
  folder,
  depth,
  ...props
}: {
  folder: Folder;
  depth: number;
  openPath: string;
  edited: (path: string) => boolean;
  onOpen: (path: string) => void;
}) {
  const pad = { paddingLeft: `${0.5 + depth * 0.75}rem` };
  return (
    <ul>
      {folder.folders.map((sub) => (
        <li key={sub.path}>
          <details open>
            <summary
              style={pad}
              className="cursor-pointer py-0.5 pr-2 text-slate-600 select-none hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              {sub.name}/
            </summary>
            <FolderView folder={sub} depth={depth + 1} {...props} />
          </details>
        </li>
      ))}
      {folder.files.map((file) => {
        const open = file.path === props.openPath;
        const changed = props.edited(file.path);
        return (
          <li key={file.path}>
            <button
              type="button"
              style={pad}
              onClick={() => props.onOpen(file.path)}
              aria-current={open ? 'true' : undefined}
              title={file.path}
              className={`flex w-full items-center gap-1 py-0.5 pr-2 text-left font-mono text-[13px] ${
                open
                  ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-100'
                  : 'hover:bg-slate-100 dark:hover:bg-slate-800'
              }`}
            >
              <span className="truncate">{file.name}</span>
              {changed && (
                <span className="text-amber-600 dark:text-amber-400" title="edited">
                  <span aria-hidden>●</span>
                  <span className="sr-only">(edited)</span>
                </span>
              )}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
