'use client';

import Editor, { type OnMount } from '@monaco-editor/react';
import type * as Monaco from 'monaco-editor';
import { useEffect, useRef, useState } from 'react';
import type { EditorMarker } from '@/lib/workspace/markers';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { CatalogRelation } from '@/lib/workspace/catalog';
import {
  DARK_THEME,
  LIGHT_THEME,
  languageFor,
  setCompletionCatalog,
  setCompletionFiles,
  setupMonaco,
} from './monaco-setup';

const monaco = setupMonaco();

/** Follows the `dark` class the theme toggle sets on <html>. */
function useDarkMode(): boolean {
  const [dark, setDark] = useState(() => document.documentElement.classList.contains('dark'));
  useEffect(() => {
    const html = document.documentElement;
    const observer = new MutationObserver(() => setDark(html.classList.contains('dark')));
    observer.observe(html, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return dark;
}

/** The model URI the React wrapper gives a path (one model per project file). */
export function modelUri(path: string): Monaco.Uri {
  return monaco.Uri.parse(path);
}

/** Texts the workspace replaced (a reset), applied to the open models; `seq` tells each apart. */
export interface ExternalEdit {
  seq: number;
  files: ProjectFiles;
}

/**
 * Monaco with one model per project file. Ctrl/Cmd+S saves, Ctrl/Cmd+Enter runs the model; Escape
 * then Tab moves focus out of the editor (Tab otherwise indents), so keyboard users are never trapped.
 *
 * The editor owns the text while the student types: `value` only seeds a file's model when it is
 * first opened. Feeding every render's value back would race the keyboard (a render from before the
 * last keystroke would overwrite it and throw the cursor to the end); the workspace's own changes
 * (reset) arrive as `externalEdit` instead.
 */
export default function CodeEditor({
  path,
  value,
  onChange,
  markers,
  onSave,
  onRun,
  onMounted,
  getFiles,
  catalog,
  externalEdit,
}: {
  path: string;
  value: string;
  onChange: (path: string, value: string) => void;
  markers: EditorMarker[];
  onSave: () => void;
  onRun: () => void;
  onMounted?: () => void;
  /** The whole project, for completion (model, source and column names). */
  getFiles: () => ProjectFiles;
  /** The database's relations and columns, for column completion. */
  catalog: readonly CatalogRelation[];
  externalEdit: ExternalEdit | null;
}) {
  const dark = useDarkMode();
  const actions = useRef({ onSave, onRun });
  useEffect(() => {
    actions.current = { onSave, onRun };
  }, [onSave, onRun]);
  useEffect(() => setCompletionFiles(getFiles), [getFiles]);
  useEffect(() => setCompletionCatalog(catalog), [catalog]);
  const [editor, setEditor] = useState<Monaco.editor.IStandaloneCodeEditor | null>(null);

  const onMount: OnMount = (instance, api) => {
    instance.addCommand(api.KeyMod.CtrlCmd | api.KeyCode.KeyS, () => actions.current.onSave());
    instance.addCommand(api.KeyMod.CtrlCmd | api.KeyCode.Enter, () => actions.current.onRun());
    // Escape arms "Tab leaves the editor" for the next key only; any other key disarms it.
    instance.onKeyDown((event) => {
      if (event.keyCode === api.KeyCode.Escape) instance.updateOptions({ tabFocusMode: true });
      else if (event.keyCode !== api.KeyCode.Tab && event.keyCode !== api.KeyCode.Shift)
        instance.updateOptions({ tabFocusMode: false });
    });
    instance.onDidBlurEditorText(() => instance.updateOptions({ tabFocusMode: false }));
    setEditor(instance);
    onMounted?.();
  };

  // A reset: replace the text of each model it touches, as one undoable edit.
  useEffect(() => {
    if (!editor || !externalEdit) return;
    for (const [file, text] of Object.entries(externalEdit.files)) {
      const model = monaco.editor.getModel(modelUri(file));
      if (!model || model.getValue() === text) continue;
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null);
      model.pushStackElement();
    }
  }, [editor, externalEdit]);

  // Markers for every open model: a compile or SQL error points at its file and line.
  useEffect(() => {
    if (!editor) return;
    for (const model of monaco.editor.getModels()) {
      const own = markers.filter((m) => modelUri(m.file).toString() === model.uri.toString());
      monaco.editor.setModelMarkers(
        model,
        'dbt',
        own.map((m) => {
          const line = Math.min(Math.max(1, m.line), model.getLineCount());
          return {
            severity: monaco.MarkerSeverity.Error,
            message: m.message,
            startLineNumber: line,
            startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
            endLineNumber: line,
            endColumn: model.getLineMaxColumn(line),
          };
        }),
      );
    }
  }, [editor, markers, path]);

  return (
    <Editor
      path={path}
      defaultValue={value}
      language={languageFor(path)}
      theme={dark ? DARK_THEME : LIGHT_THEME}
      onChange={(text) => onChange(path, text ?? '')}
      onMount={onMount}
      loading={<p className="p-3 text-sm text-slate-500">Loading the editor…</p>}
      options={{
        fontSize: 14,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        automaticLayout: true,
        tabSize: 2,
        ariaLabel: `${path} — Escape then Tab leaves the editor`,
        fixedOverflowWidgets: true,
      }}
    />
  );
}
