import { describe, expect, it } from 'vitest';
import { cleanErrorMessage, decimalValue, formatTimestampMicros, integerValue } from './values';

describe('value formatting', () => {
  it('formats timestamps like DuckDB', () => {
    expect(formatTimestampMicros(1534809599000000n)).toBe('2018-08-20 23:59:59');
    expect(formatTimestampMicros(1534809599500000n)).toBe('2018-08-20 23:59:59.5');
    expect(formatTimestampMicros(-1n)).toBe('1969-12-31 23:59:59.999999');
  });
  it('keeps big integers exact', () => {
    expect(integerValue(42n)).toBe(42);
    expect(integerValue(9007199254740993n)).toBe('9007199254740993');
  });
  it('scales decimals', () => {
    expect(decimalValue(1250n, 2)).toBe(12.5);
    expect(decimalValue(-5n, 2)).toBe(-0.05);
  });
});

describe('cleanErrorMessage', () => {
  it('unwraps DuckDB-WASM JSON errors', () => {
    const json = JSON.stringify({
      exception_type: 'Parser',
      exception_message: 'syntax error at or near "selec"',
    });
    expect(cleanErrorMessage(json)).toBe('Parser Error: syntax error at or near "selec"');
  });
  it('drops the statement-extraction prefix and a repeated context block', () => {
    const raw =
      'Failed to extract statements: Parser Error: bad\n\nLINE 1: x\n  ^\n\nLINE 1: x\n  ^';
    expect(cleanErrorMessage(raw)).toBe('Parser Error: bad\n\nLINE 1: x\n  ^');
  });
});
