/**
 * Splits SQL text into statements at top-level semicolons, skipping those inside quotes, quoted
 * identifiers, comments and dollar-quoted strings. Both adapters use it so a multi-statement input
 * behaves the same way everywhere (DuckDB's streaming API takes one statement at a time).
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  for (const end of topLevelSemicolons(sql)) {
    pushIfStatement(statements, sql.slice(start, end));
    start = end + 1;
  }
  pushIfStatement(statements, sql.slice(start));
  return statements;
}

/** Offsets of the semicolons that end statements (not those in quotes or comments). */
export function topLevelSemicolons(sql: string): number[] {
  const found: number[] = [];
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === "'" || ch === '"') {
      i = skipQuoted(sql, i, ch);
    } else if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === '$') {
      i = skipDollarQuoted(sql, i);
    } else if (ch === ';') {
      found.push(i);
      i++;
    } else {
      i++;
    }
  }
  return found;
}

function skipQuoted(sql: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2; // doubled quote is an escaped quote
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

const DOLLAR_TAG = /\$[A-Za-z_]*\$/y;

function skipDollarQuoted(sql: string, from: number): number {
  DOLLAR_TAG.lastIndex = from;
  const tag = DOLLAR_TAG.exec(sql);
  if (!tag) return from + 1;
  const end = sql.indexOf(tag[0], from + tag[0].length);
  return end === -1 ? sql.length : end + tag[0].length;
}

function pushIfStatement(statements: string[], text: string): void {
  if (hasCode(text)) statements.push(text.trim());
}

/** True when the text holds something besides whitespace and comments (one pass over it). */
export function hasCode(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '-' && text[i + 1] === '-') {
      const newline = text.indexOf('\n', i);
      if (newline === -1) return false;
      i = newline;
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close === -1) return true; // an unclosed comment is DuckDB's to report
      i = close + 1;
    } else if (!/\s/.test(ch)) return true;
  }
  return false;
}
