/**
 * Every incremental strategy on single, list, comma-string and missing keys, with NULL keys and
 * duplicate keys in a batch (fixture `incremental_strategies`, run through the CLI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, dbt, query, removeDir, type CliRun } from '../testing/cli-harness.node';

let dir: string;
const runs: CliRun[] = [];

/** Rows as `id|k2|msg|note` strings, sorted, NULL written as `∅`. */
async function rowsOf(table: string): Promise<string[]> {
  const rows = await query(dir, `select id, k2, msg, note from ${table}`);
  return rows
    .map((r) => [r.id, r.k2, r.msg, r.note].map((v) => (v === null ? '∅' : String(v))).join('|'))
    .sort();
}

function statusOf(run: CliRun, model: string): string {
  const line = run.out.find((l) => l.includes(`OK created sql incremental model main.${model} `));
  return /\[(.*) in [\d.]+s\]$/.exec(line ?? '')?.[1] ?? `no line for ${model}`;
}

beforeAll(async () => {
  dir = await copyFixture('incremental_strategies');
  runs.push(await dbt(dir, 'seed'));
  runs.push(await dbt(dir, 'run', '--vars', '{batch: 1}'));
  runs.push(await dbt(dir, 'run', '--vars', '{batch: 2}'));
});

afterAll(() => removeDir(dir));

const BATCH_1 = ['1|a|one|n1', '2|a|two|n2', '∅|a|nullkey|n3', '3|∅|k2null|n4'];
const BATCH_2_ALL = [
  '2|a|two-v2|x2',
  '4|a|four|x4',
  '∅|a|nullkey-v2|x5',
  '3|∅|k2null-v2|x6',
  '5|b|five-a|x7',
  '5|b|five-b|x8',
];

describe('incremental strategies (dbt-duckdb semantics)', () => {
  it('builds every model on the first run and exits 0 twice', () => {
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(statusOf(runs[1]!, 'di_single')).toBe('CREATE 4');
  });

  it('delete+insert, string key: replaces matched keys, NULL keys and batch duplicates accumulate', async () => {
    expect(await rowsOf('di_single')).toEqual(
      ['1|a|one|n1', '∅|a|nullkey|n3', ...BATCH_2_ALL].sort(),
    );
    expect(statusOf(runs[2]!, 'di_single')).toBe('INSERT 4, UPDATE 2');
  });

  it('delete+insert, list key: a NULL component never matches, so that row is kept and duplicated', async () => {
    expect(await rowsOf('di_list')).toEqual(
      ['1|a|one|n1', '∅|a|nullkey|n3', '3|∅|k2null|n4', ...BATCH_2_ALL].sort(),
    );
    expect(statusOf(runs[2]!, 'di_list')).toBe('INSERT 5, UPDATE 1');
  });

  it('delete+insert, comma-string key: compared as a struct, NULL fields match and are replaced', async () => {
    expect(await rowsOf('di_comma')).toEqual(['1|a|one|n1', ...BATCH_2_ALL].sort());
  });

  it('delete+insert without a key and append (key ignored) only insert', async () => {
    const all = [...BATCH_1, ...BATCH_2_ALL].sort();
    expect(await rowsOf('di_none')).toEqual(all);
    expect(await rowsOf('append_keyed')).toEqual(all);
    expect(statusOf(runs[2]!, 'append_keyed')).toBe('INSERT 6');
  });

  it('merge, string key: updates matches, inserts NULL keys and every unmatched duplicate', async () => {
    expect(await rowsOf('merge_single')).toEqual(
      ['1|a|one|n1', '∅|a|nullkey|n3', ...BATCH_2_ALL].sort(),
    );
    expect(statusOf(runs[2]!, 'merge_single')).toBe('INSERT 4, UPDATE 2');
  });

  it('merge, list key (config as one dict): a NULL component never matches', async () => {
    expect(await rowsOf('merge_list')).toEqual(
      ['1|a|one|n1', '∅|a|nullkey|n3', '3|∅|k2null|n4', ...BATCH_2_ALL].sort(),
    );
  });

  it('merge without a key is ON (FALSE): everything is inserted', async () => {
    expect(await rowsOf('merge_none')).toEqual([...BATCH_1, ...BATCH_2_ALL].sort());
  });

  it('merge_update_columns / merge_exclude_columns leave the other columns of matched rows alone', async () => {
    const expected = [
      '1|a|one|n1',
      '2|a|two-v2|n2',
      '3|∅|k2null-v2|n4',
      '4|a|four|x4',
      '∅|a|nullkey|n3',
      '∅|a|nullkey-v2|x5',
      '5|b|five-a|x7',
      '5|b|five-b|x8',
    ].sort();
    expect(await rowsOf('merge_update_cols')).toEqual(expected);
    expect(await rowsOf('merge_exclude_cols')).toEqual(expected);
  });

  it('duplicates already in the target are all replaced by one batch row', async () => {
    const third = await dbt(dir, 'run', '-s', 'di_single', 'merge_single', '--vars', '{batch: 3}');
    expect(third.code).toBe(0);
    const di = await rowsOf('di_single');
    expect(di.filter((r) => r.startsWith('5|'))).toEqual(['5|b|five-c|x9']);
    expect(statusOf(third, 'di_single')).toBe('INSERT 0, UPDATE 1, DELETE 1');
    const merged = await rowsOf('merge_single');
    expect(merged.filter((r) => r.startsWith('5|'))).toEqual(['5|b|five-c|x9', '5|b|five-c|x9']);
  });
});
