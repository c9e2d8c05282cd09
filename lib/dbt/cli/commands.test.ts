/**
 * The everyday commands on fixture `basic`: seed (type inference, rerun vs --full-refresh), build,
 * test selection, show, compile, ls and the selector forms.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, dbt, query, removeDir } from '../testing/cli-harness.node';

let dir: string;

beforeAll(async () => {
  dir = await copyFixture('basic');
});
afterAll(() => removeDir(dir));

function names(listed: string[]): string[] {
  return listed.filter((l) => !l.startsWith('Found')).sort();
}

describe('commands', () => {
  it('seed infers agate-like types, honours +column_types, CREATE then INSERT then CREATE again', async () => {
    const first = await dbt(dir, 'seed');
    expect(first.code).toBe(0);
    expect(first.text).toMatch(/OK loaded seed file main\.customers \.+ \[CREATE 4 in/);
    const types = await query<{ column_name: string; column_type: string }>(
      dir,
      'describe customers',
    );
    expect(types.map((t) => `${t.column_name} ${t.column_type}`)).toEqual([
      'id INTEGER',
      'name VARCHAR',
      'signup_date DATE',
      'score DOUBLE',
      'active BOOLEAN',
      'zip VARCHAR',
      'signed_up_at TIMESTAMP',
    ]);
    const rows = await query(dir, 'select name, score, zip from customers order by id');
    expect(rows).toEqual([
      { name: 'Ana', score: 10.5, zip: '01310' },
      { name: 'Bruno', score: 7, zip: '04538' },
      { name: 'Carla', score: null, zip: '20040' },
      { name: 'Silva, Davi', score: 3.25, zip: '30130' },
    ]);
    expect((await dbt(dir, 'seed')).text).toMatch(/\[INSERT 4 in/);
    expect((await dbt(dir, 'seed', '--full-refresh')).text).toMatch(/\[CREATE 4 in/);
  });

  it('build runs seeds, models and tests; the ephemeral model is inlined, not built', async () => {
    const run = await dbt(dir, 'build');
    expect(run.code).toBe(0);
    expect(run.text).toContain('Done. PASS=8 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=8');
    expect(run.text).not.toContain('active_customers ...');
    const tables = await query(
      dir,
      "select table_name from information_schema.tables where table_schema = 'main' order by 1",
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'customer_scores',
      'customers',
      'stg_customers',
    ]);
  });

  it('a project macro, return() and var() (--vars wins over the project) shape the model', async () => {
    expect(
      (
        await query(
          dir,
          'select distinct greeting, score_cents from customer_scores where customer_id = 1',
        )
      )[0],
    ).toEqual({
      greeting: 'from-project!',
      score_cents: 1050,
    });
    expect(
      (await dbt(dir, 'run', '-s', 'customer_scores', '--vars', '{greeting: from-cli}')).code,
    ).toBe(0);
    expect((await query(dir, 'select distinct greeting from customer_scores'))[0]).toEqual({
      greeting: 'from-cli!',
    });
  });

  it('test -s <model> runs the tests attached to it (and only those)', async () => {
    const run = await dbt(dir, 'test', '-s', 'customer_scores');
    expect(run.code).toBe(0);
    expect(run.text).toContain('Done. PASS=5 WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=5');
    const one = await dbt(dir, 'test', '-s', 'unique_customer_scores_customer_id');
    expect(one.text).toContain('TOTAL=1');
  });

  it('--quiet show prints only the JSON document; --limit caps the rows', async () => {
    const show = await dbt(
      dir,
      '--quiet',
      'show',
      '-s',
      'customer_scores',
      '--limit',
      '2',
      '--output',
      'json',
    );
    expect(show.code).toBe(0);
    expect(show.out).toHaveLength(1);
    const doc = JSON.parse(show.out[0]!) as { show: Record<string, unknown>[] };
    expect(doc.show).toHaveLength(2);
    expect(Object.keys(doc.show[0]!)).toEqual([
      'customer_id',
      'customer_name',
      'score',
      'score_cents',
      'greeting',
    ]);
    const inline = await dbt(
      dir,
      'show',
      '--inline',
      "select count(*) as n from {{ ref('customers') }}",
    );
    expect(inline.text).toContain('Previewing inline node:');
    expect(inline.text).toContain('| 4 |');
  });

  it('compile prints the compiled SQL with the ephemeral model as a CTE', async () => {
    const run = await dbt(dir, '--quiet', 'compile', '-s', 'customer_scores');
    expect(run.code).toBe(0);
    const sql = run.out.join('\n');
    expect(sql).toMatch(
      /^with __dbt__cte__active_customers as \(\nselect customer_id, customer_name, score from "dbt"\."main"\."stg_customers" where active\n\), active as \(/,
    );
    expect(sql).toContain('cast(round(coalesce(score, 0) * 100) as bigint) as score_cents');
  });

  it('ls and the selector forms: names, +parents, children+, path:, tag:, source-free fqn, --exclude, intersection', async () => {
    const ls = async (...args: string[]) =>
      names((await dbt(dir, '--quiet', 'ls', '--output', 'name', ...args)).out);
    const SCORE_TESTS = [
      'accepted_values_customer_score_d35c8546',
      'assert_scores_not_negative',
      'not_null_customer_scores_customer_id',
      'relationships_customer_scores__3eeea12b',
      'unique_customer_scores_customer_id',
    ];
    // a selected model brings its tests (dbt's eager indirect selection): the relationships test
    // comes with either of its two parents
    expect(await ls('-s', 'customer_scores')).toEqual(['customer_scores', ...SCORE_TESTS].sort());
    expect(await ls('-s', '+customer_scores', '--resource-type', 'model', 'seed')).toEqual([
      'active_customers',
      'customer_scores',
      'customers',
      'stg_customers',
    ]);
    expect(await ls('-s', 'customers+', '--resource-type', 'model')).toEqual([
      'active_customers',
      'customer_scores',
      'stg_customers',
    ]);
    const RELATIONSHIPS = 'relationships_customer_scores__3eeea12b';
    expect(await ls('-s', 'path:models/staging')).toEqual([
      'active_customers',
      RELATIONSHIPS,
      'stg_customers',
    ]);
    expect(await ls('-s', 'tag:staging')).toEqual([
      'active_customers',
      RELATIONSHIPS,
      'stg_customers',
    ]);
    expect(await ls('-s', 'marts', '--resource-type', 'model')).toEqual(['customer_scores']);
    expect(await ls('-s', 'staging', '--exclude', 'active_customers')).toEqual([
      RELATIONSHIPS,
      'stg_customers',
    ]);
    expect(await ls('-s', 'stg_*', 'customers')).toEqual([
      'customers',
      RELATIONSHIPS,
      'stg_customers',
    ]);
    expect(await ls('-s', '+customer_scores,tag:staging')).toEqual([
      'active_customers',
      RELATIONSHIPS,
      'stg_customers',
    ]);
    expect(await ls('-s', 'config.materialized:table', '--resource-type', 'model')).toEqual([
      'customer_scores',
    ]);
    expect(await ls('-s', '1+customer_scores', '--resource-type', 'model')).toEqual([
      'active_customers',
      'customer_scores',
    ]);
  });

  it("ls lists a model's tests, and intersections with resource_type: and test_type: pick them", async () => {
    const ls = async (...args: string[]) =>
      names((await dbt(dir, '--quiet', 'ls', '--output', 'name', ...args)).out);
    expect(await ls('-s', 'resource_type:test,customer_scores')).toEqual([
      'accepted_values_customer_score_d35c8546',
      'assert_scores_not_negative',
      'not_null_customer_scores_customer_id',
      'relationships_customer_scores__3eeea12b',
      'unique_customer_scores_customer_id',
    ]);
    expect(await ls('-s', 'test_type:generic,customer_scores')).toEqual([
      'accepted_values_customer_score_d35c8546',
      'not_null_customer_scores_customer_id',
      'relationships_customer_scores__3eeea12b',
      'unique_customer_scores_customer_id',
    ]);
    expect(await ls('-s', 'test_type:singular,customer_scores')).toEqual([
      'assert_scores_not_negative',
    ]);
    const selectors = (await dbt(dir, '--quiet', 'ls', '-s', 'customer_scores')).out.sort();
    expect(selectors).toContain('basic.marts.unique_customer_scores_customer_id');
    expect(selectors).toContain('basic.assert_scores_not_negative');
  });
});
