/**
 * Splits a template into tokens as Jinja does with dbt's settings (no trim_blocks, no
 * lstrip_blocks, the final newline dropped): text, `{{ … }}`, `{% … %}` with their expression
 * tokens, comments and `{% raw %}` removed, `-` whitespace control applied.
 */
import { TemplateSyntaxError } from './errors';

export type Token =
  | { t: 'data'; value: string; line: number }
  | { t: 'var_begin' | 'var_end' | 'block_begin' | 'block_end' | 'eof'; line: number }
  | { t: 'name'; value: string; line: number }
  | { t: 'op'; value: string; line: number }
  | { t: 'string'; value: string; line: number }
  | { t: 'int'; value: number; line: number }
  | { t: 'float'; value: number; line: number };

const OPERATORS = [
  '//',
  '**',
  '==',
  '!=',
  '>=',
  '<=',
  '+',
  '-',
  '/',
  '*',
  '%',
  '~',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '>',
  '<',
  '=',
  '.',
  ':',
  '|',
  ',',
  ';',
];

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const FLOAT = /\d+(?:_\d+)*(?:\.\d+(?:_\d+)*(?:[eE][+-]?\d+(?:_\d+)*)?|[eE][+-]?\d+(?:_\d+)*)/y;
const INTEGER =
  /0[bB][01]+(?:_[01]+)*|0[oO][0-7]+(?:_[0-7]+)*|0[xX][0-9a-fA-F]+(?:_[0-9a-fA-F]+)*|\d+(?:_\d+)*/y;
const RAW_OPEN = /\{%([-+]?)\s*raw\s*([-+]?)%\}/y;
const RAW_CLOSE = /\{%([-+]?)\s*endraw\s*([-+]?)%\}/g;

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

function unescape(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (m, e) => {
    const code = e as string;
    if (code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    return Object.hasOwn(ESCAPES, code) ? ESCAPES[code]! : m; // Python keeps unknown escapes such as `\d`
  });
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function tokenize(input: string, file: string): Token[] {
  const source = input.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let stripNext = false;

  const pushData = (text: string, stripEnd: boolean) => {
    let value = stripNext ? text.replace(/^\s+/, '') : text;
    if (stripEnd) value = value.replace(/\s+$/, '');
    stripNext = false;
    if (value) tokens.push({ t: 'data', value, line });
    line += countLines(text);
  };

  const fail = (message: string, at = line): never => {
    throw new TemplateSyntaxError(message, file, at);
  };

  while (pos < source.length) {
    const open = source.slice(pos).search(/\{[{%#]/);
    if (open === -1) {
      pushData(source.slice(pos), false);
      break;
    }
    const start = pos + open;
    const kind = source[start + 1]!;
    const stripBefore = source[start + 2] === '-';
    pushData(source.slice(pos, start), stripBefore);

    if (kind === '#') {
      const end = source.indexOf('#}', start + 2);
      if (end === -1) fail('Missing end of comment tag');
      line += countLines(source.slice(start, end));
      stripNext = source[end - 1] === '-' && end - 1 > start + 2;
      pos = end + 2;
      continue;
    }

    if (kind === '%') {
      RAW_OPEN.lastIndex = start;
      const raw = RAW_OPEN.exec(source);
      if (raw) {
        RAW_CLOSE.lastIndex = RAW_OPEN.lastIndex;
        const close = RAW_CLOSE.exec(source);
        if (!close)
          fail(
            "Unexpected end of template: the '{% raw %}' block is never closed (add '{% endraw %}').",
          );
        let body = source.slice(RAW_OPEN.lastIndex, close!.index);
        if (raw[2] === '-') body = body.replace(/^\s+/, '');
        if (close![1] === '-') body = body.replace(/\s+$/, '');
        const rawLine = line + countLines(source.slice(start, RAW_OPEN.lastIndex));
        if (body) tokens.push({ t: 'data', value: body, line: rawLine });
        line += countLines(source.slice(start, RAW_CLOSE.lastIndex));
        stripNext = close![2] === '-';
        pos = RAW_CLOSE.lastIndex;
        continue;
      }
    }

    const isVar = kind === '{';
    const tagLine = line;
    tokens.push({ t: isVar ? 'var_begin' : 'block_begin', line });
    let p = start + 2;
    if (source[p] === '-' || source[p] === '+') p++;
    const closer = isVar ? '}}' : '%}';
    let braces = 0;
    let closed = false;
    while (p < source.length) {
      const ch = source[p]!;
      if (ch === '\n') {
        line++;
        p++;
        continue;
      }
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\f' || ch === '\v') {
        p++;
        continue;
      }
      // `}}` inside a dict literal does not end a print tag; `%}` always ends a statement
      if (!isVar || braces === 0) {
        if (source.startsWith(closer, p)) {
          tokens.push({ t: isVar ? 'var_end' : 'block_end', line });
          p += 2;
          closed = true;
          break;
        }
        if ((ch === '-' || ch === '+') && source.startsWith(closer, p + 1)) {
          tokens.push({ t: isVar ? 'var_end' : 'block_end', line });
          stripNext = ch === '-';
          p += 3;
          closed = true;
          break;
        }
      }
      if (ch === "'" || ch === '"') {
        let q = p + 1;
        while (q < source.length && source[q] !== ch) {
          if (source[q] === '\\') q++;
          q++;
        }
        if (q >= source.length) fail('unexpected end of string: a quote is never closed', line);
        const body = source.slice(p + 1, q);
        tokens.push({ t: 'string', value: unescape(body), line });
        line += countLines(body);
        p = q + 1;
        continue;
      }
      if (/\d/.test(ch)) {
        FLOAT.lastIndex = p;
        const f = FLOAT.exec(source);
        if (f) {
          tokens.push({ t: 'float', value: Number(f[0].replace(/_/g, '')), line });
          p = FLOAT.lastIndex;
          continue;
        }
        INTEGER.lastIndex = p;
        const i = INTEGER.exec(source)!;
        const text = i[0].replace(/_/g, '');
        const value = /^0[oO]/.test(text) ? parseInt(text.slice(2), 8) : Number(text);
        tokens.push({ t: 'int', value, line });
        p = INTEGER.lastIndex;
        continue;
      }
      NAME.lastIndex = p;
      const name = NAME.exec(source);
      if (name) {
        tokens.push({ t: 'name', value: name[0], line });
        p = NAME.lastIndex;
        continue;
      }
      const op = OPERATORS.find((o) => source.startsWith(o, p));
      if (!op) fail(`unexpected char '${ch}' at ${p}`, line);
      if (op === '{') braces++;
      else if (op === '}') braces = Math.max(0, braces - 1);
      tokens.push({ t: 'op', value: op!, line });
      p += op!.length;
    }
    if (!closed) {
      fail(
        isVar
          ? "unexpected end of template: a '{{' is never closed with '}}'"
          : "unexpected end of template: a '{%' is never closed with '%}'",
        tagLine,
      );
    }
    pos = p;
  }
  tokens.push({ t: 'eof', line });
  return tokens;
}
