/**
 * incremental_predicates (fixture `predicates`) and the errors only an incremental run meets: an
 * unknown or invalid strategy and a unique_key that is not a column (fixture `incremental_errors`).
 * Each failing run leaves its table exactly as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, dbt, query, removeDir, type CliRun } from '../testing/cli-harness.node';

async function versions(dir: string, table: string): Promise<string[]> {
  const rows = await query(dir, `select id, version from ${table} order by id, version`);
  return rows.map((r) => `${String(r.id)}:${String(r.version)}`);
}

describe('incremental_predicates', () => {
  let dir: string;
  let second: CliRun;
  beforeAll(async () => {
    dir = await copyFixture('predicates');
    expect((await dbt(dir, 'run')).code).toBe(0);
    second = await dbt(dir, 'run', '--vars', '{version: v2}');
  });
  afterAll(() => removeDir(dir));

  const DUPLICATED = ['1:v2', '2:v1', '2:v2', '3:v2'];

  it('delete+insert: the row failing the predicate is not deleted, its new version is inserted too', async () => {
    expect(await versions(dir, 'pred_delete_insert')).toEqual(DUPLICATED);
  });

  it('list key: predicates join the key match (alias DBT_INCREMENTAL_TARGET)', async () => {
    expect(await versions(dir, 'pred_list_key')).toEqual(DUPLICATED);
  });

  it('merge: a string predicate is accepted; the target row failing it is not matched, so inserted', async () => {
    expect(await versions(dir, 'pred_merge')).toEqual(DUPLICATED);
  });

  it('+incremental_predicates from dbt_project.yml applies to the folder', async () => {
    expect(await versions(dir, 'pred_folder')).toEqual(DUPLICATED);
  });

  it('single-key delete+insert has no target alias: DBT_INTERNAL_DEST fails, table unchanged', async () => {
    expect(second.code).toBe(1);
    expect(second.text).toContain(
      'Runtime Error in model pred_wrong_alias (models/pred_wrong_alias.sql)',
    );
    expect(second.text).toContain('Binder Error: Referenced table "DBT_INTERNAL_DEST" not found!');
    expect(await versions(dir, 'pred_wrong_alias')).toEqual(['1:v1', '2:v1', '3:v1']);
  });
});

describe('errors on the incremental branch', () => {
  let dir: string;
  let first: CliRun;
  let second: CliRun;
  beforeAll(async () => {
    dir = await copyFixture('incremental_errors');
    first = await dbt(dir, 'run');
    second = await dbt(dir, 'run', '--vars', '{version: v2}');
  });
  afterAll(() => removeDir(dir));

  const UNCHANGED = ['1:v1', '2:v1', '3:v1'];

  it('the first run builds every table: strategies and keys are not checked then (as dbt-duckdb)', () => {
    expect(first.code).toBe(0);
    expect(first.text).toContain('Done. PASS=5 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=5');
  });

  it('the second run fails each model with the message dbt gives, and exits 1', () => {
    expect(second.code).toBe(1);
    expect(second.text).toContain('Done. PASS=0 WARN=0 ERROR=5 SKIP=0 NO-OP=0 TOTAL=5');
    expect(second.text).toContain(
      'dbt could not find an incremental strategy macro with the name "get_incremental_foo_sql" in incremental_errors',
    );
    expect(second.text).toContain(
      "The incremental strategy 'insert_overwrite' is not valid for this adapter",
    );
    expect(second.text).toContain(
      'Binder Error: Referenced column "thisisnotacolumn" not found in FROM clause!',
    );
    expect(second.text).toMatch(
      /Binder Error: Table "missing_key_list__dbt_tmp\d+" does not have a column named "thisisnotacolumn"/,
    );
  });

  it('every failed table is left as it was', async () => {
    for (const table of [
      'unknown_strategy',
      'insert_overwrite',
      'missing_key_single',
      'missing_key_list',
      'missing_key_merge',
    ]) {
      expect(await versions(dir, table)).toEqual(UNCHANGED);
    }
    const leftovers = await query(
      dir,
      "select table_name from information_schema.tables where table_name like '%__dbt_%'",
    );
    expect(leftovers).toEqual([]);
  });
});
