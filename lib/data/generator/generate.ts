/**
 * Generates Olist-shaped data with DuckDB SQL only, so the browser can build it without downloading
 * anything: `generateOlist(conn, { scale, seed }, 'lab_full')`. SF1 is about the real size (99,441
 * orders), SF10 ten times it. Same seed and scale ⇒ the same tables; rows are written in purchase order.
 */
import type { Connection } from '@/lib/engine/connection';
import {
  COURSE_TABLES,
  type CourseTable,
  TABLE_COLUMNS,
  SQL_TYPE,
  quoteIdent,
} from '../course-tables';
import { calendarDays, REAL_SIZE } from './calendar';
import { itemsSql, productsSql } from './items-sql';
import { ordersSql } from './orders-sql';
import { paymentsSql } from './payments-sql';

export interface GenerateOptions {
  /** 1 ≈ the real data's size; any positive number up to 100. */
  scale: number;
  /** Any whole number from 0 to 2^31 − 1. */
  seed: number;
}

export const MAX_SCALE = 100;

export function validateGenerateOptions({ scale, seed }: GenerateOptions): void {
  if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) {
    throw new RangeError(`The scale factor must be a number above 0 and at most ${MAX_SCALE}.`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) {
    throw new RangeError('The seed must be a whole number from 0 to 2147483647.');
  }
}

/** The hidden generation tables hold `i` (generation index) and `purchase_ts` for ordering. */
const SOURCES: Record<Exclude<CourseTable, 'products'>, { from: string; order: string }> = {
  customers: { from: 'gen_customers', order: 'purchase_ts, i' },
  orders: { from: 'gen_orders', order: 'purchase_ts, i' },
  order_items: { from: 'gen_items', order: 'purchase_ts, i, order_item_id' },
  payments: { from: 'gen_payments', order: 'purchase_ts, i, payment_sequential' },
};

/** Hidden column that holds each course column's value, where the names differ. */
const SOURCE_COLUMN: Record<string, string> = {
  order_status: 'status',
  order_purchase_timestamp: 'purchase_ts',
  order_approved_at: 'approved_at',
  order_delivered_carrier_date: 'carrier_at',
  order_delivered_customer_date: 'delivered_at',
  order_estimated_delivery_date: 'estimated_at',
};

function finalTableSql(table: Exclude<CourseTable, 'products'>, schema: string): string {
  const columns = TABLE_COLUMNS[table].map((c) => {
    const source = SOURCE_COLUMN[c.name] ?? c.name;
    return `CAST(${source} AS ${SQL_TYPE[c.kind]}) AS ${quoteIdent(c.name)}`;
  });
  const { from, order } = SOURCES[table];
  return `CREATE OR REPLACE TABLE ${schema}.${table} AS SELECT ${columns.join(', ')} FROM ${from} ORDER BY ${order}`;
}

export function populationFor(scale: number) {
  return {
    orders: Math.max(1, Math.round(REAL_SIZE.orders * scale)),
    products: Math.max(1, Math.round(REAL_SIZE.products * scale)),
    sellers: Math.max(1, Math.round(REAL_SIZE.sellers * scale)),
  };
}

/** Builds the five course tables in `schema` (which must exist), replacing what is there. */
export async function generateOlist(
  conn: Connection,
  options: GenerateOptions,
  schema: string,
): Promise<Record<CourseTable, number>> {
  validateGenerateOptions(options);
  const { seed } = options;
  const population = populationFor(options.scale);
  const days = calendarDays(population.orders)
    .map((d) => `(DATE '${d.day}', ${d.firstIndex}::BIGINT, ${d.orders}::BIGINT)`)
    .join(', ');
  await conn.exec(
    `CREATE OR REPLACE TEMP TABLE gen_days AS
       SELECT * FROM (VALUES ${days}) AS t(day, first_index, orders)`,
  );
  try {
    await conn.exec(ordersSql(seed));
    await conn.exec(itemsSql(seed, population));
    await conn.exec(paymentsSql(seed));
    await conn.exec('BEGIN TRANSACTION');
    try {
      for (const table of ['customers', 'orders', 'order_items', 'payments'] as const) {
        await conn.exec(finalTableSql(table, schema));
      }
      await conn.exec(productsSql(seed, population, schema));
      await conn.exec('COMMIT');
    } catch (error) {
      await conn.exec('ROLLBACK');
      throw error;
    }
  } finally {
    await conn.exec(
      ['gen_days', 'gen_orders', 'gen_customers', 'gen_items', 'gen_payments']
        .map((t) => `DROP TABLE IF EXISTS temp.${t}`)
        .join('; '),
    );
  }
  const counts = await conn.query<{ t: string; n: number }>(
    COURSE_TABLES.map((t) => `SELECT '${t}' AS t, count(*)::INTEGER AS n FROM ${schema}.${t}`).join(
      ' UNION ALL ',
    ),
  );
  return Object.fromEntries(counts.rows.map((r) => [r.t, r.n])) as Record<CourseTable, number>;
}
