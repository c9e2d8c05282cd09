/**
 * Releasing orders from the full dataset (`lab_full`) into what students see (`raw`). The latest day
 * of every release is not final yet: about 8% of its orders (at least one) arrive without their
 * payment, and about 12% of its shipped or delivered orders (at least one) show the earlier status
 * `invoiced` with no carrier or delivery date. Those orders are recorded in `lab_state.pending` until the `late_payments` and
 * `status_changes` events complete them. Which orders is a hash of the order id, so a replay always
 * picks the same ones.
 */
import type { Connection } from '@/lib/engine/connection';
import { COURSE_TABLES, columnNames, quoteIdent } from '../course-tables';

const bucket = (column: string) => `(hash(${column} || ':lab-timeline') % 100)`;

/** Status an order shows while its status change is pending. */
export const EARLIER_STATUS = 'invoiced';

/** Percent of a released day's orders held back: paid orders' payments, shipped orders' statuses. */
export interface HoldShares {
  payments: number;
  statuses: number;
}

/** The timeline's own shares (about 8% of payments, 12% of statuses). */
export const DEFAULT_HOLD: HoldShares = { payments: 8, statuses: 12 };

function checkHold({ payments, statuses }: HoldShares): void {
  const ok = (n: number) => Number.isInteger(n) && n >= 0 && n <= 100;
  if (!ok(payments) || !ok(statuses) || payments + statuses > 100)
    throw new RangeError(
      'Held shares are whole percentages from 0 to 100, and the two add up to at most 100.',
    );
}

export interface ReleaseCounts {
  orders: number;
  customers: number;
  order_items: number;
  payments: number;
  heldPayments: number;
  heldStatuses: number;
  /** order_ids released (when asked for). */
  keys: string[];
}

/** Creates empty `raw` tables shaped like `lab_full`'s, and the timeline's own tables. */
export async function createTimelineTables(conn: Connection): Promise<void> {
  await conn.exec('CREATE SCHEMA IF NOT EXISTS raw; CREATE SCHEMA IF NOT EXISTS lab_state');
  for (const table of COURSE_TABLES) {
    await conn.exec(
      `CREATE OR REPLACE TABLE raw.${table} AS SELECT * FROM lab_full.${table} LIMIT 0`,
    );
  }
  await conn.exec(`
    CREATE OR REPLACE TABLE lab_state.pending (order_id VARCHAR, kind VARCHAR, release_day DATE);
    CREATE OR REPLACE TABLE lab_state.events (
      seq INTEGER, event_id VARCHAR, clock_day DATE, summary VARCHAR, keys VARCHAR[],
      outside_window BOOLEAN);`);
}

const dayRange = (from: string | null, to: string) =>
  `${from ? `o.order_purchase_timestamp >= DATE '${from}' AND ` : ''}` +
  `o.order_purchase_timestamp < DATE '${to}' + INTERVAL 1 DAY`;

/**
 * Releases the orders purchased from day `from` (null: the beginning) through day `to`, with their
 * customers, items and payments; day `to` gets the pending payments and statuses (`hold` says how
 * many, in percent of the day's orders that can have one).
 */
export async function releaseDays(
  conn: Connection,
  from: string | null,
  to: string,
  collectKeys: boolean,
  hold: HoldShares = DEFAULT_HOLD,
): Promise<ReleaseCounts> {
  checkHold(hold);
  const range = dayRange(from, to);
  const statusFrom = hold.payments;
  const statusTo = hold.payments + hold.statuses - 1;
  // A small day (small scale) could draw no held order at all: the day's lowest hash is always held
  // too, so every release has at least one late payment and one status change to come.
  await conn.exec(`
    INSERT INTO lab_state.pending
    WITH day AS (
      SELECT o.order_id, hash(o.order_id || ':lab-timeline') AS h, ${bucket('o.order_id')} AS b,
        o.order_id IN (SELECT order_id FROM lab_full.payments) AS paid,
        o.order_status IN ('delivered', 'shipped') AND o.order_delivered_carrier_date IS NOT NULL
          AS shippable
      FROM lab_full.orders o
      WHERE o.order_purchase_timestamp >= DATE '${to}'
        AND o.order_purchase_timestamp < DATE '${to}' + INTERVAL 1 DAY),
    payment_held AS (
      SELECT order_id FROM day
      WHERE paid AND (b < ${hold.payments} OR h = (SELECT min(h) FROM day WHERE paid))),
    status_held AS (
      SELECT order_id FROM day
      WHERE shippable AND order_id NOT IN (SELECT order_id FROM payment_held)
        AND (b BETWEEN ${statusFrom} AND ${statusTo} OR h = (SELECT min(h) FROM day
             WHERE shippable AND order_id NOT IN (SELECT order_id FROM payment_held))))
    SELECT order_id, 'payment', DATE '${to}' FROM payment_held
    UNION ALL
    SELECT order_id, 'status', DATE '${to}' FROM status_held`);

  const held = (kind: string) =>
    `(SELECT order_id FROM lab_state.pending WHERE kind = '${kind}' AND release_day = DATE '${to}')`;
  // Only raw.orders is kept in purchase order (each release appends later days), so zone maps can
  // skip old row groups when a model filters on the purchase time; sorting the other tables would
  // cost time and help nothing, as they are reached by order_id.
  const orderColumns = columnNames('orders').map((c) => {
    if (c === 'order_status')
      return `CASE WHEN s.order_id IS NULL THEN o.${c} ELSE '${EARLIER_STATUS}' END`;
    if (c === 'order_delivered_carrier_date' || c === 'order_delivered_customer_date') {
      return `CASE WHEN s.order_id IS NULL THEN o.${c} END`;
    }
    return `o.${quoteIdent(c)}`;
  });
  const keys = collectKeys
    ? (
        await conn.query<{ order_id: string }>(
          `SELECT o.order_id FROM lab_full.orders o WHERE ${range}
           ORDER BY o.order_purchase_timestamp, o.order_id`,
        )
      ).rows.map((r) => r.order_id)
    : [];
  const before = await rawCounts(conn);
  await conn.exec(`
    INSERT INTO raw.orders
    SELECT ${orderColumns.join(', ')}
    FROM lab_full.orders o LEFT JOIN ${held('status')} s USING (order_id)
    WHERE ${range} ORDER BY o.order_purchase_timestamp, o.order_id;

    INSERT INTO raw.customers
    SELECT c.* FROM lab_full.customers c JOIN lab_full.orders o USING (customer_id)
    WHERE ${range};

    INSERT INTO raw.order_items
    SELECT i.* FROM lab_full.order_items i JOIN lab_full.orders o USING (order_id)
    WHERE ${range};

    INSERT INTO raw.payments
    SELECT p.* FROM lab_full.payments p JOIN lab_full.orders o USING (order_id)
    WHERE ${range} AND p.order_id NOT IN ${held('payment')};`);

  const after = await rawCounts(conn);
  const pending = await conn.query<{ payments: number; statuses: number }>(
    `SELECT count(*) FILTER (WHERE kind = 'payment')::INTEGER AS payments,
       count(*) FILTER (WHERE kind = 'status')::INTEGER AS statuses
     FROM lab_state.pending WHERE release_day = DATE '${to}'`,
  );
  return {
    orders: after.orders - before.orders,
    customers: after.customers - before.customers,
    order_items: after.order_items - before.order_items,
    payments: after.payments - before.payments,
    heldPayments: pending.rows[0]?.payments ?? 0,
    heldStatuses: pending.rows[0]?.statuses ?? 0,
    keys,
  };
}

async function rawCounts(conn: Connection) {
  const result = await conn.query<
    Record<'orders' | 'customers' | 'order_items' | 'payments', number>
  >(
    `SELECT ${['orders', 'customers', 'order_items', 'payments']
      .map((t) => `(SELECT count(*) FROM raw.${t})::INTEGER AS ${t}`)
      .join(', ')}`,
  );
  return result.rows[0]!;
}
