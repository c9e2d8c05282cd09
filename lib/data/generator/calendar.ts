/**
 * The generator's calendar: how many orders each day gets. It keeps the real data's calendar
 * (2016-09-04 … 2018-10-17) so the same cut-off (2018-08-14) leaves full days to release in both real
 * and generated data. The curve is hand-drawn after the shape in olist.md: a sparse 2016, steady growth
 * through 2017 with a Black Friday spike, a flat 2018 until late August, then a collapse to a handful.
 */

export const FIRST_DAY = '2016-09-04';
export const LAST_DAY = '2018-10-17';

/** Orders per weekday at SF1 level, from olist.md's shape (Monday busiest, Saturday quietest). */
const WEEKDAY_FACTOR = [0.84, 1.14, 1.12, 1.09, 1.04, 0.99, 0.77]; // Sunday first

/** Mid-month anchors of the daily level (orders per day at SF1); linear between anchors. */
const LEVEL_ANCHORS: readonly (readonly [string, number])[] = [
  ['2017-01-05', 14],
  ['2017-01-20', 34],
  ['2017-02-15', 62],
  ['2017-03-15', 88],
  ['2017-04-15', 76],
  ['2017-05-15', 120],
  ['2017-06-15', 103],
  ['2017-07-15', 128],
  ['2017-08-15', 140],
  ['2017-09-15', 143],
  ['2017-10-15', 150],
  ['2017-11-15', 192],
  ['2017-12-15', 178],
  ['2018-01-15', 232],
  ['2018-02-15', 238],
  ['2018-03-15', 232],
  ['2018-04-15', 230],
  ['2018-05-15', 222],
  ['2018-06-15', 207],
  ['2018-07-15', 190],
  ['2018-08-08', 285],
  ['2018-08-22', 245],
];

/** Days outside the smooth curve: the 2016 launch, Black Friday, and the end of the data. */
const SPECIAL_DAYS: Record<string, number> = {
  '2016-09-04': 1,
  '2016-09-05': 1,
  '2016-09-13': 1,
  '2016-09-15': 1,
  '2016-10-02': 1,
  '2016-10-03': 8,
  '2016-10-04': 62,
  '2016-10-05': 35,
  '2016-10-06': 45,
  '2016-10-07': 42,
  '2016-10-08': 40,
  '2016-10-09': 30,
  '2016-10-10': 40,
  '2016-10-11': 8,
  '2016-10-12': 1,
  '2016-12-23': 1,
  '2017-11-24': 4.8 * 192,
  '2017-11-25': 2.3 * 192,
  '2017-11-26': 2 * 192,
  '2017-11-27': 2 * 192,
  '2017-11-28': 1.9 * 192,
  '2018-08-23': 150,
  '2018-08-24': 100,
  '2018-08-25': 70,
  '2018-08-26': 72,
  '2018-08-27': 66,
  '2018-08-28': 44,
  '2018-08-29': 14,
  '2018-08-30': 4,
  '2018-08-31': 1,
  '2018-09-03': 2,
  '2018-09-06': 2,
  '2018-09-10': 1,
  '2018-09-13': 2,
  '2018-09-17': 1,
  '2018-09-20': 2,
  '2018-09-25': 3,
  '2018-09-29': 3,
  '2018-10-01': 1,
  '2018-10-03': 1,
  '2018-10-16': 1,
  '2018-10-17': 1,
};

const DAY_MS = 86_400_000;

function toMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

function toDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function smoothLevel(ms: number): number {
  const first = LEVEL_ANCHORS[0]!;
  const last = LEVEL_ANCHORS[LEVEL_ANCHORS.length - 1]!;
  if (ms < toMs(first[0]) || ms > toMs(last[0])) return 0;
  for (let k = 1; k < LEVEL_ANCHORS.length; k++) {
    const [day, level] = LEVEL_ANCHORS[k]!;
    const [prevDay, prevLevel] = LEVEL_ANCHORS[k - 1]!;
    if (ms <= toMs(day)) {
      const t = (ms - toMs(prevDay)) / (toMs(day) - toMs(prevDay));
      return prevLevel + t * (level - prevLevel);
    }
  }
  return 0;
}

export interface CalendarDay {
  day: string;
  /** Index of the day's first order in generation order. */
  firstIndex: number;
  orders: number;
}

/**
 * Orders per day for `total` orders: cumulative rounding, so the counts add up to exactly `total`
 * and every scale factor keeps the same shape.
 */
export function calendarDays(total: number): CalendarDay[] {
  const weights: { day: string; weight: number }[] = [];
  for (let ms = toMs(FIRST_DAY); ms <= toMs(LAST_DAY); ms += DAY_MS) {
    const day = toDay(ms);
    const special = SPECIAL_DAYS[day];
    const weekday = WEEKDAY_FACTOR[new Date(ms).getUTCDay()]!;
    const weight = special ?? smoothLevel(ms) * weekday;
    if (weight > 0) weights.push({ day, weight });
  }
  const sum = weights.reduce((s, w) => s + w.weight, 0);
  const days: CalendarDay[] = [];
  let cumulative = 0;
  let assigned = 0;
  for (const { day, weight } of weights) {
    cumulative += weight;
    const upTo = Math.round((total * cumulative) / sum);
    if (upTo > assigned) days.push({ day, firstIndex: assigned, orders: upTo - assigned });
    assigned = upTo;
  }
  return days;
}

/** The shape's level at SF1, for tests and documentation. */
export const REAL_SIZE = {
  orders: 99_441,
  products: 32_951,
  sellers: 3_095,
} as const;
