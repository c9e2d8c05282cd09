/**
 * Syntax highlighting at build time (Shiki with its JavaScript regex engine: no wasm, no client
 * code). Each token carries both the light and the dark colour; the page switches with the `dark`
 * class through the `--shiki-dark` variable.
 */
import { createHighlighterCore, type HighlighterCore } from 'shiki/core';
import { createJavaScriptRegexEngine } from 'shiki/engine/javascript';

const languages = {
  sql: 'sql',
  bash: 'bash',
  shell: 'bash',
  sh: 'bash',
  yaml: 'yaml',
  yml: 'yaml',
} as const;

export type HighlightLanguage = keyof typeof languages;

let highlighter: Promise<HighlighterCore> | null = null;

function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    themes: [
      import('shiki/themes/github-light-default.mjs'),
      import('shiki/themes/github-dark-default.mjs'),
    ],
    langs: [
      import('shiki/langs/sql.mjs'),
      import('shiki/langs/bash.mjs'),
      import('shiki/langs/yaml.mjs'),
    ],
    engine: createJavaScriptRegexEngine(),
  });
  return highlighter;
}

export function isHighlightLanguage(lang: string): lang is HighlightLanguage {
  return Object.hasOwn(languages, lang);
}

/**
 * HTML of a `<pre class="shiki">` for the code. Unknown languages (and `text`) come back as plain,
 * escaped text in the same frame, so every block looks alike.
 */
export async function highlightToHtml(code: string, lang: string): Promise<string> {
  const shiki = await getHighlighter();
  return shiki.codeToHtml(code.replace(/\n$/, ''), {
    lang: isHighlightLanguage(lang) ? languages[lang] : 'text',
    themes: { light: 'github-light-default', dark: 'github-dark-default' },
    defaultColor: 'light',
    // The light theme's comment grey is 4.5:1 on white, too close to the accessibility limit.
    colorReplacements: { 'github-light-default': { '#6e7781': '#57606a' } },
  });
}
