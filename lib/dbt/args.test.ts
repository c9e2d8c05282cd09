import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { UsageError } from './errors';
import { parseCriterion } from './selector';

describe('parseArgs', () => {
  it('reads dbt-style command lines', () => {
    const parsed = parseArgs([
      '--quiet',
      'run',
      '-s',
      'a',
      '+b',
      '--exclude',
      'c',
      '-f',
      '--vars',
      '{x: 1}',
      '--project-dir=proj',
    ]);
    expect(parsed).toMatchObject({
      command: 'run',
      quiet: true,
      select: ['a', '+b'],
      exclude: ['c'],
      fullRefresh: true,
      vars: { x: 1 },
      projectDir: 'proj',
    });
    expect(
      parseArgs(['show', '--inline', 'select 1', '--limit', '-1', '--output', 'json']),
    ).toMatchObject({
      command: 'show',
      inline: 'select 1',
      limit: -1,
      output: 'json',
    });
    expect(parseArgs(['list'])).toMatchObject({ command: 'ls', output: 'selector' });
  });

  it('returns a UsageError for bad input', () => {
    for (const argv of [
      [],
      ['frobnicate'],
      ['run', '--bogus'],
      ['run', '-s'],
      ['show', '--limit', 'x'],
      ['run', '--vars', '{unclosed'],
    ]) {
      expect(parseArgs(argv)).toBeInstanceOf(UsageError);
    }
  });
});

describe('parseCriterion', () => {
  it('reads graph operators and methods', () => {
    expect(parseCriterion('2+fct_orders+')).toEqual({
      at: false,
      parents: 2,
      children: Infinity,
      method: 'fqn',
      value: 'fct_orders',
    });
    expect(parseCriterion('@stg_orders')).toMatchObject({
      at: true,
      method: 'fqn',
      value: 'stg_orders',
    });
    expect(parseCriterion('path:models/marts')).toMatchObject({
      method: 'path',
      value: 'models/marts',
      parents: 0,
    });
    expect(parseCriterion('models/marts/fct_orders.sql')).toMatchObject({ method: 'path' });
    expect(parseCriterion('config.materialized:incremental')).toMatchObject({
      method: 'config.materialized',
      value: 'incremental',
    });
    expect(() => parseCriterion('foo:bar')).toThrow("'foo' is not a valid method name");
  });
});
