/**
 * The course project (content/lab): the starter builds from scratch on the course data (loaded by
 * the CLI on first use), and the solution's incremental fct_orders equals the starter's table and,
 * run again, changes nothing. On generated data, and on the real Olist CSVs when they are present.
 */
import { cp, mkdir, mkdtemp, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasOlistData, OLIST_DIR } from '@/lib/testing/olist-fixture.node';
import { SOLUTION_DIR, STARTER_DIR } from '../course-project.node';
import {
  dbtWith,
  query,
  removeDir,
  type CliOptions,
  type CliRun,
} from '../testing/cli-harness.node';

const COLUMNS = [
  'order_id',
  'customer_id',
  'order_status',
  'order_purchase_ts',
  'order_approved_ts',
  'order_delivered_carrier_ts',
  'order_delivered_customer_ts',
  'order_estimated_delivery_date',
  'order_item_row_count',
  'distinct_product_count',
  'items_total_value',
  'freight_total_value',
  'payment_total_value',
  'max_payment_installments',
  'payment_row_count',
  'payment_type_any',
];

function courseScenario(
  label: string,
  options: () => Promise<CliOptions>,
  expectSource: RegExp,
  command: 'build' | 'run',
) {
  describe(`course project (${label})`, () => {
    let dir: string;
    let cli: CliOptions;
    let build: CliRun;
    const dbt = (...argv: string[]) => dbtWith(dir, cli, ...argv);

    /** Rows in one table and not the other, both ways, counting duplicates (EXCEPT ALL). */
    async function difference(a: string, b: string): Promise<number> {
      const rows = await query<{ n: number }>(
        dir,
        `select (select count(*) from (select * from ${a} except all select * from ${b})) + (select count(*) from (select * from ${b} except all select * from ${a})) as n`,
      );
      return Number(rows[0]!.n);
    }

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'dbt-course-'));
      await cp(STARTER_DIR, dir, { recursive: true });
      cli = await options();
      build = await dbt(command);
    });
    afterAll(() => removeDir(dir));

    it(`the starter builds from scratch (dbt ${command}): data loaded on first use, all passes`, async () => {
      expect(build.code, build.text).toBe(0);
      expect(build.text).toMatch(expectSource);
      expect(build.text).toMatch(/OK created sql table model main\.fct_orders \.+ \[SELECT \d+ in/);
      expect(build.text).toMatch(/Done\. PASS=(\d+) WARN=0 ERROR=0 SKIP=0 NO-OP=0 TOTAL=\1/);
      const columns = await query<{ column_name: string }>(dir, 'describe fct_orders');
      expect(columns.map((c) => c.column_name)).toEqual(COLUMNS);
      const counts = await query(
        dir,
        'select (select count(*) from fct_orders) as facts, (select count(*) from stg_orders) as orders',
      );
      expect(counts[0]!.facts).toBe(counts[0]!.orders);
    });

    it("the solution's incremental fct_orders equals the starter's table; reruns change nothing", async () => {
      await query(dir, 'create table starter_fct_orders as select * from fct_orders');
      await cp(SOLUTION_DIR, dir, { recursive: true });
      const full = await dbt('run', '-s', 'fct_orders', '--full-refresh');
      expect(full.code, full.text).toBe(0);
      expect(full.text).toMatch(
        /OK created sql incremental model main\.fct_orders \.+ \[CREATE \d+ in/,
      );
      expect(await difference('fct_orders', 'starter_fct_orders')).toBe(0);
      const total = Number((await query(dir, 'select count(*)::int as n from fct_orders'))[0]!.n);
      for (let i = 0; i < 2; i++) {
        const run = await dbt('run', '-s', 'fct_orders');
        expect(run.code, run.text).toBe(0);
        // the incremental branch ran and rewrote only the 3-day window
        const status = /main\.fct_orders \.+ \[INSERT (\d+), UPDATE (\d+) in/.exec(run.text);
        expect(status, run.text).not.toBeNull();
        expect(Number(status![1])).toBe(0);
        expect(Number(status![2])).toBeGreaterThan(0);
        expect(Number(status![2])).toBeLessThan(total / 10);
        expect(await difference('fct_orders', 'starter_fct_orders')).toBe(0);
      }
    });
  });
}

courseScenario(
  'generated data',
  async () => ({ dataScale: 0.2 }),
  /Loaded the course data \(generated/,
  'build',
);

if (hasOlistData) {
  courseScenario(
    'real Olist data',
    async () => {
      // the CLI looks for the CSVs in data/raw/ under its working directory
      const cwd = await mkdtemp(path.join(os.tmpdir(), 'dbt-olist-cwd-'));
      await mkdir(path.join(cwd, 'data'));
      await symlink(OLIST_DIR, path.join(cwd, 'data', 'raw'));
      return { cwd };
    },
    /Loaded the course data \((?!generated)/,
    'run', // the data tests already ran on generated data; real data is about the model's shapes
  );
}
