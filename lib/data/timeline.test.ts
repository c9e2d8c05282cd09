import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { hasOlistData, OLIST_DIR } from '@/lib/testing/olist-fixture.node';
import { COURSE_TABLES, type CourseTable } from './course-tables';
import { getLabClock, labClockSql } from './lab-clock';
import { loadLabData, replayTimeline } from './load';
import { findRawFiles } from './raw-files.node';
import { applyTimelineEvent, listTimelineEvents, resetTimeline } from './timeline/timeline';
import type { DataSource, EventEffect } from './types';

const source: DataSource = { kind: 'generated', scale: 0.15, seed: 11 };
let conn: Connection;

async function rows<T>(sql: string): Promise<T[]> {
  return (await conn.query(sql)).rows as T[];
}
async function num(sql: string): Promise<number> {
  return Object.values((await conn.query(sql)).rows[0]!)[0] as number;
}

/** Copies the raw tables into schema `name`. */
async function snapshot(name: string): Promise<void> {
  await conn.exec(`DROP SCHEMA IF EXISTS ${name} CASCADE; CREATE SCHEMA ${name}`);
  for (const t of COURSE_TABLES)
    await conn.exec(`CREATE TABLE ${name}.${t} AS SELECT * FROM raw.${t}`);
}

/** Rows only in `a` and only in `b` (EXCEPT ALL both ways). */
async function diff(a: string, b: string, table: CourseTable) {
  const onlyA = await num(
    `SELECT count(*)::INTEGER FROM (FROM ${a}.${table} EXCEPT ALL FROM ${b}.${table})`,
  );
  const onlyB = await num(
    `SELECT count(*)::INTEGER FROM (FROM ${b}.${table} EXCEPT ALL FROM ${a}.${table})`,
  );
  return { onlyA, onlyB };
}

async function expectUnchanged(before: string, tables: CourseTable[]): Promise<void> {
  for (const t of tables) expect(await diff(before, 'raw', t), t).toEqual({ onlyA: 0, onlyB: 0 });
}

/** order_ids of rows added to or changed in `table` since `before`. */
async function touchedOrders(before: string, table: CourseTable): Promise<string[]> {
  const r = await rows<{ order_id: string }>(
    `SELECT DISTINCT order_id FROM (FROM raw.${table} EXCEPT ALL FROM ${before}.${table}) ORDER BY 1`,
  );
  return r.map((x) => x.order_id);
}

const sorted = (keys: string[]) => [...keys].sort();
const changeOf = (effect: EventEffect, table: CourseTable) =>
  effect.changed.find((c) => c.table === table)!;

describe('the timeline on generated data', () => {
  beforeAll(async () => {
    conn = await openNodeConnection();
    await loadLabData(conn, source);
    await snapshot('s0');
  });
  afterAll(() => conn.close());

  it('starts at the cut-off: everything up to 2018-08-14 is released, with some of that day pending', async () => {
    expect(await getLabClock(conn)).toBe('2018-08-14 23:59:59');
    expect(await num(`SELECT count(*)::INTEGER FROM raw.orders`)).toBe(
      await num(
        `SELECT count(*)::INTEGER FROM lab_full.orders WHERE order_purchase_timestamp < DATE '2018-08-15'`,
      ),
    );
    expect(
      await num(`SELECT max(order_purchase_timestamp)::DATE = DATE '2018-08-14' FROM raw.orders`),
    ).toBe(true);
    expect(await num(`SELECT count(*)::INTEGER FROM raw.products`)).toBe(
      await num(`SELECT count(*)::INTEGER FROM lab_full.products`),
    );
    // Pending payments: those orders have no payment in raw yet; pending statuses show "invoiced".
    const pending = await rows<{ kind: string; day: string; n: number }>(
      `SELECT kind, release_day::VARCHAR AS day, count(*)::INTEGER AS n FROM lab_state.pending GROUP BY ALL ORDER BY 1`,
    );
    expect(pending.map((p) => [p.kind, p.day])).toEqual([
      ['payment', '2018-08-14'],
      ['status', '2018-08-14'],
    ]);
    expect(
      await num(`SELECT count(*)::INTEGER FROM raw.payments WHERE order_id IN
      (SELECT order_id FROM lab_state.pending WHERE kind = 'payment')`),
    ).toBe(0);
    expect(
      await num(`SELECT count(*)::INTEGER FROM raw.orders WHERE order_id IN
      (SELECT order_id FROM lab_state.pending WHERE kind = 'status')
      AND (order_status <> 'invoiced' OR order_delivered_carrier_date IS NOT NULL)`),
    ).toBe(0);

    const events = await listTimelineEvents(conn);
    expect(events.map((e) => [e.id, e.available, e.applied])).toEqual([
      ['new_orders', true, false],
      ['late_payments', false, false],
      ['status_changes', false, false],
      ['late_correction', true, false],
    ]);
    await expect(applyTimelineEvent(conn, 'late_payments')).rejects.toThrow(
      /"Late payments arrive" is not available now: .*release new orders first/,
    );
  });

  it("new_orders releases exactly the next day's orders, some without payment, and moves the clock", async () => {
    const effect = await applyTimelineEvent(conn, 'new_orders');
    expect(effect.clock).toBe('2018-08-15 23:59:59');
    expect(await getLabClock(conn)).toBe(effect.clock);
    const day = await rows<{ order_id: string }>(
      `SELECT order_id FROM lab_full.orders WHERE order_purchase_timestamp::DATE = DATE '2018-08-15' ORDER BY 1`,
    );
    const dayIds = day.map((r) => r.order_id);
    expect(dayIds.length).toBeGreaterThan(20);
    expect(sorted(changeOf(effect, 'orders').keys)).toEqual(dayIds);
    expect(changeOf(effect, 'orders').inserted).toBe(dayIds.length);
    expect(await touchedOrders('s0', 'orders')).toEqual(dayIds);
    expect(await touchedOrders('s0', 'order_items')).toEqual(
      (
        await rows<{
          order_id: string;
        }>(`SELECT DISTINCT order_id FROM lab_full.order_items WHERE order_id IN
        (SELECT order_id FROM lab_full.orders WHERE order_purchase_timestamp::DATE = DATE '2018-08-15') ORDER BY 1`)
      ).map((r) => r.order_id),
    );
    // Nothing that was there changed; only rows were added.
    for (const t of COURSE_TABLES) expect((await diff('s0', 'raw', t)).onlyA, t).toBe(0);
    const withoutPayment = await num(`SELECT count(*)::INTEGER FROM raw.orders o WHERE
      o.order_purchase_timestamp::DATE = DATE '2018-08-15' AND o.order_id IN (SELECT order_id FROM lab_full.payments)
      AND o.order_id NOT IN (SELECT order_id FROM raw.payments)`);
    expect(withoutPayment).toBeGreaterThan(0);
    expect(effect.summary).toContain(
      `${dayIds.length} new orders for 2018-08-15 (${withoutPayment} without payment yet`,
    );
    expect((await conn.query('SELECT current_timestamp AS t')).rows[0]!.t).toBe(
      '2018-08-15 23:59:59',
    );
    await snapshot('s2');
  });

  it('late_payments inserts exactly the held payments of orders 1–2 days old', async () => {
    const held = await rows<{ order_id: string }>(
      `SELECT order_id FROM lab_state.pending WHERE kind = 'payment' AND release_day = DATE '2018-08-14' ORDER BY 1`,
    );
    const effect = await applyTimelineEvent(conn, 'late_payments');
    const keys = held.map((r) => r.order_id);
    expect(sorted(changeOf(effect, 'payments').keys)).toEqual(keys);
    expect(await touchedOrders('s2', 'payments')).toEqual(keys);
    expect(changeOf(effect, 'payments').inserted).toBe(
      await num(
        `SELECT count(*)::INTEGER FROM lab_full.payments WHERE order_id IN (${keys.map((k) => `'${k}'`).join(',')})`,
      ),
    );
    const ages = await rows<{ hours: number }>(`SELECT (epoch(TIMESTAMP '2018-08-15 23:59:59') -
      epoch(order_purchase_timestamp)) / 3600 AS hours FROM raw.orders WHERE order_id IN (${keys.map((k) => `'${k}'`).join(',')})`);
    for (const { hours } of ages) expect(hours > 24 && hours < 48).toBe(true);
    await expectUnchanged('s2', ['orders', 'customers', 'order_items', 'products']);
    expect((await diff('s2', 'raw', 'payments')).onlyA).toBe(0);
    // The orders released today still wait for theirs.
    expect(
      await num(`SELECT count(*)::INTEGER FROM lab_state.pending WHERE kind = 'payment'`),
    ).toBeGreaterThan(0);
    expect(effect.clock).toBe('2018-08-15 23:59:59');
    await snapshot('s3a');
  });

  it('status_changes updates exactly the pending orders to their later status', async () => {
    const pending = (
      await rows<{ order_id: string }>(
        `SELECT order_id FROM lab_state.pending WHERE kind = 'status' AND release_day = DATE '2018-08-14' ORDER BY 1`,
      )
    ).map((r) => r.order_id);
    const effect = await applyTimelineEvent(conn, 'status_changes');
    expect(sorted(changeOf(effect, 'orders').keys)).toEqual(pending);
    expect(changeOf(effect, 'orders')).toMatchObject({ inserted: 0, updated: pending.length });
    expect(await touchedOrders('s3a', 'orders')).toEqual(pending);
    expect(await num(`SELECT count(*)::INTEGER FROM raw.orders`)).toBe(
      await num(`SELECT count(*)::INTEGER FROM s3a.orders`),
    );
    // The changed rows now equal the full data's rows.
    const ids = pending.map((k) => `'${k}'`).join(',');
    expect(
      await num(`SELECT count(*)::INTEGER FROM (SELECT * FROM raw.orders WHERE order_id IN (${ids})
      EXCEPT ALL SELECT * FROM lab_full.orders WHERE order_id IN (${ids}))`),
    ).toBe(0);
    await expectUnchanged('s3a', ['customers', 'order_items', 'payments', 'products']);
    await snapshot('s3b');
  });

  it('late_correction changes one payment of an order about 10 days old, outside the window', async () => {
    const effect = await applyTimelineEvent(conn, 'late_correction');
    expect(effect.outsideWindow).toBe(true);
    const [key] = changeOf(effect, 'payments').keys;
    expect(changeOf(effect, 'payments')).toMatchObject({ inserted: 0, updated: 1 });
    const changed = await rows<{ old: number; new: number; age: number }>(`
      SELECT s.payment_value::DOUBLE AS old, r.payment_value::DOUBLE AS new,
        datediff('day', o.order_purchase_timestamp::DATE, DATE '2018-08-15') AS age
      FROM raw.payments r JOIN s3b.payments s USING (order_id, payment_sequential)
      JOIN raw.orders o USING (order_id) WHERE r.payment_value <> s.payment_value`);
    expect(changed).toHaveLength(1);
    expect(await touchedOrders('s3b', 'payments')).toEqual([key]);
    expect(changed[0]!.new).toBeCloseTo(Math.round(changed[0]!.old * 90) / 100, 2);
    expect(changed[0]!.age).toBeGreaterThanOrEqual(10);
    expect(changed[0]!.age).toBeLessThanOrEqual(12);
    await expectUnchanged('s3b', ['orders', 'customers', 'order_items', 'products']);
    await expect(applyTimelineEvent(conn, 'late_correction')).rejects.toThrow(
      /Already applied at this clock/,
    );
    const events = await listTimelineEvents(conn);
    expect(events.every((e) => e.applied)).toBe(true);
    await snapshot('s3c');
  });

  it('replays the same sequence to identical tables', async () => {
    // s3c holds the tables after the events above, applied one by one; replay them from scratch.
    const sequence = ['new_orders', 'late_payments', 'status_changes', 'late_correction'] as const;
    await replayTimeline(conn, source, [...sequence]);
    for (const t of COURSE_TABLES)
      expect(await diff('s3c', 'raw', t), t).toEqual({ onlyA: 0, onlyB: 0 });
    expect(await getLabClock(conn)).toBe('2018-08-15 23:59:59');
    const logged = await rows<{ event_id: string }>(
      'SELECT event_id FROM lab_state.events ORDER BY seq',
    );
    expect(logged.map((e) => e.event_id)).toEqual([...sequence]);
  });

  it('new_orders can run again (the day after), and reset goes back to the cut-off', async () => {
    const effect = await applyTimelineEvent(conn, 'new_orders');
    expect(effect.clock).toBe('2018-08-16 23:59:59');
    await resetTimeline(conn);
    for (const t of COURSE_TABLES)
      expect(await diff('s0', 'raw', t), t).toEqual({ onlyA: 0, onlyB: 0 });
    expect(await getLabClock(conn)).toBe('2018-08-14 23:59:59');
    expect((await listTimelineEvents(conn)).some((e) => e.applied)).toBe(false);
  });

  it('makes current_timestamp, now(), current_date, today() return the lab clock', async () => {
    for (const sql of labClockSql('2018-08-16 23:59:59')) await conn.exec(sql);
    await conn.exec('CREATE SCHEMA IF NOT EXISTS other; SET schema = other');
    const r =
      await conn.query(`SELECT current_timestamp AS a, now() AS b, current_date AS c, today() AS d,
      get_current_timestamp() AS e, typeof(current_timestamp) AS t,
      (SELECT count(*) FROM raw.orders WHERE order_purchase_timestamp >= current_timestamp - INTERVAL 3 DAY)::INTEGER AS n`);
    await conn.exec('SET schema = main');
    expect(r.rows[0]).toMatchObject({
      a: '2018-08-16 23:59:59',
      b: '2018-08-16 23:59:59',
      c: '2018-08-16',
      d: '2018-08-16',
      e: '2018-08-16 23:59:59',
      t: 'TIMESTAMP',
    });
    expect(r.rows[0]!.n).toBeGreaterThan(0);
    expect(() => labClockSql('2018-08-20')).toThrow(/YYYY-MM-DD HH:MM:SS/);
    expect(() => labClockSql("2018-08-20 23:59:59'; drop table x; --")).toThrow();
  });
});

describe.skipIf(!hasOlistData)('the timeline on the real data', () => {
  it('cuts off at 2018-08-14 and releases the 288 real orders of 2018-08-15', async () => {
    const c = await openNodeConnection();
    try {
      const info = await loadLabData(c, { kind: 'files', files: await findRawFiles(OLIST_DIR) });
      expect(info.cutoffDay).toBe('2018-08-14');
      expect(info.clock).toBe('2018-08-14 23:59:59');
      const effect = await applyTimelineEvent(c, 'new_orders');
      expect(effect.changed.find((x) => x.table === 'orders')!.inserted).toBe(288);
      expect(effect.summary).toMatch(/^288 new orders for 2018-08-15 \(\d+ without payment yet/);
      const late = await applyTimelineEvent(c, 'late_payments');
      expect(late.changed[0]!.inserted).toBeGreaterThan(0);
    } finally {
      await c.close();
    }
  });
});
