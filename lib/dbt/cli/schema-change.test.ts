/**
 * on_schema_change in all four modes (and an invalid value, which dbt treats as ignore), with dbt's
 * `fail` message (fixture `schema_change`; the models are rewritten between the two runs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFixture,
  dbt,
  query,
  removeDir,
  writeProjectFile,
  type CliRun,
} from '../testing/cli-harness.node';

let dir: string;
let second: CliRun;

/** Adds new_col only: what `ignore` can take (a removed column would break its insert). */
const ADD_ONLY =
  "select range as id, 'old' as old_col, cast(range * 10 as integer) as amount, 'new' as new_col\nfrom range(3, 6)\n";
/** Adds new_col, drops old_col, changes amount from INTEGER to VARCHAR. */
const RESHAPED =
  "select range as id, cast(range * 10 as varchar) as amount, 'new' as new_col\nfrom range(3, 6)\n";

async function columns(table: string): Promise<string[]> {
  const rows = await query<{ column_name: string; column_type: string }>(dir, `describe ${table}`);
  return rows.map((r) => `${r.column_name} ${r.column_type}`);
}

beforeAll(async () => {
  dir = await copyFixture('schema_change');
  expect((await dbt(dir, 'run')).code).toBe(0);
  for (const mode of ['ignore', 'default', 'bogus']) {
    const config = mode === 'default' ? '' : `{{ config(on_schema_change='${mode}') }}\n`;
    await writeProjectFile(dir, `models/osc_${mode}.sql`, config + ADD_ONLY);
  }
  for (const mode of ['fail', 'append_new_columns', 'sync_all_columns']) {
    await writeProjectFile(
      dir,
      `models/osc_${mode}.sql`,
      `{{ config(on_schema_change='${mode}') }}\n${RESHAPED}`,
    );
  }
  second = await dbt(dir, 'run');
});

afterAll(() => removeDir(dir));

describe('on_schema_change', () => {
  it('ignore (also the default, and what an invalid value means): the new column is silently dropped', async () => {
    for (const table of ['osc_ignore', 'osc_default', 'osc_bogus']) {
      expect(await columns(table)).toEqual(['id BIGINT', 'old_col VARCHAR', 'amount INTEGER']);
      expect((await query(dir, `select count(*)::int as n from ${table}`))[0]).toEqual({ n: 5 });
    }
  });

  it("fail: dbt's message, the run exits 1 and the table is left as it was", async () => {
    expect(second.code).toBe(1);
    expect(second.text).toContain('ERROR creating sql incremental model main.osc_fail');
    expect(second.text).toContain(
      [
        'Compilation Error in model osc_fail (models/osc_fail.sql)',
        '  The source and target schemas on this incremental model are out of sync!',
        '  They can be reconciled in several ways:',
        '    - set the `on_schema_change` config to either append_new_columns or sync_all_columns, depending on your situation.',
        '    - Re-run the incremental model with `full_refresh: True` to update the target schema.',
        '    - update the schema manually and re-run the process.',
        '',
        '  Additional troubleshooting context:',
        "     Source columns not in target: [DuckDBColumn(column='new_col', dtype='VARCHAR', char_size=None, numeric_precision=None, numeric_scale=None, fields=[])]",
        "     Target columns not in source: [DuckDBColumn(column='old_col', dtype='VARCHAR', char_size=None, numeric_precision=None, numeric_scale=None, fields=[])]",
        "     New column types: [{'column_name': 'amount', 'new_type': 'character varying(256)'}]",
      ].join('\n'),
    );
    expect(await columns('osc_fail')).toEqual(['id BIGINT', 'old_col VARCHAR', 'amount INTEGER']);
    const rows = await query(dir, 'select id, old_col, amount from osc_fail order by id');
    expect(rows).toEqual([1, 2, 3].map((id) => ({ id, old_col: 'old', amount: id * 10 })));
  });

  it('append_new_columns: adds new_col, keeps old_col (NULL for new rows), ignores the type change', async () => {
    expect(await columns('osc_append_new_columns')).toEqual([
      'id BIGINT',
      'old_col VARCHAR',
      'amount INTEGER',
      'new_col VARCHAR',
    ]);
    const rows = await query(
      dir,
      'select id, old_col, amount, new_col from osc_append_new_columns order by id',
    );
    expect(rows).toEqual([
      { id: 1, old_col: 'old', amount: 10, new_col: null },
      { id: 2, old_col: 'old', amount: 20, new_col: null },
      { id: 3, old_col: null, amount: 30, new_col: 'new' },
      { id: 4, old_col: null, amount: 40, new_col: 'new' },
      { id: 5, old_col: null, amount: 50, new_col: 'new' },
    ]);
  });

  it('sync_all_columns: adds new_col, drops old_col, changes amount to VARCHAR (moved to the end)', async () => {
    expect(await columns('osc_sync_all_columns')).toEqual([
      'id BIGINT',
      'new_col VARCHAR',
      'amount VARCHAR',
    ]);
    const rows = await query(
      dir,
      'select id, new_col, amount from osc_sync_all_columns order by id',
    );
    expect(rows.map((r) => `${String(r.id)}:${String(r.new_col)}:${String(r.amount)}`)).toEqual([
      '1:null:10',
      '2:null:20',
      '3:new:30',
      '4:new:40',
      '5:new:50',
    ]);
  });
});
