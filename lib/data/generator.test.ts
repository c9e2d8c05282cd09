import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { COURSE_TABLES, SQL_TYPE, TABLE_COLUMNS } from './course-tables';
import { calendarDays } from './generator/calendar';
import { generateOlist } from './generator/generate';

let conn: Connection;

beforeAll(async () => {
  conn = await openNodeConnection();
  await conn.exec('CREATE SCHEMA a; CREATE SCHEMA b; CREATE SCHEMA c');
  await generateOlist(conn, { scale: 0.1, seed: 42 }, 'a');
  await generateOlist(conn, { scale: 0.1, seed: 42 }, 'b');
  await generateOlist(conn, { scale: 0.1, seed: 43 }, 'c');
});
afterAll(() => conn.close());

/** An order-independent fingerprint of a table's content. */
async function tableHash(schema: string, table: string): Promise<string> {
  const result = await conn.query<{ h: string }>(
    `SELECT sum(hash(COLUMNS(*))::HUGEINT)::VARCHAR || ':' || count(*) AS h FROM ${schema}.${table}`,
  );
  return result.rows[0]!.h;
}

describe('generated Olist data', () => {
  it('is the same for the same seed and different for another seed', async () => {
    for (const table of COURSE_TABLES) {
      expect(await tableHash('a', table), table).toBe(await tableHash('b', table));
      expect(await tableHash('a', table), table).not.toBe(await tableHash('c', table));
    }
  });

  it('has the Kaggle columns, in order, with the lab types', async () => {
    for (const table of COURSE_TABLES) {
      const result = await conn.query<{ column_name: string; data_type: string }>(
        `SELECT column_name, data_type FROM information_schema.columns
         WHERE table_schema = 'a' AND table_name = '${table}' ORDER BY ordinal_position`,
      );
      expect(result.rows).toEqual(
        TABLE_COLUMNS[table].map((c) => ({ column_name: c.name, data_type: SQL_TYPE[c.kind] })),
      );
    }
  });

  it('scales with the scale factor and keeps keys and references intact', async () => {
    const r = await conn.query<Record<string, number>>(`
      SELECT
        (SELECT count(*) FROM a.orders)::INTEGER AS orders,
        (SELECT count(DISTINCT order_id) FROM a.orders)::INTEGER AS distinct_orders,
        (SELECT count(*) FROM a.customers)::INTEGER AS customers,
        (SELECT count(*) FROM a.products)::INTEGER AS products,
        (SELECT count(*) FROM a.orders WHERE NOT regexp_full_match(order_id, '[0-9a-f]{32}'))::INTEGER AS bad_ids,
        (SELECT count(*) FROM a.orders o LEFT JOIN a.customers c USING (customer_id)
          WHERE c.customer_id IS NULL)::INTEGER AS orphan_orders,
        (SELECT count(*) FROM a.order_items i LEFT JOIN a.orders o USING (order_id)
          WHERE o.order_id IS NULL)::INTEGER AS orphan_items,
        (SELECT count(*) FROM a.order_items i LEFT JOIN a.products p USING (product_id)
          WHERE p.product_id IS NULL)::INTEGER AS unknown_products,
        (SELECT count(*) FROM a.payments p LEFT JOIN a.orders o USING (order_id)
          WHERE o.order_id IS NULL)::INTEGER AS orphan_payments,
        (SELECT count(*) FROM (SELECT order_id, order_item_id FROM a.order_items GROUP BY ALL
          HAVING count(*) > 1))::INTEGER AS duplicate_items,
        (SELECT count(*) FROM a.customers WHERE NOT regexp_full_match(customer_zip_code_prefix, '[0-9]{5}'))::INTEGER
          AS bad_zips`);
    expect(r.rows[0]).toEqual({
      orders: 9944,
      distinct_orders: 9944,
      customers: 9944,
      products: 3295,
      bad_ids: 0,
      orphan_orders: 0,
      orphan_items: 0,
      unknown_products: 0,
      orphan_payments: 0,
      duplicate_items: 0,
      bad_zips: 0,
    });
  });

  it('writes orders in purchase order and keeps the real calendar', async () => {
    const r = await conn.query<{ unordered: number; first: string; last: string }>(`
      SELECT count(*) FILTER (WHERE ts < prev)::INTEGER AS unordered,
        min(ts)::DATE::VARCHAR AS first, max(ts)::DATE::VARCHAR AS last
      FROM (SELECT order_purchase_timestamp AS ts,
              lag(order_purchase_timestamp) OVER (ORDER BY rowid) AS prev FROM a.orders)`);
    const { unordered, first, last } = r.rows[0]!;
    expect(unordered).toBe(0);
    // At SF 0.1 the sparse edge days get no order; the busy calendar still starts and ends the same.
    expect(first >= '2016-09-04' && first <= '2016-10-05').toBe(true);
    expect(last >= '2018-09-01' && last <= '2018-10-17').toBe(true);
  });

  it('spreads any number of orders over the calendar exactly', () => {
    for (const total of [1, 99, 99_441, 994_410]) {
      const days = calendarDays(total);
      expect(days.reduce((sum, d) => sum + d.orders, 0)).toBe(total);
      days.forEach(
        (d, k) => k > 0 && expect(d.firstIndex).toBe(days[k - 1]!.firstIndex + days[k - 1]!.orders),
      );
    }
    const sf1 = new Map(calendarDays(99_441).map((d) => [d.day, d.orders]));
    // Mid-August 2018 is busy (the default cut-off releases these days); then volume collapses.
    for (const day of ['2018-08-15', '2018-08-16', '2018-08-20']) {
      expect(sf1.get(day)).toBeGreaterThanOrEqual(190);
      expect(sf1.get(day)).toBeLessThanOrEqual(330);
    }
    expect(sf1.get('2018-08-27')).toBeLessThan(100);
  });

  it('rejects a bad scale or seed', async () => {
    await expect(generateOlist(conn, { scale: 0, seed: 1 }, 'a')).rejects.toThrow(/scale factor/);
    await expect(generateOlist(conn, { scale: 1, seed: 1.5 }, 'a')).rejects.toThrow(/seed/);
  });
});
