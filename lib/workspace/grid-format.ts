/**
 * Pure helpers behind the results grid: how a value reads in a cell and on the clipboard, how wide a
 * column starts, and how the active cell moves. No DOM here, so all of it is unit-tested.
 */
import type { Column, Row, Value } from '@/lib/engine/connection';

const numericType =
  /^(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|REAL|DECIMAL(\(\d+,\s*\d+\))?)$/;

/** Numeric DuckDB types are right-aligned; lists of numbers (`INTEGER[]`) are not numbers. */
export function isNumericType(type: string): boolean {
  return numericType.test(type.trim().toUpperCase());
}

/** A value as plain text: NULL is empty, lists and structs are JSON, numbers exactly as JS prints them. */
export function cellText(value: Value | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * One TSV field. Tabs and line breaks would split the row or the column in a spreadsheet, so they
 * are written as `\t`, `\n`, `\r`; backslash itself becomes `\\` so the escapes stay unambiguous
 * (PostgreSQL's COPY text format does the same).
 */
export function tsvField(value: Value | undefined): string {
  return cellText(value).replace(/[\\\t\n\r]/g, (char) => tsvEscapes[char]!);
}

const tsvEscapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Header line of column names, then one line per row, for pasting into a spreadsheet. */
export function toTsv(columns: readonly Column[], rows: readonly Row[]): string {
  const names = columns.map((column) => column.name);
  const lines = [names.map((name) => tsvField(name)).join('\t')];
  for (const row of rows) lines.push(names.map((name) => tsvField(row[name])).join('\t'));
  return lines.join('\n');
}

export interface ColumnWidthOptions {
  /** Width of one character of the grid's monospace font, in px. */
  charWidth: number;
  /** Horizontal padding of a cell, in px. */
  padding: number;
  min: number;
  max: number;
  /** Rows to look at: a spread over the whole result, so a long value deep down still counts. */
  sampleSize: number;
}

const defaultWidthOptions: ColumnWidthOptions = {
  charWidth: 7.2,
  padding: 24,
  min: 64,
  max: 360,
  sampleSize: 200,
};

/** Indexes of up to `size` rows spread evenly from the first to the last. */
export function sampleIndexes(rowCount: number, size: number): number[] {
  if (rowCount <= size) return Array.from({ length: rowCount }, (_, i) => i);
  const step = (rowCount - 1) / (size - 1);
  return Array.from({ length: size }, (_, i) => Math.round(i * step));
}

/**
 * A starting width per column from its header (name and type) and a sample of its values, capped so
 * one long text column cannot push the others off screen (its cells truncate instead).
 */
export function estimateColumnWidths(
  columns: readonly Column[],
  rows: readonly Row[],
  options: Partial<ColumnWidthOptions> = {},
): number[] {
  const { charWidth, padding, min, max, sampleSize } = { ...defaultWidthOptions, ...options };
  const sample = sampleIndexes(rows.length, sampleSize);
  return columns.map((column) => {
    let chars = Math.max(column.name.length, column.type.length);
    for (const index of sample) {
      const value = rows[index]![column.name];
      // NULL is drawn as the word NULL.
      const length = value === null || value === undefined ? 4 : cellText(value).length;
      if (length > chars) chars = length;
    }
    return Math.min(max, Math.max(min, Math.ceil(chars * charWidth + padding)));
  });
}

/** How many characters show in a column this wide before the cell truncates. */
export function charsThatFit(width: number, options: Partial<ColumnWidthOptions> = {}): number {
  const { charWidth, padding } = { ...defaultWidthOptions, ...options };
  return Math.max(0, Math.floor((width - padding) / charWidth));
}

export interface CellPosition {
  row: number;
  col: number;
}

export interface GridSize {
  rows: number;
  cols: number;
  /** Rows that fit in the viewport: how far PageUp/PageDown jump. */
  pageRows: number;
}

/** Keys the grid handles; anything else is left to the browser. */
export type GridKey =
  'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'PageUp' | 'PageDown' | 'Home' | 'End';

const gridKeys = new Set<string>([
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
  'PageUp',
  'PageDown',
  'Home',
  'End',
]);

export function isGridKey(key: string): key is GridKey {
  return gridKeys.has(key);
}

/**
 * Where the active cell goes for a key, following the ARIA grid pattern: Home/End go to the first/last
 * cell of the row, and with Ctrl (or ⌘) to the first/last cell of the grid. Always inside the grid.
 */
export function moveCell(
  from: CellPosition,
  key: GridKey,
  size: GridSize,
  toEdge = false,
): CellPosition {
  const lastRow = size.rows - 1;
  const lastCol = size.cols - 1;
  const page = Math.max(1, size.pageRows);
  let { row, col } = from;
  switch (key) {
    case 'ArrowUp':
      row -= 1;
      break;
    case 'ArrowDown':
      row += 1;
      break;
    case 'ArrowLeft':
      col -= 1;
      break;
    case 'ArrowRight':
      col += 1;
      break;
    case 'PageUp':
      row -= page;
      break;
    case 'PageDown':
      row += page;
      break;
    case 'Home':
      col = 0;
      if (toEdge) row = 0;
      break;
    case 'End':
      col = lastCol;
      if (toEdge) row = lastRow;
      break;
  }
  return { row: clamp(row, 0, lastRow), col: clamp(col, 0, lastCol) };
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}

/**
 * The scroll offset that brings `[start, start + size)` fully into a viewport that shows
 * `[scroll + inset, scroll + viewport)`: unchanged when it is already visible, otherwise the least
 * movement. `inset` is what a sticky header covers at the top.
 */
export function revealOffset(
  scroll: number,
  viewport: number,
  start: number,
  size: number,
  inset = 0,
): number {
  if (start < scroll + inset) return Math.max(0, start - inset);
  if (start + size > scroll + viewport) return Math.max(0, start + size - viewport);
  return scroll;
}

/** Start offset of each column, plus the total width as the last entry. */
export function columnOffsets(widths: readonly number[]): number[] {
  const offsets = [0];
  for (const width of widths) offsets.push(offsets[offsets.length - 1]! + width);
  return offsets;
}

/** The status line the e2e tests and screen readers rely on. */
export function rowCountText(loaded: number, rowCount: number, truncated: boolean): string {
  const en = (n: number) => n.toLocaleString('en-US');
  if (truncated) return `Showing the first ${en(loaded)} of ${en(rowCount)} rows.`;
  return `${en(rowCount)} ${rowCount === 1 ? 'row' : 'rows'}.`;
}

/** The confirmation after a copy: `Copied 1,000 rows.`, `Copied 1 value.` */
export function copiedText(count: number, unit: 'row' | 'value'): string {
  return `Copied ${count.toLocaleString('en-US')} ${unit}${count === 1 ? '' : 's'}.`;
}
