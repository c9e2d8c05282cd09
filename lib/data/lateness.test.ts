/**
 * The lateness lab's data setting: held changes arrive exactly after their drawn delay, the delays
 * follow the distribution, a replay is the same, and the very old correction is as old as asked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { loadLabData } from './load';
import {
  DEFAULT_LATENESS,
  delayDaysSql,
  releaseLateDay,
  type LateDay,
  type LatenessSetting,
} from './timeline/lateness';
import { addDays } from './timeline/state';

const DATA = { kind: 'generated', scale: 0.05, seed: 42 } as const;
const CUTOFF = '2018-08-09';

async function replay(setting: LatenessSetting, days: number): Promise<LateDay[]> {
  const conn = await openNodeConnection();
  try {
    await loadLabData(conn, DATA, { cutoff: CUTOFF });
    const out: LateDay[] = [];
    for (let d = 1; d <= days; d++)
      out.push(await releaseLateDay(conn, setting, d === days ? { correctionAgeDays: 15 } : {}));
    return out;
  } finally {
    await conn.close();
  }
}

describe('releaseLateDay', () => {
  let days: LateDay[];
  beforeAll(async () => {
    days = await replay(DEFAULT_LATENESS, 14);
  });

  it('moves the clock a day at a time and releases each day’s orders', () => {
    expect(days.map((d) => d.day)).toEqual(
      Array.from({ length: 14 }, (_, i) => addDays(CUTOFF, i + 1)),
    );
    expect(days.at(-1)!.clock).toBe('2018-08-23 23:59:59');
    for (const day of days) expect(day.newOrders).toBeGreaterThan(0);
  });

  it('each held change arrives exactly its delay after its order’s day, never earlier', () => {
    const arrived = days.flatMap((d) => d.arrived.map((a) => ({ ...a, day: d.day })));
    expect(arrived.length).toBeGreaterThan(50);
    for (const a of arrived) {
      expect(addDays(a.releaseDay, a.delayDays)).toBe(a.day);
      expect(DEFAULT_LATENESS.delays.map((d) => d.days)).toContain(a.delayDays);
    }
    // both kinds, and a tail: some arrive after a week
    expect(new Set(arrived.map((a) => a.kind))).toEqual(new Set(['payment', 'status']));
    expect(arrived.some((a) => a.delayDays >= 7)).toBe(true);
  });

  it('holds back the setting’s share of each day’s orders', () => {
    const held = days.reduce((s, d) => s + d.held.payments + d.held.statuses, 0);
    const orders = days.reduce((s, d) => s + d.newOrders, 0);
    // 20% of paid orders and 20% of shipped ones, a bit under 40% of all orders, plus the one of
    // each that every day holds (a day is a dozen orders at this scale)
    expect(held / orders).toBeGreaterThan(0.3);
    expect(held / orders).toBeLessThan(0.6);
  });

  it('corrects one payment of an order at least the asked age on the last day', () => {
    const correction = days.at(-1)!.correction!;
    expect(correction.ageDays).toBeGreaterThanOrEqual(15);
    expect(correction.ageDays).toBeLessThanOrEqual(17);
    expect(correction.to).toBeCloseTo(correction.from * 0.9, 1);
    expect(days.slice(0, -1).every((d) => d.correction === null)).toBe(true);
  });

  it('a replay delivers the same changes on the same days', async () => {
    const again = await replay(DEFAULT_LATENESS, 14);
    expect(again).toEqual(days);
  });
});

describe('delayDaysSql', () => {
  let conn: Connection;
  beforeAll(async () => {
    conn = await openNodeConnection();
  });
  afterAll(() => conn.close());

  it('draws delays in the distribution’s shares', async () => {
    const setting: LatenessSetting = {
      ...DEFAULT_LATENESS,
      delays: [
        { days: 1, share: 70 },
        { days: 3, share: 20 },
        { days: 14, share: 10 },
      ],
    };
    const result = await conn.query<{ delay: number; share: number }>(`
      select ${delayDaysSql("'order-' || i", "'payment'", setting)} as delay,
        count(*) / 20000 as share
      from range(20000) t(i) group by 1 order by 1`);
    const shares = Object.fromEntries(result.rows.map((r) => [r.delay, r.share]));
    expect(Object.keys(shares)).toEqual(['1', '3', '14']);
    expect(shares[1]).toBeCloseTo(0.7, 1);
    expect(shares[3]).toBeCloseTo(0.2, 1);
    expect(shares[14]).toBeCloseTo(0.1, 1);
  });

  it('rejects a distribution it cannot draw from', () => {
    expect(() => delayDaysSql('x', 'y', { ...DEFAULT_LATENESS, delays: [] })).toThrow(RangeError);
    expect(() =>
      delayDaysSql('x', 'y', { ...DEFAULT_LATENESS, delays: [{ days: 0, share: 1 }] }),
    ).toThrow(/1 to 60/);
  });
});
