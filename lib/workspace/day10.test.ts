import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLabClock, loadLabData } from '@/lib/data';
import { parseArgs, runDbt, UsageError } from '@/lib/dbt';
import { solutionProjectFiles, starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { buildDay10 } from './day10';

const SOURCE = { kind: 'generated', scale: 0.05, seed: 7 } as const;

describe("Day 10's state", () => {
  let connection: Connection;
  beforeEach(async () => {
    connection = await openNodeConnection();
    await loadLabData(connection, SOURCE);
  });
  afterEach(async () => {
    await connection.close();
  });

  async function run(files: ProjectFiles, line: string) {
    const command = parseArgs(line.split(' '));
    if (command instanceof UsageError) throw command;
    const log: string[] = [];
    const result = await runDbt(command, {
      connection,
      files,
      clock: await getLabClock(connection),
      onLog: (l) => log.push(l),
    });
    return { result, log: log.join('\n') };
  }

  it('builds the starter project and says so in one line with the row count', async () => {
    const outcome = await buildDay10(connection, await starterProjectFiles());
    expect(outcome.ok).toBe(true);
    const rows = await connection.query<{ n: number }>('select count(*)::int as n from fct_orders');
    const count = rows.rows[0]!.n;
    expect(count).toBeGreaterThan(1000);
    expect(outcome.line).toMatch(
      new RegExp(
        `^Day 10's project is built: \\d+ staging and intermediate views, dim_customers and fct_orders as tables; fct_orders has ${count.toLocaleString('en-US')} rows \\(\\d+\\.\\ds\\)\\.$`,
      ),
    );
    const types = await connection.query<{ name: string; type: string }>(
      "select table_name as name, table_type as type from information_schema.tables where table_schema = 'main' order by 1",
    );
    const byName = Object.fromEntries(types.rows.map((r) => [r.name, r.type]));
    expect(byName).toMatchObject({
      stg_orders: 'VIEW',
      int_orders_enriched: 'VIEW',
      dim_customers: 'BASE TABLE',
      fct_orders: 'BASE TABLE',
    });
  });

  it("makes the lab's first command work, and the converted model's first run incremental", async () => {
    await buildDay10(connection, await starterProjectFiles());
    const starterRun = await run(await starterProjectFiles(), 'run -s fct_orders');
    expect(starterRun.result.exitCode).toBe(0);

    // The guide's model: same logic, config and filter added. Real dbt takes the incremental
    // branch against the existing table, and the logic-change guard has nothing to say.
    const converted = await run(await solutionProjectFiles(), 'run -s fct_orders');
    expect(converted.result.exitCode).toBe(0);
    const node = converted.result.results.find((r) => r.name === 'fct_orders')!;
    expect(node.incremental).toBe(true);
    expect(node.logicChanged).toBeUndefined();
    expect(converted.log).not.toContain('Logic change');
  });

  it('a conversion that also changes a column is warned about', async () => {
    await buildDay10(connection, await starterProjectFiles());
    const solution = await solutionProjectFiles();
    const path = 'models/marts/fct_orders.sql';
    const changed = {
      ...solution,
      [path]: solution[path]!.replace(/\border_status,/, 'upper(order_status) as order_status,'),
    };
    expect(changed[path]).not.toBe(solution[path]);
    const { result, log } = await run(changed, 'run -s fct_orders');
    expect(result.exitCode).toBe(0);
    expect(log).toContain('[WARNING]: Logic change in fct_orders');
    const mixed = await connection.query<{ upper: number; lower: number }>(
      'select count(*) filter (where order_status = upper(order_status))::int as upper, count(*) filter (where order_status <> upper(order_status))::int as lower from fct_orders',
    );
    expect(mixed.rows[0]!.upper).toBeGreaterThan(0);
    expect(mixed.rows[0]!.lower).toBeGreaterThan(0);
  });
});
