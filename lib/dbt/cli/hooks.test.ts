/**
 * pre_hook / post_hook from dbt_project.yml, a property file and config(), run in dbt-duckdb's
 * order around the model's transaction (fixture `hooks`, through the CLI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, dbt, query, removeDir, type CliRun } from '../testing/cli-harness.node';

let dir: string;
let first: CliRun;
let second: CliRun;

async function events(): Promise<string[]> {
  const rows = await query<{ event: string }>(dir, 'select event from hook_log order by n');
  return rows.map((r) => r.event);
}

beforeAll(async () => {
  dir = await copyFixture('hooks');
  first = await dbt(dir, 'run');
  second = await dbt(dir, 'run', '-s', 'hooked_incremental', '--vars', '{run: 2}');
});

afterAll(() => removeDir(dir));

describe('model hooks', () => {
  it('run outside-transaction hooks first, then project, property-file and model hooks in order', async () => {
    expect(await events()).toEqual([
      'project pre hooked_incremental',
      'incremental post False',
      'model before_begin',
      'project pre hooked_table',
      'model pre',
      'properties post',
      'model post 2',
      'model after_commit',
      'project pre hooked_incremental',
      'incremental post True',
    ]);
    expect(second.code).toBe(0);
  });

  it('render with the model context: this, and is_incremental() of the run', async () => {
    const rows = await query<{ id: number }>(dir, 'select id from hooked_incremental order by id');
    expect(rows.map((r) => r.id)).toEqual([1, 2]);
  });

  it('a failing post-hook fails the model and rolls its build back, naming the hook', async () => {
    expect(first.code).toBe(1);
    expect(first.text).toContain(
      'Runtime Error in model failing_post_hook (models/failing_post_hook.sql)',
    );
    expect(first.text).toContain('Table with name no_such_table does not exist');
    expect(first.text).toContain('in the post-hook: insert into no_such_table values (1)');
    const exists = await query(
      dir,
      "select * from information_schema.tables where table_name = 'failing_post_hook'",
    );
    expect(exists).toEqual([]);
    expect(await events()).not.toContain('project pre failing_post_hook');
  });
});
