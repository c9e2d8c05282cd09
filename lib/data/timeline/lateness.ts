/**
 * The lateness lab's data setting, on top of the timeline: each day releases the next day's orders
 * as `new_orders` does, holding back a chosen share of their payments and status changes, and each
 * held change arrives after a delay drawn from a distribution (most after a day, a tail up to two
 * weeks) instead of all on the next release. The delay of a held change is a hash of its order id,
 * kind and the setting's seed, so a replay delivers the same changes on the same days. One very old
 * correction (`correctOldPayment`) can be added on any day: the change no window catches.
 *
 * Days run on the lab's own timeline tables (`lab_state.pending` holds the changes not arrived
 * yet); use a database of its own, never the student's.
 */
import type { Connection } from '@/lib/engine/connection';
import { applyLabClock, clockForDay } from '../lab-clock';
import { correctOldPayment, releasePendingPayments, releasePendingStatuses } from './events';
import type { PaymentCorrection } from './events';
import { releaseDays, type HoldShares } from './release';
import { addDays, readTimelineState, setClockDay } from './state';

export interface DelayShare {
  /** Whole days after the order's purchase day that the change arrives (1 = the next day). */
  days: number;
  /** Relative weight of this delay. */
  share: number;
}

export interface LatenessSetting {
  /** Percent of each released day's paid orders whose payment is late, and of its shipped ones whose status is. */
  hold: HoldShares;
  delays: DelayShare[];
  /** Changes which orders get which delay. */
  seed: number;
}

/**
 * Most late changes land the next day, a fifth within the week, a few after ten days or two weeks:
 * a 3-day window catches about four in five, a week nearly all.
 */
export const DEFAULT_LATENESS: LatenessSetting = {
  hold: { payments: 20, statuses: 20 },
  delays: [
    { days: 1, share: 55 },
    { days: 2, share: 15 },
    { days: 3, share: 8 },
    { days: 4, share: 6 },
    { days: 5, share: 5 },
    { days: 7, share: 5 },
    { days: 10, share: 3 },
    { days: 14, share: 3 },
  ],
  seed: 0,
};

function checkDelays(delays: DelayShare[]): void {
  if (delays.length === 0) throw new RangeError('The delay distribution needs at least one delay.');
  for (const d of delays) {
    if (!Number.isInteger(d.days) || d.days < 1 || d.days > 60)
      throw new RangeError(`A delay is a whole number of days from 1 to 60, not ${d.days}.`);
    if (!Number.isFinite(d.share) || d.share < 0)
      throw new RangeError(`A delay's share must be a number of 0 or more, not ${d.share}.`);
  }
  if (delays.every((d) => d.share === 0)) throw new RangeError('Every delay has a share of 0.');
}

/** Draws out of 10,000 in the hash, so shares resolve to 0.01%. */
const RESOLUTION = 10_000;

/**
 * SQL for the delay in days of a held change (`kindSql` is `'payment'` or `'status'`): the order's
 * hash picks a point of the distribution's cumulative shares.
 */
export function delayDaysSql(
  orderIdSql: string,
  kindSql: string,
  setting: LatenessSetting,
): string {
  checkDelays(setting.delays);
  const total = setting.delays.reduce((sum, d) => sum + d.share, 0);
  const draw = `(hash(${orderIdSql} || ':' || ${kindSql} || ':lab-delay:${Math.trunc(setting.seed)}') % ${RESOLUTION})`;
  let cumulative = 0;
  const whens = setting.delays.slice(0, -1).map((d) => {
    cumulative += d.share;
    return `WHEN ${draw} < ${Math.round((cumulative / total) * RESOLUTION)} THEN ${d.days}`;
  });
  return `CASE ${whens.join(' ')} ELSE ${setting.delays.at(-1)!.days} END`;
}

/** The pending changes of `kind` whose delay has passed by `day`. */
function dueSql(kind: 'payment' | 'status', day: string, setting: LatenessSetting): string {
  return `SELECT order_id FROM lab_state.pending
    WHERE kind = '${kind}'
      AND release_day + to_days(${delayDaysSql('order_id', 'kind', setting)}) <= DATE '${day}'`;
}

export interface LateArrival {
  orderId: string;
  kind: 'payment' | 'status';
  /** Purchase day of the order (the day it was released with the change held). */
  releaseDay: string;
  delayDays: number;
}

export interface LateDay {
  day: string;
  clock: string;
  newOrders: number;
  /** Changes released this day whose arrival is held back. */
  held: { payments: number; statuses: number };
  /** Held changes that arrived this day. */
  arrived: LateArrival[];
  correction: PaymentCorrection | null;
}

/**
 * One day of the lateness lab: the next day's orders are released (holding back `setting.hold`),
 * the clock moves to its end, and the held changes whose delay has passed arrive. With
 * `correctionAgeDays`, one payment of an order about that many days old is corrected as well.
 */
export async function releaseLateDay(
  conn: Connection,
  setting: LatenessSetting = DEFAULT_LATENESS,
  options: { correctionAgeDays?: number } = {},
): Promise<LateDay> {
  checkDelays(setting.delays);
  const state = await readTimelineState(conn);
  const day = addDays(state.clockDay, 1);
  await conn.exec('BEGIN TRANSACTION');
  try {
    const counts = await releaseDays(conn, day, day, false, setting.hold);
    await setClockDay(conn, day);
    const due = await conn.query<{
      order_id: string;
      kind: 'payment' | 'status';
      release_day: string;
      delay: number;
    }>(
      `SELECT order_id, kind, release_day::VARCHAR AS release_day,
         ${delayDaysSql('order_id', 'kind', setting)} AS delay
       FROM lab_state.pending
       WHERE order_id IN (${dueSql('payment', day, setting)}) AND kind = 'payment'
          OR order_id IN (${dueSql('status', day, setting)}) AND kind = 'status'
       ORDER BY release_day, kind, order_id`,
    );
    await releasePendingPayments(conn, dueSql('payment', day, setting));
    await releasePendingStatuses(conn, dueSql('status', day, setting));
    const correction =
      options.correctionAgeDays === undefined
        ? null
        : await correctOldPayment(
            conn,
            { ...state, clockDay: day, clock: clockForDay(day) },
            options.correctionAgeDays,
          );
    await conn.exec('COMMIT');
    await applyLabClock(conn, clockForDay(day));
    return {
      day,
      clock: clockForDay(day),
      newOrders: counts.orders,
      held: { payments: counts.heldPayments, statuses: counts.heldStatuses },
      arrived: due.rows.map((r) => ({
        orderId: r.order_id,
        kind: r.kind,
        releaseDay: r.release_day,
        delayDays: Number(r.delay),
      })),
      correction,
    };
  } catch (error) {
    await conn.exec('ROLLBACK');
    throw error;
  }
}
