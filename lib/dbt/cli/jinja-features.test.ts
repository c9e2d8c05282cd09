/**
 * dbt's Jinja as students write it (fixture `jinja_features`, through the CLI on the course data
 * under the lab clock): Python's printing, run_query / statement / load_result, the high-water-mark
 * lookback with run_query, adapter.get_columns_in_relation, load_relation, JSON and YAML helpers,
 * string formatting and modules.datetime arithmetic.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, dbt, query, removeDir, type CliRun } from '../testing/cli-harness.node';

let dir: string;
let firstRun: CliRun;

beforeAll(async () => {
  dir = await copyFixture('jinja_features');
  firstRun = await dbt(dir, 'run');
});

afterAll(() => removeDir(dir));

async function row(table: string): Promise<Record<string, unknown>> {
  const rows = await query(dir, `select * from ${table}`);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe("dbt's Jinja on the course data", () => {
  it('builds every model', () => {
    expect(firstRun.code, firstRun.text).toBe(0);
  });

  it('prints values as Python does, run_started_at as dbt prints it under the lab clock', async () => {
    expect(await row('rendering')).toEqual({
      run_started_at: '2018-08-14 23:59:59+00:00',
      run_started_at_casts: true,
      printed: "None|True|False|[1, None, 'a']|{'k': 1.0}",
      json_text: '{"a": [1, null], "b": true}',
      from_json: 42,
      yaml_text: 'a:/  - 1/  - 2',
      from_yaml: 3,
      formatted: 'x-007|2.50|a:  1',
      three_days_before: '2018-08-11 23:59',
      datetime_plus: '2018-08-15 12:00:00',
      lab_today: '2018-08-14',
      days_between: 6,
    });
  });

  it('statement + load_result, adapter.get_columns_in_relation and load_relation run at compile time', async () => {
    const [truth] = await query<{ n: number; newest: string }>(
      dir,
      'select count(*)::int as n, max(order_purchase_timestamp)::varchar as newest from raw.orders',
    );
    const result = await row('statement_results');
    expect(result.orders_at_compile).toBe(truth!.n);
    expect(result.newest_at_compile).toBe(truth!.newest);
    expect(String(result.order_columns)).toMatch(
      /^order_id,customer_id,order_status,order_purchase_timestamp,/,
    );
    expect(result.first_type).toBe('VARCHAR');
    expect(result.was_missing).toBe(true);
    expect(result.executed).toBe('True');
  });

  it('run_query answers None while dbt parses, and a table when the model runs', async () => {
    expect(await row('parse_time')).toEqual({ answer: 42, none_at_this_render: 'False' });
  });

  it('a macro can return() a run_query value', async () => {
    const [truth] = await query<{ newest: string }>(
      dir,
      'select max(order_purchase_timestamp)::varchar as newest from raw.orders',
    );
    expect((await row('macro_hwm')).newest).toBe(truth!.newest);
  });

  it('the run_query high-water mark lookback: the window starts 3 days before the newest loaded row', async () => {
    const [mark] = await query<{ since: string; in_window: number }>(
      dir,
      `select (max(order_purchase_timestamp) - interval 3 day)::varchar as since,
              (select count(*)::int from orders_hwm
                where order_purchase_timestamp >= (select max(order_purchase_timestamp) - interval 3 day from orders_hwm)) as in_window
       from orders_hwm`,
    );
    const compiled = await dbt(dir, 'compile', '-s', 'orders_hwm');
    expect(compiled.code).toBe(0);
    expect(compiled.text).toContain(`where order_purchase_timestamp >= '${mark!.since}'`);
    const rerun = await dbt(dir, 'run', '-s', 'orders_hwm');
    expect(rerun.code, rerun.text).toBe(0);
    expect(rerun.text).toMatch(
      new RegExp(
        `OK created sql incremental model main\\.orders_hwm \\.+ \\[INSERT 0, UPDATE ${mark!.in_window} in`,
      ),
    );
  });
});
