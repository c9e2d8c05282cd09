/**
 * The timeline's events. How they look in the data:
 * - `new_orders`: the next day's orders arrive in raw.orders with their customers, items and payments;
 *   the clock moves to the end of that day. About 8% of them have no payment yet, and about 12% of the
 *   shipped/delivered ones show status `invoiced` with no carrier or delivery date (see release.ts).
 * - `late_payments`: the missing payments of orders placed before the clock's day (1–2 days old in the
 *   grading scenario) are inserted into raw.payments. Nothing else changes.
 * - `status_changes`: orders placed before the clock's day that still show `invoiced` get their real
 *   status, approval, carrier and delivery timestamps (an UPDATE of raw.orders).
 * - `late_correction`: one delivered order placed 10–12 days before the clock, paid in a single card
 *   or boleto payment, has that payment corrected to 90% (a partial refund recorded late). It is older
 *   than a 3-day lookback window, so it is reported as information, not as something a model must catch.
 * Each event is a pure function of the current raw/lab_full state, so replaying a sequence of events
 * from the cut-off always produces the same tables.
 */
import type { Connection } from '@/lib/engine/connection';
import type { EventEffect, TableChange, TimelineEventId } from '../types';
import { releaseDays } from './release';
import { addDays, daysBetween, setClockDay, type TimelineState } from './state';

export interface EventDefinition {
  id: TimelineEventId;
  title: string;
  description: string;
  /** Undefined when the event can be applied now, else the reason it cannot. */
  unavailableReason(conn: Connection, state: TimelineState): Promise<string | undefined>;
  apply(conn: Connection, state: TimelineState): Promise<Omit<EventEffect, 'id' | 'title'>>;
}

/** The lookback window the lab teaches; changes older than this are "very late". */
export const WINDOW_DAYS = 3;
/** How old (in days, relative to the clock's day) the corrected order is. */
export const CORRECTION_AGE_DAYS = 10;

async function scalar<T>(conn: Connection, sql: string): Promise<T> {
  const result = await conn.query(sql);
  return Object.values(result.rows[0] ?? {})[0] as T;
}

const pendingBefore = (kind: string, state: TimelineState) =>
  `SELECT order_id, release_day FROM lab_state.pending
   WHERE kind = '${kind}' AND release_day < DATE '${state.clockDay}'`;

function change(table: TableChange['table'], inserted: number, updated: number, keys: string[]) {
  return { table, inserted, updated, keys };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Completes the held payments of the pending orders `pendingSql` selects (`order_id` from
 * `lab_state.pending`): their payments land in raw.payments and the orders leave the pending list.
 * Returns the payment rows inserted.
 */
export async function releasePendingPayments(
  conn: Connection,
  pendingSql: string,
): Promise<number> {
  const inserted = await scalar<number>(
    conn,
    `SELECT count(*)::INTEGER FROM lab_full.payments
     WHERE order_id IN (SELECT order_id FROM (${pendingSql}))`,
  );
  await conn.exec(`
    INSERT INTO raw.payments
    SELECT p.* FROM lab_full.payments p JOIN lab_full.orders o USING (order_id)
    WHERE p.order_id IN (SELECT order_id FROM (${pendingSql}))
    ORDER BY o.order_purchase_timestamp, p.order_id, p.payment_sequential;
    DELETE FROM lab_state.pending
    WHERE kind = 'payment' AND order_id IN (SELECT order_id FROM (${pendingSql}))`);
  return inserted;
}

/**
 * Completes the held status changes of the pending orders `pendingSql` selects: raw.orders gets
 * their real status, approval, carrier and delivery timestamps. Returns the orders by new status.
 */
export async function releasePendingStatuses(
  conn: Connection,
  pendingSql: string,
): Promise<{ order_status: string; n: number }[]> {
  const byStatus = await conn.query<{ order_status: string; n: number }>(
    `SELECT order_status, count(*)::INTEGER AS n FROM lab_full.orders
     WHERE order_id IN (SELECT order_id FROM (${pendingSql}))
     GROUP BY 1 ORDER BY 2 DESC, 1`,
  );
  await conn.exec(`
    UPDATE raw.orders AS r SET
      order_status = f.order_status,
      order_approved_at = f.order_approved_at,
      order_delivered_carrier_date = f.order_delivered_carrier_date,
      order_delivered_customer_date = f.order_delivered_customer_date
    FROM lab_full.orders AS f
    WHERE r.order_id = f.order_id
      AND r.order_id IN (SELECT order_id FROM (${pendingSql}));
    DELETE FROM lab_state.pending
    WHERE kind = 'status' AND order_id IN (SELECT order_id FROM (${pendingSql}))`);
  return byStatus.rows;
}

async function pendingOrders(conn: Connection, kind: string, state: TimelineState) {
  const result = await conn.query<{ order_id: string; release_day: string }>(
    `${pendingBefore(kind, state)} ORDER BY release_day, order_id`,
  );
  const days = [...new Set(result.rows.map((r) => r.release_day))];
  return { keys: result.rows.map((r) => r.order_id), days };
}

function ageText(days: string[], state: TimelineState): string {
  if (days.length === 0) return '';
  const ages = days.map((d) => daysBetween(d, state.clockDay));
  const lo = Math.min(...ages);
  const hi = Math.max(...ages) + 1;
  return ` placed on ${days.join(', ')} (${lo}–${hi} days old)`;
}

const newOrders: EventDefinition = {
  id: 'new_orders',
  title: 'New orders arrive',
  description:
    "Releases the next day's orders into raw, with their customers, items and payments, and moves " +
    'the lab clock to the end of that day. Some of the new orders have no payment yet, and some ' +
    'still show the early status "invoiced".',
  async unavailableReason(conn, state) {
    const later = await scalar<number>(
      conn,
      `SELECT count(*)::INTEGER FROM lab_full.orders
       WHERE order_purchase_timestamp >= DATE '${state.clockDay}' + INTERVAL 1 DAY`,
    );
    return later > 0 ? undefined : 'Every day of the data is already released.';
  },
  async apply(conn, state) {
    const day = addDays(state.clockDay, 1);
    const counts = await releaseDays(conn, day, day, true);
    await setClockDay(conn, day);
    const clock = `${day} 23:59:59`;
    const keys = counts.keys;
    return {
      clock,
      summary:
        `${plural(counts.orders, 'new order')} for ${day} (${counts.heldPayments} without payment ` +
        `yet, ${counts.heldStatuses} still "invoiced"); clock now ${clock}`,
      changed: [
        change('orders', counts.orders, 0, keys),
        change('customers', counts.customers, 0, keys),
        change('order_items', counts.order_items, 0, keys),
        change('payments', counts.payments, 0, keys),
      ],
    };
  },
};

const latePayments: EventDefinition = {
  id: 'late_payments',
  title: 'Late payments arrive',
  description:
    'Payments that were missing for orders placed before today (1–2 days ago) land in ' +
    'raw.payments. The orders themselves do not change.',
  async unavailableReason(conn, state) {
    const n = await scalar<number>(
      conn,
      `SELECT count(*)::INTEGER FROM (${pendingBefore('payment', state)})`,
    );
    return n > 0
      ? undefined
      : 'No payment is waiting for an order placed before today: release new orders first.';
  },
  async apply(conn, state) {
    const { keys, days } = await pendingOrders(conn, 'payment', state);
    const inserted = await releasePendingPayments(conn, pendingBefore('payment', state));
    return {
      clock: state.clock,
      summary:
        `${plural(inserted, 'payment')} arrived for ${plural(keys.length, 'order')}` +
        `${ageText(days, state)}; clock stays ${state.clock}`,
      changed: [change('payments', inserted, 0, keys)],
    };
  },
};

const statusChanges: EventDefinition = {
  id: 'status_changes',
  title: 'Orders change status',
  description:
    'Orders placed before today (1–2 days ago) that still show "invoiced" move on: raw.orders gets ' +
    'their new status (shipped or delivered) and their carrier and delivery dates.',
  async unavailableReason(conn, state) {
    const n = await scalar<number>(
      conn,
      `SELECT count(*)::INTEGER FROM (${pendingBefore('status', state)})`,
    );
    return n > 0
      ? undefined
      : 'No order placed before today is waiting for a status change: release new orders first.';
  },
  async apply(conn, state) {
    const { keys, days } = await pendingOrders(conn, 'status', state);
    const byStatus = await releasePendingStatuses(conn, pendingBefore('status', state));
    const mix = byStatus.map((r) => `${r.n} ${r.order_status}`).join(', ');
    return {
      clock: state.clock,
      summary: `${plural(keys.length, 'order')}${ageText(days, state)} changed status (${mix})`,
      changed: [change('orders', 0, keys.length, keys)],
    };
  },
};

/**
 * The corrected order: delivered, one card/boleto payment, placed `ageDays` to `ageDays` + 2 days
 * before the clock (10–12 for the timeline's event).
 */
function correctionCandidateSql(state: TimelineState, ageDays = CORRECTION_AGE_DAYS): string {
  const newest = addDays(state.clockDay, -ageDays);
  const oldest = addDays(newest, -2);
  // Narrow to the few days' orders first: counting payments per order over all of raw.payments
  // would cost seconds at SF10.
  return `
    WITH candidates AS (
      SELECT order_id, order_purchase_timestamp::DATE::VARCHAR AS day FROM raw.orders
      WHERE order_purchase_timestamp >= DATE '${oldest}'
        AND order_purchase_timestamp < DATE '${newest}' + INTERVAL 1 DAY
        AND order_status = 'delivered'
        AND order_id NOT IN (SELECT order_id FROM lab_state.pending)
    ), payments AS (
      SELECT *, count(*) OVER (PARTITION BY order_id) AS rows_for_order FROM raw.payments
      WHERE order_id IN (SELECT order_id FROM candidates)
    )
    SELECT c.order_id, p.payment_sequential, p.payment_value::DOUBLE AS payment_value, c.day
    FROM candidates c JOIN payments p USING (order_id)
    WHERE p.rows_for_order = 1 AND p.payment_value >= 20
      AND p.payment_type IN ('credit_card', 'boleto', 'debit_card')
    ORDER BY c.day DESC, hash(c.order_id || ':lab-correction')
    LIMIT 1`;
}

export interface PaymentCorrection {
  orderId: string;
  /** The order's purchase day. */
  day: string;
  /** Days between the purchase day and the clock's day. */
  ageDays: number;
  from: number;
  to: number;
}

/**
 * Corrects the single payment of one delivered order placed `ageDays`–`ageDays + 2` days before
 * the clock to 90% (a partial refund recorded late). Null when no order of that age qualifies.
 */
export async function correctOldPayment(
  conn: Connection,
  state: TimelineState,
  ageDays = CORRECTION_AGE_DAYS,
): Promise<PaymentCorrection | null> {
  const found = await conn.query<{
    order_id: string;
    payment_sequential: number;
    payment_value: number;
    day: string;
  }>(correctionCandidateSql(state, ageDays));
  const target = found.rows[0];
  if (!target) return null;
  const corrected = Math.round(target.payment_value * 90) / 100;
  await conn.exec(`
    UPDATE raw.payments SET payment_value = ${corrected.toFixed(2)}
    WHERE order_id = '${target.order_id}' AND payment_sequential = ${target.payment_sequential}`);
  return {
    orderId: target.order_id,
    day: target.day,
    ageDays: daysBetween(target.day, state.clockDay),
    from: target.payment_value,
    to: corrected,
  };
}

const lateCorrection: EventDefinition = {
  id: 'late_correction',
  title: 'A very late correction',
  description:
    `A payment on an order placed about ${CORRECTION_AGE_DAYS} days ago is corrected (a 10% ` +
    `partial refund). That is older than a ${WINDOW_DAYS}-day lookback window, so an incremental ` +
    'model with that window will not pick it up: the trade-off of a window.',
  async unavailableReason(conn, state) {
    const applied = await scalar<number>(
      conn,
      `SELECT count(*)::INTEGER FROM lab_state.events
       WHERE event_id = 'late_correction' AND clock_day = DATE '${state.clockDay}'`,
    );
    if (applied > 0) return 'Already applied at this clock: release another day first.';
    const found = await conn.query(correctionCandidateSql(state));
    return found.rows.length > 0
      ? undefined
      : `No suitable order about ${CORRECTION_AGE_DAYS} days old to correct.`;
  },
  async apply(conn, state) {
    const corrected = (await correctOldPayment(conn, state))!;
    return {
      clock: state.clock,
      outsideWindow: true,
      summary:
        `Order ${corrected.orderId.slice(0, 8)}… placed on ${corrected.day} (${corrected.ageDays} ` +
        `days before the clock) had its payment corrected from ${corrected.from.toFixed(2)} to ` +
        `${corrected.to.toFixed(2)}: outside a ${WINDOW_DAYS}-day window`,
      changed: [change('payments', 0, 1, [corrected.orderId])],
    };
  },
};

export const EVENTS: Record<TimelineEventId, EventDefinition> = {
  new_orders: newOrders,
  late_payments: latePayments,
  status_changes: statusChanges,
  late_correction: lateCorrection,
};

export const EVENT_ORDER: TimelineEventId[] = [
  'new_orders',
  'late_payments',
  'status_changes',
  'late_correction',
];
