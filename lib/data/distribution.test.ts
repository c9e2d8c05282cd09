/**
 * Generated SF1 data against the real Olist tables, distribution by distribution. Tolerances are
 * absolute differences in shares (percentage points as fractions) unless said otherwise; they are
 * loose enough for a hand-drawn shape and tight enough to catch a broken one (e.g. two draws that
 * are accidentally correlated moved several shares by 2–5 points).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { hasOlistData, OLIST_DIR } from '@/lib/testing/olist-fixture.node';
import { generateOlist } from './generator/generate';
import { importRawFiles } from './importer';
import { findRawFiles } from './raw-files.node';
import { shapeStats, type ShapeStats } from './shape-stats';

let conn: Connection;
let real: ShapeStats;
let generated: ShapeStats;

function expectShares(
  what: string,
  actual: Record<string, number>,
  expected: Record<string, number>,
  tolerance: number,
  keys = Object.keys(expected),
): void {
  for (const key of keys) {
    const a = actual[key] ?? 0;
    const e = expected[key] ?? 0;
    expect(
      Math.abs(a - e),
      `${what} ${key}: generated ${a.toFixed(4)}, real ${e.toFixed(4)}`,
    ).toBeLessThanOrEqual(tolerance);
  }
}

function expectRatio(what: string, actual: number, expected: number, tolerance: number): void {
  expect(
    Math.abs(actual / expected - 1),
    `${what}: generated ${actual}, real ${expected}`,
  ).toBeLessThanOrEqual(tolerance);
}

describe.skipIf(!hasOlistData)('generated SF1 vs the real Olist data', () => {
  beforeAll(async () => {
    conn = await openNodeConnection();
    await importRawFiles(conn, await findRawFiles(OLIST_DIR), 'real');
    await conn.exec('CREATE SCHEMA gen');
    await generateOlist(conn, { scale: 1, seed: 42 }, 'gen');
    real = await shapeStats(conn, 'real');
    generated = await shapeStats(conn, 'gen');
  });
  afterAll(() => conn?.close());

  it('has the same number of orders', () => {
    expect(generated.orders).toBe(real.orders);
  });

  it('matches the status mix (±0.3 points each)', () => {
    expectShares('status', generated.status, real.status, 0.003);
  });

  it('matches payment types, installments and payments per order', () => {
    expectShares('payment type', generated.paymentType, real.paymentType, 0.006);
    expectShares('installments', generated.installments, real.installments, 0.006);
    expectShares('payments per order', generated.paymentsPerOrder, real.paymentsPerOrder, 0.003);
    expectRatio('median payment value', generated.paymentValueMedian, real.paymentValueMedian, 0.1);
    expect(Math.abs(generated.paymentsMatchItems - real.paymentsMatchItems)).toBeLessThan(0.003);
  });

  it('matches items per order, orders without items and prices', () => {
    expectShares('items per order', generated.itemsPerOrder, real.itemsPerOrder, 0.004);
    expect(Math.abs(generated.ordersWithoutItems - real.ordersWithoutItems)).toBeLessThan(0.002);
    expectRatio('median item price', generated.itemPriceMedian, real.itemPriceMedian, 0.1);
    expectRatio('median freight', generated.freightMedian, real.freightMedian, 0.1);
  });

  it('matches the lag medians (±15%) and the late-delivery share (±2 points)', () => {
    const g = generated.lagMedian;
    const r = real.lagMedian;
    expectRatio('approval hours', g.approvalHours, r.approvalHours, 0.15);
    expectRatio('days to carrier', g.carrierDays, r.carrierDays, 0.15);
    expectRatio('days to delivery', g.deliveredDays, r.deliveredDays, 0.15);
    expectRatio('days to estimate', g.estimatedDays, r.estimatedDays, 0.15);
    expect(Math.abs(generated.lateShare - real.lateShare)).toBeLessThan(0.02);
  });

  it('matches the missing dates (±0.3 points)', () => {
    expectShares('missing', generated.missing, real.missing, 0.003);
  });

  it('has the same growth over time: yearly ±1 point, monthly ±0.6 points', () => {
    expectShares('year', generated.yearly, real.yearly, 0.01);
    expectShares('month', generated.monthly, real.monthly, 0.006);
    const peak = (m: Record<string, number>) =>
      Object.entries(m).sort((a, b) => b[1] - a[1])[0]![0];
    expect(peak(generated.monthly)).toBe(peak(real.monthly));
  });

  it('matches customers: repeat buyers and the main states (±1 point)', () => {
    expect(Math.abs(generated.peoplePerOrder - real.peoplePerOrder)).toBeLessThan(0.005);
    expectShares('state', generated.state, real.state, 0.01, [
      'SP',
      'RJ',
      'MG',
      'RS',
      'PR',
      'SC',
      'BA',
    ]);
  });
});
