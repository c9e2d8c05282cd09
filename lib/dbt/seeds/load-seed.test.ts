import { describe, expect, it } from 'vitest';
import { ProjectError } from '../errors';
import { parseCsv } from './csv';
import { inferType } from './load-seed';

describe('seed CSV parsing and type inference', () => {
  it('parses quotes, escaped quotes, CRLF, a BOM and empty fields', () => {
    const table = parseCsv('\ufeffa,b\r\n1,"x, ""y"""\r\n,\r\n', 'seeds/s.csv');
    expect(table).toEqual({
      header: ['a', 'b'],
      rows: [
        ['1', 'x, "y"'],
        [null, null],
      ],
    });
  });

  it('reports a ragged row and an unclosed quote with the file', () => {
    expect(() => parseCsv('a,b\n1\n', 'seeds/s.csv')).toThrow(ProjectError);
    expect(() => parseCsv('a,b\n1,2\n3', 'seeds/s.csv')).toThrow(
      'row 3 has 1 fields, the header has 2',
    );
    expect(() => parseCsv('a\n"open\n', 'seeds/s.csv')).toThrow('never closed');
  });

  it('infers types in agate’s order: integer, number, date, timestamp, boolean, text', () => {
    expect(inferType(['1', '007', null])).toBe('integer');
    expect(inferType(['1', '3000000000'])).toBe('bigint');
    expect(inferType(['1', '2.5'])).toBe('float8');
    expect(inferType(['2018-01-01', '2018-02-28'])).toBe('date');
    expect(inferType(['2018-02-30'])).toBe('text');
    expect(inferType(['2018-01-01 10:00:00'])).toBe('timestamp');
    expect(inferType(['2018-01-01T10:00:00Z'])).toBe('timestamp');
    expect(inferType(['true', 'False'])).toBe('boolean');
    expect(inferType(['1', 'x'])).toBe('text');
    expect(inferType([null, null])).toBe('integer');
  });
});
