'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useId, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import type { Column, Row } from '@/lib/engine/connection';
import {
  cellText,
  charsThatFit,
  columnOffsets,
  estimateColumnWidths,
  isGridKey,
  isNumericType,
  moveCell,
  revealOffset,
  type CellPosition,
} from '@/lib/workspace/grid-format';

/** Fixed heights keep 100k rows cheap: no measuring, and a row's position is just index × height. */
const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 44;
/** A cell only truncates visually; this keeps a megabyte-long value out of the DOM text. */
const DISPLAY_CHARS = 500;

// Module-level so the virtualizer sees the same function on every render.
const rowHeight = () => ROW_HEIGHT;

interface ResultGridProps {
  columns: Column[];
  rows: Row[];
  /** Ctrl/⌘+C on the grid: the active cell's value as text (NULL as empty). */
  onCopyValue: (text: string) => void;
}

/**
 * The rows of a result as an ARIA grid. Only the rows in view are in the DOM; aria-rowcount tells a
 * screen reader the real size. The grid itself holds focus and points at the active cell with
 * aria-activedescendant, so the cell can scroll out of the DOM without focus getting lost.
 */
export function ResultGrid({ columns, rows, onCopyValue }: ResultGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  const [active, setActive] = useState<CellPosition | null>(null);

  const widths = useMemo(() => estimateColumnWidths(columns, rows), [columns, rows]);
  const layout = useMemo(
    () => ({
      offsets: columnOffsets(widths),
      template: widths.map((width) => `${width}px`).join(' '),
      fits: widths.map((width) => charsThatFit(width)),
      numeric: columns.map((column) => isNumericType(column.type)),
    }),
    [columns, widths],
  );
  const totalWidth = layout.offsets[layout.offsets.length - 1]!;

  // Only plain numbers from the virtualizer reach the memoized rows, so nothing goes stale.
  // eslint-disable-next-line react-hooks/incompatible-library -- no React Compiler here; see above
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: rowHeight,
    overscan: 10,
    // Rows start below the sticky header.
    scrollMargin: HEADER_HEIGHT,
    // Rows on the first paint, before the container is measured.
    initialRect: { width: 0, height: 400 },
  });
  const items = virtualizer.getVirtualItems();
  const activeInDom =
    active !== null &&
    items.length > 0 &&
    active.row >= items[0]!.index &&
    active.row <= items[items.length - 1]!.index;

  function reveal(cell: CellPosition) {
    const grid = scrollRef.current;
    if (!grid) return;
    grid.scrollTo({
      top: revealOffset(
        grid.scrollTop,
        grid.clientHeight,
        HEADER_HEIGHT + cell.row * ROW_HEIGHT,
        ROW_HEIGHT,
        HEADER_HEIGHT,
      ),
      left: revealOffset(
        grid.scrollLeft,
        grid.clientWidth,
        layout.offsets[cell.col]!,
        widths[cell.col]!,
      ),
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (rows.length === 0 || event.altKey) return;
    const mod = event.ctrlKey || event.metaKey;
    if (mod && event.key.toLowerCase() === 'c') {
      // Text selected with the mouse is copied by the browser as usual.
      if (!active || hasSelectionIn(event.currentTarget)) return;
      event.preventDefault();
      onCopyValue(cellText(rows[active.row]![columns[active.col]!.name]));
      return;
    }
    if (!isGridKey(event.key)) return;
    event.preventDefault();
    const grid = event.currentTarget;
    const pageRows = Math.floor((grid.clientHeight - HEADER_HEIGHT) / ROW_HEIGHT);
    const next = active
      ? moveCell(active, event.key, { rows: rows.length, cols: columns.length, pageRows }, mod)
      : { row: 0, col: 0 };
    setActive(next);
    reveal(next);
  }

  // One handler for the whole grid rather than a closure per cell.
  function onMouseDown(event: MouseEvent<HTMLDivElement>) {
    const target = event.target as HTMLElement;
    const cell = target.closest<HTMLElement>('[data-col]');
    const row = cell?.closest<HTMLElement>('[data-row]');
    if (!cell || !row) return;
    setActive({ row: Number(row.dataset.row), col: Number(cell.dataset.col) });
  }

  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label="Query results"
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-readonly="true"
      // Rows mount as they scroll into view: that is not news for a surrounding live region.
      aria-live="off"
      aria-activedescendant={activeInDom ? cellId(idPrefix, active.row, active.col) : undefined}
      tabIndex={0}
      data-testid="result-table"
      onKeyDown={onKeyDown}
      onMouseDown={onMouseDown}
      onFocus={() => {
        if (rows.length > 0) setActive((current) => current ?? { row: 0, col: 0 });
      }}
      className="group/grid relative max-h-[70vh] min-h-0 overflow-auto rounded-md border border-slate-200 bg-white font-mono text-xs text-slate-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-100 dark:focus-visible:outline-sky-400"
    >
      <div
        role="rowgroup"
        className="sticky top-0 z-10 min-w-full bg-slate-100 dark:bg-slate-800"
        style={{ width: totalWidth }}
      >
        <div
          role="row"
          aria-rowindex={1}
          className="grid border-b border-slate-200 dark:border-slate-700"
          style={{ gridTemplateColumns: layout.template, height: HEADER_HEIGHT }}
        >
          {columns.map((column, c) => (
            <div
              key={c}
              role="columnheader"
              aria-colindex={c + 1}
              title={
                Math.max(column.name.length, column.type.length) > layout.fits[c]!
                  ? `${column.name} ${column.type}`
                  : undefined
              }
              className={`flex min-w-0 flex-col justify-center px-3 ${layout.numeric[c] ? 'items-end text-right' : ''}`}
            >
              <span className="block max-w-full truncate font-semibold">{column.name}</span>
              <span className="block max-w-full truncate text-slate-600 dark:text-slate-300">
                {column.type}
              </span>
            </div>
          ))}
        </div>
      </div>
      <div
        role="rowgroup"
        className="relative min-w-full"
        style={{ height: virtualizer.getTotalSize(), width: totalWidth }}
      >
        {items.map((item) => (
          <GridRow
            key={item.index}
            index={item.index}
            top={item.start - HEADER_HEIGHT}
            row={rows[item.index]!}
            columns={columns}
            layout={layout}
            activeCol={active?.row === item.index ? active.col : -1}
            idPrefix={idPrefix}
          />
        ))}
      </div>
    </div>
  );
}

function cellId(prefix: string, row: number, col: number): string {
  return `${prefix}-r${row}-c${col}`;
}

function hasSelectionIn(element: HTMLElement): boolean {
  const selection = window.getSelection();
  return (
    !!selection &&
    !selection.isCollapsed &&
    selection.anchorNode !== null &&
    element.contains(selection.anchorNode)
  );
}

interface GridRowProps {
  index: number;
  top: number;
  row: Row;
  columns: Column[];
  layout: { template: string; fits: number[]; numeric: boolean[] };
  /** The active cell's column when it is in this row, else -1: other rows skip re-rendering. */
  activeCol: number;
  idPrefix: string;
}

/** Memoized: scrolling only mounts the rows that come into view, the rest keep their DOM. */
const GridRow = memo(function GridRow({
  index,
  top,
  row,
  columns,
  layout,
  activeCol,
  idPrefix,
}: GridRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-row={index}
      className={`absolute top-0 left-0 grid w-full border-t border-slate-100 dark:border-slate-800 ${index % 2 ? 'bg-slate-50 dark:bg-slate-900' : 'bg-white dark:bg-slate-950'}`}
      style={{
        gridTemplateColumns: layout.template,
        height: ROW_HEIGHT,
        transform: `translateY(${top}px)`,
      }}
    >
      {columns.map((column, c) => {
        const value = row[column.name] ?? null;
        const text = cellText(value);
        const isActive = c === activeCol;
        return (
          <div
            key={c}
            role="gridcell"
            aria-colindex={c + 1}
            id={isActive ? cellId(idPrefix, index, c) : undefined}
            data-col={c}
            title={text.length > layout.fits[c]! ? text : undefined}
            className={`truncate px-3 leading-[25px] whitespace-nowrap ${layout.numeric[c] ? 'text-right tabular-nums' : ''} ${value === null ? 'text-slate-500 italic dark:text-slate-400' : ''} ${isActive ? 'bg-sky-50 group-focus-within/grid:outline-2 group-focus-within/grid:-outline-offset-2 group-focus-within/grid:outline-sky-600 dark:bg-sky-950 dark:group-focus-within/grid:outline-sky-400' : ''}`}
          >
            {value === null
              ? 'NULL'
              : text.length > DISPLAY_CHARS
                ? text.slice(0, DISPLAY_CHARS)
                : text}
          </div>
        );
      })}
    </div>
  );
});
