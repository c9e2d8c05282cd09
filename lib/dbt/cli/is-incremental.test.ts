/**
 * dbt's four is_incremental() conditions, full_refresh config vs --full-refresh, and switching a
 * model between view, incremental and table (fixture `is_incremental`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, dbt, query, removeDir } from '../testing/cli-harness.node';

let dir: string;

/** `run:was_incremental` pairs of a model's rows, in run order. */
async function history(model: string): Promise<string[]> {
  const rows = await query(dir, `select run, was_incremental from ${model} order by run`);
  return rows.map((r) => `${String(r.run)}:${String(r.was_incremental)}`);
}

async function relationType(name: string): Promise<string | undefined> {
  const rows = await query<{ t: string }>(
    dir,
    `select table_type as t from information_schema.tables where table_schema = 'main' and table_name = '${name}'`,
  );
  return rows[0]?.t;
}

beforeAll(async () => {
  dir = await copyFixture('is_incremental');
  expect((await dbt(dir, 'seed')).code).toBe(0);
});

afterAll(() => removeDir(dir));

describe('is_incremental() and full refresh', () => {
  it('run 1: no relation yet ⇒ false everywhere; the switchable model starts as a view', async () => {
    const run = await dbt(dir, 'run', '--vars', '{run: 1}');
    expect(run.code).toBe(0);
    expect(await history('plain')).toEqual(['1:false']);
    expect(await relationType('switched')).toBe('VIEW');
  });

  it('run 2: an existing table ⇒ true; full_refresh: true ⇒ rebuilt; a table model ⇒ false; a view target ⇒ false', async () => {
    const run = await dbt(dir, 'run', '--vars', '{run: 2, switch: incremental}');
    expect(run.code).toBe(0);
    expect(await history('plain')).toEqual(['1:false', '2:true']);
    expect(await history('never_full_refresh')).toEqual(['1:false', '2:true']);
    expect(await history('always_full_refresh')).toEqual(['2:false']);
    expect(await history('table_model')).toEqual(['2:false']);
    expect(await history('switched')).toEqual(['2:false']);
    expect(await relationType('switched')).toBe('BASE TABLE');
  });

  it('--full-refresh rebuilds, except where the model says full_refresh: false', async () => {
    const run = await dbt(dir, 'run', '--full-refresh', '--vars', '{run: 3, switch: incremental}');
    expect(run.code).toBe(0);
    expect(await history('plain')).toEqual(['3:false']);
    expect(await history('never_full_refresh')).toEqual(['1:false', '2:true', '3:true']);
    expect(await history('always_full_refresh')).toEqual(['3:false']);
    expect(await history('switched')).toEqual(['3:false']);
  });

  it('an incremental model becomes a table and then a view again when its config says so', async () => {
    expect(
      (await dbt(dir, 'run', '-s', 'switched', '--vars', '{run: 4, switch: incremental}')).code,
    ).toBe(0);
    expect(await history('switched')).toEqual(['3:false', '4:true']);
    expect(
      (await dbt(dir, 'run', '-s', 'switched', '--vars', '{run: 5, switch: table}')).code,
    ).toBe(0);
    expect(await history('switched')).toEqual(['5:false']);
    expect(await relationType('switched')).toBe('BASE TABLE');
    expect((await dbt(dir, 'run', '-s', 'switched', '--vars', '{run: 6, switch: view}')).code).toBe(
      0,
    );
    expect(await relationType('switched')).toBe('VIEW');
    expect(await history('switched')).toEqual(['6:false']);
  });

  it('compile shows which branch a run would take, printing booleans as Python does', async () => {
    const compiled = await dbt(dir, 'compile', '-s', 'plain', '--vars', '{run: 7}');
    expect(compiled.code).toBe(0);
    expect(compiled.text).toContain("Compiled node 'plain' is:");
    expect(compiled.text).toMatch(
      /select 7 as run, True as was_incremental from "dbt"\."main"\."src"/,
    );
    const refresh = await dbt(
      dir,
      'compile',
      '-s',
      'plain',
      '--full-refresh',
      '--vars',
      '{run: 7}',
    );
    expect(refresh.text).toContain('select 7 as run, False as was_incremental');
  });
});
