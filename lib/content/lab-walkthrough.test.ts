/**
 * The lab's instructions, played in Node with their own code blocks (read from instructions.mdx):
 * Day 10's state, the conversion, the content comparison around a rerun, the moved order's
 * look-up, the late-payment query, the logic change with its warning and the full refresh. Each
 * claim the instructions make about what the student will see is checked here.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTimelineEvent, getLabClock, loadLabData } from '@/lib/data';
import { parseArgs, runDbt, UsageError } from '@/lib/dbt';
import { starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { buildDay10 } from '@/lib/workspace/day10';
import { LAB_INSTRUCTIONS_FILE } from './lessons.node';

const MODEL = 'models/marts/fct_orders.sql';
const DATA = { kind: 'generated', scale: 0.1, seed: 42 } as const;

/** The fenced blocks of the instructions, in order. */
async function blocks(): Promise<{ lang: string; text: string }[]> {
  const source = await readFile(LAB_INSTRUCTIONS_FILE, 'utf8');
  return [...source.matchAll(/^```(\w+)[^\n]*\n([\s\S]*?)^```/gm)].map((m) => ({
    lang: m[1]!,
    text: m[2]!.trim(),
  }));
}

describe('the lab, played with its own instructions', () => {
  let connection: Connection;
  let all: { lang: string; text: string }[];
  let files: ProjectFiles;
  const log: string[] = [];

  const sqlBlock = (needle: string) => {
    const found = all.filter((b) => b.lang === 'sql' && b.text.includes(needle));
    expect(found, needle).toHaveLength(1);
    return found[0]!.text;
  };
  const rows = async (sql: string) =>
    (await connection.query(sql, { maxRows: 1_000_000 })).rows as Record<string, unknown>[];
  async function dbt(line: string) {
    expect(
      all.some((b) => b.lang === 'bash' && b.text.split('\n').includes(line)),
      line,
    ).toBe(true);
    const command = parseArgs(line.replace(/^dbt /, '').split(' '));
    if (command instanceof UsageError) throw command;
    log.length = 0;
    const result = await runDbt(command, {
      connection,
      files,
      clock: await getLabClock(connection),
      onLog: (l) => log.push(l),
    });
    expect(result.exitCode, log.join('\n')).toBe(0);
    return { result, text: log.join('\n') };
  }
  const count = async () => Number((await rows('select count(*) as n from fct_orders'))[0]!.n);

  beforeAll(async () => {
    all = await blocks();
    files = await starterProjectFiles();
    connection = await openNodeConnection();
    await loadLabData(connection, DATA);
  });
  afterAll(async () => {
    await connection.close();
  });

  it('plays every task as written', async () => {
    // Opening: Day 10's state; task 1 works as the first command.
    expect((await buildDay10(connection, files)).ok).toBe(true);
    const day10Rows = await count();
    const first = await dbt('dbt run -s fct_orders');
    expect(first.text).toContain(`SELECT ${day10Rows}`);

    // Tasks 2–3: the config block and the filter, exactly as shown, added to the starter.
    const config = sqlBlock("materialized='incremental'");
    const filter = sqlBlock('{% if is_incremental() %}');
    files = { ...files, [MODEL]: `${config}\n${files[MODEL]}\n${filter}\n` };

    // Task 4: incremental against Day 10's table, INSERT 0 and UPDATE n, no warning.
    const converted = await dbt('dbt run -s fct_orders');
    expect(converted.text).toMatch(/\[INSERT 0, UPDATE [1-9]\d* in/);
    expect(converted.text).not.toContain('Logic change');
    expect(await count()).toBe(day10Rows);

    // Task 5: the saved copy and the two-way comparison find no difference after a rerun.
    const compare = sqlBlock('except all');
    await connection.exec(sqlBlock('create or replace temp table fct_orders_before'));
    await dbt('dbt run -s fct_orders');
    expect(await rows(compare)).toEqual([]);
    const tests = await dbt('dbt test -s fct_orders');
    expect(tests.text).toContain('PASS unique_fct_orders_order_id');

    // Task 6: an order outside the window, looked up, moved to now, looked up after the run.
    const picked = await rows(sqlBlock('interval 30 day'));
    expect(picked.length).toBe(5);
    const id = String(picked[0]!.order_id);
    const lookup = sqlBlock('select order_id, order_purchase_ts, order_status');
    const withId = (sql: string) => sql.replaceAll('paste-an-order-id-here', id);
    const before = await rows(withId(lookup));
    expect(before).toHaveLength(1);
    await connection.exec(withId(sqlBlock('update raw.orders')));
    expect(await rows(withId(lookup))).toEqual(before); // nothing changes until the model runs
    await dbt('dbt run -s fct_orders');
    const after = await rows(withId(lookup));
    expect(after).toHaveLength(1);
    const clock = await getLabClock(connection);
    expect(String(after[0]!.order_purchase_ts)).toContain(clock.slice(0, 16));
    expect(after[0]!.order_purchase_ts).not.toEqual(before[0]!.order_purchase_ts);

    // Task 7: new orders and late payments; the query lists the late-paid orders, then none.
    const beforeNew = await count();
    const released = await applyTimelineEvent(connection, 'new_orders');
    const newOrders = released.changed.find((c) => c.table === 'orders')!.inserted;
    const late = await applyTimelineEvent(connection, 'late_payments');
    const stale = await rows(sqlBlock('in_raw_payments'));
    expect(stale.length).toBeGreaterThan(0);
    expect(new Set(stale.map((r) => r.order_id))).toEqual(
      new Set(late.changed.flatMap((c) => c.keys)),
    );
    const day = await dbt('dbt run -s fct_orders');
    expect(day.text).toContain(`INSERT ${newOrders}`);
    expect(await rows(sqlBlock('in_raw_payments'))).toEqual([]);
    expect(await count()).toBe(beforeNew + newOrders);

    // Task 8: the logic change; warned, mixed, rebuilt, then quiet.
    const changedLine = sqlBlock('upper(order_status) as order_status');
    expect(files[MODEL]).toMatch(/^ {4}order_status,$/m);
    files = { ...files, [MODEL]: files[MODEL]!.replace(/^ {4}order_status,$/m, changedLine) };
    const changed = await dbt('dbt run -s fct_orders');
    expect(changed.text).toContain('[WARNING]: Logic change in fct_orders');
    const statuses = sqlBlock('group by order_status');
    const mixed = (await rows(statuses)).map((r) => String(r.order_status));
    expect(mixed).toContain('delivered');
    expect(mixed).toContain('DELIVERED');
    const refreshed = await dbt('dbt run -s fct_orders --full-refresh');
    expect(refreshed.text).not.toContain('Logic change');
    const upper = (await rows(statuses)).map((r) => String(r.order_status));
    expect(upper.every((s) => s === s.toUpperCase())).toBe(true);
    await connection.exec(sqlBlock('create or replace temp table fct_orders_before'));
    const quiet = await dbt('dbt run -s fct_orders');
    expect(quiet.text).not.toContain('Logic change');
    expect(await rows(compare)).toEqual([]);
  });
});
