/**
 * Monaco from the app's own bundle (never the CDN the React wrapper defaults to): the editor worker
 * is emitted by the bundler, the wrapper is pointed at this copy of monaco, and the dbt file
 * languages are registered once. Imported only by the editor component, which loads client-side.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor';
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
    colors: {},
  });
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
