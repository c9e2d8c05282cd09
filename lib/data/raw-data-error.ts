/**
 * Errors about the raw CSV files, in words a student can act on: which file, which line, which
 * column, and what is wrong with the value. DuckDB's own CSV errors carry these facts inside a long
 * message with reader options; `csvErrorToRawDataError` pulls them out.
 */
import { TABLE_COLUMNS, type ColumnKind, type CourseTable } from './course-tables';

export class RawDataError extends Error {
  constructor(
    message: string,
    /** The file as the user knows it, e.g. `olist_orders_dataset.csv`. */
    readonly file?: string,
    readonly line?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'RawDataError';
  }
}

const EXPECTED: Record<ColumnKind, string> = {
  timestamp: 'is not a timestamp (YYYY-MM-DD HH:MM:SS)',
  integer: 'is not a whole number',
  money: 'is not an amount of money (like 58.90)',
  text: 'is not valid text',
};

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Turns a DuckDB error raised while reading `file` into a RawDataError (or a generic one). */
export function csvErrorToRawDataError(
  error: unknown,
  file: string,
  table: CourseTable,
): RawDataError {
  const message = error instanceof Error ? error.message : String(error);
  const lineMatch = /CSV Error on Line: (\d+)/.exec(message);
  const line = lineMatch ? Number(lineMatch[1]) : undefined;
  const where = (column?: string) =>
    [file, line !== undefined ? `line ${line}` : undefined, column ? `column ${column}` : undefined]
      .filter(Boolean)
      .join(', ');

  const conversion =
    /Error when converting column "([^"]+)"\. Could not convert string "(.*)" to/.exec(message);
  if (conversion) {
    const [, column = '', value = ''] = conversion;
    const kind = TABLE_COLUMNS[table].find((c) => c.name === column)?.kind ?? 'text';
    return new RawDataError(
      `${where(column)}: "${clip(value, 60)}" ${EXPECTED[kind]}.`,
      file,
      line,
      column,
    );
  }

  const count = /Expected Number of Columns: (\d+) Found: (\d+)/.exec(message);
  if (count) {
    const expected = Number(count[1]);
    const found = Number(count[2]);
    const columns = TABLE_COLUMNS[table];
    const column =
      found < expected
        ? columns[found]?.name
        : `${columns[expected - 1]?.name ?? ''} (extra values)`;
    const hint =
      found < expected
        ? 'the line stops early (is the file cut off, or a line broken in two?)'
        : 'the line has extra values (an unquoted comma?)';
    const original = /Original Line: (.*)/.exec(message)?.[1];
    return new RawDataError(
      `${where(column)}: expected ${expected} values but found ${found}: ${hint}` +
        (original !== undefined ? ` Line: ${clip(original)}` : ''),
      file,
      line,
      column,
    );
  }

  if (/unterminated quote/i.test(message)) {
    return new RawDataError(
      `${where()}: a quoted value is never closed (is the file cut off?).`,
      file,
      line,
    );
  }
  if (/No files found|Cannot open file|could not open/i.test(message)) {
    return new RawDataError(`${file}: the file cannot be read.`, file);
  }
  if (/unicode|UTF-8/i.test(message)) {
    return new RawDataError(`${where()}: the file is not UTF-8 text.`, file, line);
  }
  if (/gzip|compress|inflate/i.test(message)) {
    return new RawDataError(`${file}: the gzip data is damaged (${clip(message, 200)}).`, file);
  }
  const firstLine = message.split('\n')[0] ?? message;
  return new RawDataError(`${where()}: ${clip(firstLine, 300)}`, file, line);
}
