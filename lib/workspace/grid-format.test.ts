import { describe, expect, it } from 'vitest';
import type { Column, Row } from '@/lib/engine/connection';
import {
  cellText,
  charsThatFit,
  columnOffsets,
  copiedText,
  estimateColumnWidths,
  isNumericType,
  moveCell,
  revealOffset,
  rowCountText,
  sampleIndexes,
  toTsv,
  tsvField,
} from './grid-format';

describe('isNumericType', () => {
  it('knows DuckDB numeric types, signed and unsigned, and decimals with precision', () => {
    for (const type of [
      'TINYINT',
      'SMALLINT',
      'INTEGER',
      'BIGINT',
      'HUGEINT',
      'UTINYINT',
      'UBIGINT',
      'FLOAT',
      'DOUBLE',
      'DECIMAL(18,2)',
      'DECIMAL(38, 10)',
    ])
      expect(isNumericType(type), type).toBe(true);
  });

  it('does not treat lists, text, dates or intervals as numbers', () => {
    for (const type of ['INTEGER[]', 'VARCHAR', 'DATE', 'TIMESTAMP', 'INTERVAL', 'BOOLEAN', 'UUID'])
      expect(isNumericType(type), type).toBe(false);
  });
});

describe('cellText', () => {
  it('writes NULL as empty, objects and lists as JSON, numbers and booleans as JS prints them', () => {
    expect(cellText(null)).toBe('');
    expect(cellText(undefined)).toBe('');
    expect(cellText([1, 2])).toBe('[1,2]');
    expect(cellText({ a: 1, b: [null, 'x'] })).toBe('{"a":1,"b":[null,"x"]}');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText(0)).toBe('0');
    expect(cellText(-0.25)).toBe('-0.25');
    expect(cellText(false)).toBe('false');
    expect(cellText('9007199254740993')).toBe('9007199254740993');
  });
});

describe('tsvField', () => {
  it('escapes tabs, line breaks and backslashes so a value stays one field', () => {
    expect(tsvField('a\tb')).toBe('a\\tb');
    expect(tsvField('line 1\nline 2\r\n')).toBe('line 1\\nline 2\\r\\n');
    expect(tsvField('C:\\data')).toBe('C:\\\\data');
    expect(tsvField('plain text')).toBe('plain text');
  });

  it('escapes inside JSON of lists and structs too', () => {
    expect(tsvField(['a\tb'])).toBe('["a\\\\tb"]');
  });
});

describe('toTsv', () => {
  const columns: Column[] = [
    { name: 'id', type: 'INTEGER' },
    { name: 'note', type: 'VARCHAR' },
    { name: 'tags', type: 'VARCHAR[]' },
    { name: 'amount', type: 'DECIMAL(18,2)' },
  ];

  it('has a header line and one line per row, NULL as an empty field', () => {
    const rows: Row[] = [
      { id: 1, note: 'first\tone', tags: ['x', 'y'], amount: 12.5 },
      { id: 2, note: null, tags: null, amount: 0 },
    ];
    expect(toTsv(columns, rows)).toBe(
      ['id\tnote\ttags\tamount', '1\tfirst\\tone\t["x","y"]\t12.5', '2\t\t\t0'].join('\n'),
    );
  });

  it('keeps the column order, not the row objects’ key order, and tolerates missing keys', () => {
    const rows: Row[] = [{ amount: 3, id: 7 }];
    expect(toTsv(columns, rows).split('\n')[1]).toBe('7\t\t\t3');
  });

  it('is just the header for an empty result', () => {
    expect(toTsv(columns, [])).toBe('id\tnote\ttags\tamount');
  });

  it('handles 100,000 rows with the right number of lines', () => {
    const rows: Row[] = Array.from({ length: 100_000 }, (_, i) => ({ id: i, note: `n${i}` }));
    const lines = toTsv(columns.slice(0, 2), rows).split('\n');
    expect(lines).toHaveLength(100_001);
    expect(lines[100_000]).toBe('99999\tn99999');
  });
});

describe('sampleIndexes', () => {
  it('takes every row of a small result', () => {
    expect(sampleIndexes(3, 10)).toEqual([0, 1, 2]);
    expect(sampleIndexes(0, 10)).toEqual([]);
  });

  it('spreads over a large result, first and last included', () => {
    const sample = sampleIndexes(100_000, 5);
    expect(sample).toEqual([0, 25_000, 50_000, 74_999, 99_999]);
  });
});

describe('estimateColumnWidths', () => {
  const options = { charWidth: 10, padding: 20, min: 50, max: 300, sampleSize: 100 };

  it('fits the header (name or type, whichever is longer) when values are short', () => {
    const widths = estimateColumnWidths(
      [{ name: 'customer_id', type: 'INTEGER' }],
      [{ customer_id: 1 }],
      options,
    );
    expect(widths).toEqual([11 * 10 + 20]);
  });

  it('grows for long values, counts NULL as its word, and stays within min and max', () => {
    const widths = estimateColumnWidths(
      [
        { name: 'a', type: 'INT' },
        { name: 'b', type: 'VARCHAR' },
        { name: 'c', type: 'VARCHAR' },
      ],
      [{ a: 1, b: 'x'.repeat(1000), c: null }],
      options,
    );
    expect(widths).toEqual([50, 300, 7 * 10 + 20]);
  });

  it('sees a long value at the end of a large result', () => {
    const rows: Row[] = Array.from({ length: 50_000 }, () => ({ s: 'ab' }));
    rows[rows.length - 1] = { s: 'x'.repeat(20) };
    const [width] = estimateColumnWidths([{ name: 's', type: 'TEXT' }], rows, options);
    expect(width).toBe(20 * 10 + 20);
  });
});

describe('charsThatFit', () => {
  it('is the inverse of the width estimate, never negative', () => {
    const options = { charWidth: 10, padding: 20 };
    expect(charsThatFit(11 * 10 + 20, options)).toBe(11);
    expect(charsThatFit(11 * 10 + 19, options)).toBe(10);
    expect(charsThatFit(5, options)).toBe(0);
  });
});

describe('moveCell', () => {
  const size = { rows: 100, cols: 4, pageRows: 10 };

  it('moves one cell with the arrows and stops at the edges', () => {
    expect(moveCell({ row: 5, col: 1 }, 'ArrowDown', size)).toEqual({ row: 6, col: 1 });
    expect(moveCell({ row: 5, col: 1 }, 'ArrowRight', size)).toEqual({ row: 5, col: 2 });
    expect(moveCell({ row: 0, col: 0 }, 'ArrowUp', size)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 0, col: 0 }, 'ArrowLeft', size)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 99, col: 3 }, 'ArrowDown', size)).toEqual({ row: 99, col: 3 });
    expect(moveCell({ row: 99, col: 3 }, 'ArrowRight', size)).toEqual({ row: 99, col: 3 });
  });

  it('jumps a page with PageUp/PageDown, clamped to the first and last row', () => {
    expect(moveCell({ row: 5, col: 2 }, 'PageDown', size)).toEqual({ row: 15, col: 2 });
    expect(moveCell({ row: 95, col: 2 }, 'PageDown', size)).toEqual({ row: 99, col: 2 });
    expect(moveCell({ row: 5, col: 2 }, 'PageUp', size)).toEqual({ row: 0, col: 2 });
  });

  it('still moves a row when the viewport is too small for a page', () => {
    expect(moveCell({ row: 5, col: 0 }, 'PageDown', { ...size, pageRows: 0 })).toEqual({
      row: 6,
      col: 0,
    });
  });

  it('goes to the row’s ends with Home/End, and the grid’s corners with Ctrl', () => {
    expect(moveCell({ row: 5, col: 2 }, 'Home', size)).toEqual({ row: 5, col: 0 });
    expect(moveCell({ row: 5, col: 2 }, 'End', size)).toEqual({ row: 5, col: 3 });
    expect(moveCell({ row: 5, col: 2 }, 'Home', size, true)).toEqual({ row: 0, col: 0 });
    expect(moveCell({ row: 5, col: 2 }, 'End', size, true)).toEqual({ row: 99, col: 3 });
  });
});

describe('revealOffset', () => {
  // Viewport of 100px with a 20px sticky header: rows are visible in [scroll + 20, scroll + 100).
  it('leaves the scroll alone when the item is visible', () => {
    expect(revealOffset(200, 100, 230, 20, 20)).toBe(200);
  });

  it('scrolls up so the item sits just under the sticky header', () => {
    expect(revealOffset(200, 100, 210, 20, 20)).toBe(190);
    expect(revealOffset(200, 100, 10, 20, 20)).toBe(0);
  });

  it('scrolls down just enough to show the item’s bottom edge', () => {
    expect(revealOffset(200, 100, 290, 20, 20)).toBe(210);
  });
});

describe('columnOffsets', () => {
  it('gives each column’s start and the total width', () => {
    expect(columnOffsets([100, 50, 25])).toEqual([0, 100, 150, 175]);
    expect(columnOffsets([])).toEqual([0]);
  });
});

describe('status texts', () => {
  it('says how many rows, in the wording the e2e tests read', () => {
    expect(rowCountText(1, 1, false)).toBe('1 row.');
    expect(rowCountText(0, 0, false)).toBe('0 rows.');
    expect(rowCountText(1234, 1234, false)).toBe('1,234 rows.');
    expect(rowCountText(100_000, 1_000_000, true)).toBe(
      'Showing the first 100,000 of 1,000,000 rows.',
    );
  });

  it('confirms a copy', () => {
    expect(copiedText(1, 'row')).toBe('Copied 1 row.');
    expect(copiedText(100_000, 'row')).toBe('Copied 100,000 rows.');
    expect(copiedText(1, 'value')).toBe('Copied 1 value.');
  });
});
