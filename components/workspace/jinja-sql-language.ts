/**
 * A Monarch tokenizer for dbt model files: SQL with Jinja's `{{ … }}` expressions, `{% … %}`
 * statements and `{# … #}` comments. Jinja inside a SQL string or comment is still Jinja (dbt
 * renders it first), so every SQL state checks for the Jinja openers before anything else.
 */
import type * as Monaco from 'monaco-editor';

export const JINJA_SQL = 'jinja-sql';

const SQL_KEYWORDS = [
  'all',
  'and',
  'as',
  'asc',
  'between',
  'by',
  'case',
  'cast',
  'coalesce',
  'create',
  'cross',
  'delete',
  'desc',
  'distinct',
  'drop',
  'else',
  'end',
  'except',
  'exists',
  'false',
  'filter',
  'from',
  'full',
  'group',
  'having',
  'if',
  'in',
  'inner',
  'insert',
  'intersect',
  'interval',
  'into',
  'is',
  'join',
  'left',
  'like',
  'limit',
  'merge',
  'not',
  'null',
  'offset',
  'on',
  'or',
  'order',
  'outer',
  'over',
  'partition',
  'qualify',
  'replace',
  'right',
  'select',
  'set',
  'table',
  'then',
  'true',
  'union',
  'update',
  'using',
  'values',
  'view',
  'when',
  'where',
  'window',
  'with',
];

const JINJA_KEYWORDS = [
  'if',
  'elif',
  'else',
  'endif',
  'for',
  'endfor',
  'in',
  'set',
  'endset',
  'macro',
  'endmacro',
  'call',
  'endcall',
  'filter',
  'endfilter',
  'not',
  'and',
  'or',
  'is',
  'true',
  'false',
  'none',
  'True',
  'False',
  'None',
  'do',
  'raw',
  'endraw',
];

const JINJA_FUNCTIONS = [
  'config',
  'ref',
  'source',
  'this',
  'is_incremental',
  'var',
  'target',
  'run_started_at',
  'adapter',
  'env_var',
  'return',
  'log',
  'exceptions',
];

const jinjaOpeners: Monaco.languages.IMonarchLanguageRule[] = [
  [/\{#/, { token: 'comment.jinja', next: '@jinjaComment' }],
  [/\{\{-?/, { token: 'delimiter.jinja', next: '@jinjaExpr' }],
  [/\{%-?/, { token: 'delimiter.jinja', next: '@jinjaStmt' }],
];

const jinjaInside = (close: RegExp): Monaco.languages.IMonarchLanguageRule[] => [
  [close, { token: 'delimiter.jinja', next: '@pop' }],
  [/'([^'\\]|\\.)*'/, 'string.jinja'],
  [/"([^"\\]|\\.)*"/, 'string.jinja'],
  [/\d+(\.\d+)?/, 'number.jinja'],
  [
    /[a-zA-Z_]\w*/,
    {
      cases: {
        '@jinjaKeywords': 'keyword.jinja',
        '@jinjaFunctions': 'predefined.jinja',
        '@default': 'variable.jinja',
      },
    },
  ],
  [/[=<>!+\-*/%|~.,:()[\]]/, 'operator.jinja'],
  [/\s+/, 'white'],
];

export const jinjaSqlLanguage: Monaco.languages.IMonarchLanguage = {
  ignoreCase: true,
  defaultToken: '',
  sqlKeywords: SQL_KEYWORDS,
  jinjaKeywords: JINJA_KEYWORDS,
  jinjaFunctions: JINJA_FUNCTIONS,
  tokenizer: {
    root: [
      ...jinjaOpeners,
      [/--.*$/, 'comment'],
      [/\/\*/, { token: 'comment', next: '@sqlComment' }],
      [/'/, { token: 'string', next: '@sqlString' }],
      [/"/, { token: 'identifier.quote', next: '@sqlQuoted' }],
      [/\d+(\.\d+)?/, 'number'],
      [/[a-zA-Z_]\w*/, { cases: { '@sqlKeywords': 'keyword', '@default': 'identifier' } }],
      [/[=<>!+\-*/%|,;.()]/, 'operator'],
      [/\s+/, 'white'],
    ],
    sqlComment: [
      ...jinjaOpeners,
      [/\*\//, { token: 'comment', next: '@pop' }],
      [/[^*{]+|./, 'comment'],
    ],
    sqlString: [
      ...jinjaOpeners,
      [/''/, 'string'],
      [/'/, { token: 'string', next: '@pop' }],
      [/[^'{]+|./, 'string'],
    ],
    sqlQuoted: [
      ...jinjaOpeners,
      [/"/, { token: 'identifier.quote', next: '@pop' }],
      [/[^"{]+|./, 'identifier.quote'],
    ],
    jinjaExpr: jinjaInside(/-?\}\}/),
    jinjaStmt: jinjaInside(/-?%\}/),
    jinjaComment: [
      [/#\}/, { token: 'comment.jinja', next: '@pop' }],
      [/[^#]+|./, 'comment.jinja'],
    ],
  },
};

export const jinjaSqlConfiguration: Monaco.languages.LanguageConfiguration = {
  comments: { lineComment: '--', blockComment: ['/*', '*/'] },
  brackets: [
    ['(', ')'],
    ['[', ']'],
    ['{{', '}}'],
    ['{%', '%}'],
  ],
  // No auto-closing for `{{`, `{%` and `{#`: Monaco runs over an auto-inserted closer only in some
  // cases, and a student typing a tag in full got stray closers (`{% endif %} %}`) and a Jinja error.
  autoClosingPairs: [
    { open: '(', close: ')' },
    { open: '[', close: ']' },
    { open: "'", close: "'", notIn: ['string'] },
    { open: '"', close: '"', notIn: ['string'] },
  ],
};

/** Colours for the Jinja tokens, on top of Monaco's light and dark themes. */
export const JINJA_THEME_RULES = {
  light: [
    { token: 'delimiter.jinja', foreground: 'b45309', fontStyle: 'bold' },
    { token: 'keyword.jinja', foreground: '9333ea' },
    { token: 'predefined.jinja', foreground: '0e7490', fontStyle: 'bold' },
    { token: 'variable.jinja', foreground: '1d4ed8' },
    { token: 'string.jinja', foreground: '15803d' },
    { token: 'comment.jinja', foreground: '6b7280', fontStyle: 'italic' },
  ],
  dark: [
    { token: 'delimiter.jinja', foreground: 'fbbf24', fontStyle: 'bold' },
    { token: 'keyword.jinja', foreground: 'c084fc' },
    { token: 'predefined.jinja', foreground: '67e8f9', fontStyle: 'bold' },
    { token: 'variable.jinja', foreground: '93c5fd' },
    { token: 'string.jinja', foreground: '86efac' },
    { token: 'comment.jinja', foreground: '9ca3af', fontStyle: 'italic' },
  ],
};
