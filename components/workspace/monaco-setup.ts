/**
 * Monaco from the app's own bundle (never the CDN the React wrapper defaults to): the editor worker
 * is emitted by the bundler, the wrapper is pointed at this copy of monaco, and the dbt file
 * languages are registered once. Imported only by the editor component, which loads client-side.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { CatalogRelation } from '@/lib/workspace/catalog';
import { completionsAt, type SuggestionKind } from '@/lib/workspace/completions';
import {
  JINJA_SQL,
  JINJA_THEME_RULES,
  jinjaSqlConfiguration,
  jinjaSqlLanguage,
} from './jinja-sql-language';

declare global {
  interface Window {
    /** The editor API, as Monaco's own AMD build exposes it: handy in devtools and in e2e tests. */
    monaco?: typeof monaco;
  }
}

let done = false;

/** The project the completion provider reads: set by the mounted editor. */
let completionFiles: () => ProjectFiles = () => ({});

export function setCompletionFiles(getFiles: () => ProjectFiles): void {
  completionFiles = getFiles;
}

/** The database's relations as last read after a command, for column completion. */
let completionCatalog: readonly CatalogRelation[] = [];

export function setCompletionCatalog(catalog: readonly CatalogRelation[]): void {
  completionCatalog = catalog;
}

const KINDS: Record<SuggestionKind, monaco.languages.CompletionItemKind> = {
  model: monaco.languages.CompletionItemKind.Module,
  source: monaco.languages.CompletionItemKind.Module,
  table: monaco.languages.CompletionItemKind.Struct,
  column: monaco.languages.CompletionItemKind.Field,
  jinja: monaco.languages.CompletionItemKind.Function,
};

function registerCompletions(): void {
  monaco.languages.registerCompletionItemProvider(JINJA_SQL, {
    triggerCharacters: ["'", '"', ' '],
    provideCompletionItems(model, position) {
      const lineBefore = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const word = model.getWordUntilPosition(position);
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: word.startColumn,
        endColumn: word.endColumn,
      };
      const suggestions = completionsAt(completionFiles(), lineBefore, completionCatalog).map(
        (s) => ({
          label: s.label,
          kind: KINDS[s.kind],
          detail: s.detail,
          insertText: s.label,
          range,
        }),
      );
      return { suggestions };
    },
  });
}

export const LIGHT_THEME = 'lab-light';
export const DARK_THEME = 'lab-dark';

export function setupMonaco(): typeof monaco {
  if (done) return monaco;
  done = true;
  self.MonacoEnvironment = {
    getWorker: () =>
      new Worker(new URL('monaco-editor/editor/editor.worker', import.meta.url), {
        type: 'module',
      }),
  };
  loader.config({ monaco });
  monaco.languages.register({
    id: JINJA_SQL,
    extensions: ['.sql'],
    aliases: ['dbt SQL', 'Jinja SQL'],
  });
  monaco.languages.setMonarchTokensProvider(JINJA_SQL, jinjaSqlLanguage);
  monaco.languages.setLanguageConfiguration(JINJA_SQL, jinjaSqlConfiguration);
  monaco.editor.defineTheme(LIGHT_THEME, {
    base: 'vs',
    inherit: true,
    rules: JINJA_THEME_RULES.light,
    colors: {},
  });
  monaco.editor.defineTheme(DARK_THEME, {
    base: 'vs-dark',
    inherit: true,
    rules: JINJA_THEME_RULES.dark,
    // The page's own dark background (slate-950), so the editor does not look like a grey box.
    colors: { 'editor.background': '#020617', 'editorGutter.background': '#020617' },
  });
  registerCompletions();
  // Project files use \n. A file emptied in the editor would otherwise take the platform's default
  // and come back with \r\n line ends once typed into.
  monaco.editor.onDidCreateModel((model) => model.setEOL(monaco.editor.EndOfLineSequence.LF));
  window.monaco = monaco;
  return monaco;
}

/** The editor language for a project file. */
export function languageFor(path: string): string {
  if (path.endsWith('.sql')) return JINJA_SQL;
  if (path.endsWith('.yml') || path.endsWith('.yaml')) return 'yaml';
  if (path.endsWith('.md')) return 'markdown';
  return 'plaintext';
}
