/**
 * The shape of an Olist dataset in numbers: status mix, payment types, installments, rows per order,
 * lags, monthly volume, missing dates. The same queries run on the real tables and on generated ones,
 * so a test can compare the two within stated tolerances.
 */
import type { Connection } from '@/lib/engine/connection';

export interface ShapeStats {
  orders: number;
  /** Share of orders per status. */
  status: Record<string, number>;
  /** Share of payment rows per type. */
  paymentType: Record<string, number>;
  /** Share of credit-card payment rows per number of installments. */
  installments: Record<string, number>;
  /** Share of orders (with a payment) by payment rows: '1', '2', '3', '4+'. */
  paymentsPerOrder: Record<string, number>;
  /** Share of orders (with items) by item rows: '1', '2', '3', '4+'. */
  itemsPerOrder: Record<string, number>;
  ordersWithoutItems: number;
  /** Medians over delivered orders: hours to approval, days to carrier / customer / estimate. */
  lagMedian: {
    approvalHours: number;
    carrierDays: number;
    deliveredDays: number;
    estimatedDays: number;
  };
  /** Share of delivered orders that arrived after the estimated date. */
  lateShare: number;
  /** Share of orders with no approval / carrier / customer-delivery timestamp. */
  missing: { approved: number; carrier: number; delivered: number };
  /** Share of orders per purchase month 'YYYY-MM'. */
  monthly: Record<string, number>;
  /** Share of orders per purchase year. */
  yearly: Record<string, number>;
  paymentValueMedian: number;
  itemPriceMedian: number;
  freightMedian: number;
  /** Share of orders whose payments equal items + freight (orders with both). */
  paymentsMatchItems: number;
  /** Distinct customer_unique_id per order. */
  peoplePerOrder: number;
  /** Share of customers per state. */
  state: Record<string, number>;
}

type Shares = { k: string; share: number };

async function shares(conn: Connection, sql: string): Promise<Record<string, number>> {
  const result = await conn.query<Shares>(
    `SELECT k::VARCHAR AS k, count(*) / sum(count(*)) OVER () AS share FROM (${sql}) GROUP BY k`,
  );
  return Object.fromEntries(result.rows.map((r) => [r.k, r.share]));
}

async function one<T>(conn: Connection, sql: string): Promise<T> {
  const result = await conn.query(sql);
  return result.rows[0] as T;
}

export async function shapeStats(conn: Connection, schema: string): Promise<ShapeStats> {
  const o = `${schema}.orders`;
  const p = `${schema}.payments`;
  const i = `${schema}.order_items`;
  const hours = (a: string, b: string) => `(epoch(${a}) - epoch(${b})) / 3600.0`;
  const lags = await one<ShapeStats['lagMedian'] & { lateShare: number }>(
    conn,
    `SELECT median(${hours('order_approved_at', 'order_purchase_timestamp')}) AS "approvalHours",
       median(${hours('order_delivered_carrier_date', 'order_purchase_timestamp')}) / 24 AS "carrierDays",
       median(${hours('order_delivered_customer_date', 'order_purchase_timestamp')}) / 24 AS "deliveredDays",
       median(${hours('order_estimated_delivery_date', 'order_purchase_timestamp')}) / 24 AS "estimatedDays",
       avg((order_delivered_customer_date > order_estimated_delivery_date)::INTEGER) AS "lateShare"
     FROM ${o} WHERE order_status = 'delivered'`,
  );
  const counts = await one<{
    orders: number;
    approved: number;
    carrier: number;
    delivered: number;
    people: number;
  }>(
    conn,
    `SELECT count(*)::INTEGER AS orders,
       avg((order_approved_at IS NULL)::INTEGER) AS approved,
       avg((order_delivered_carrier_date IS NULL)::INTEGER) AS carrier,
       avg((order_delivered_customer_date IS NULL)::INTEGER) AS delivered,
       (SELECT count(DISTINCT customer_unique_id) FROM ${schema}.customers) / count(*) AS people
     FROM ${o}`,
  );
  const money = await one<{ pay: number; price: number; freight: number; match: number }>(
    conn,
    `SELECT (SELECT median(payment_value)::DOUBLE FROM ${p}) AS pay,
       (SELECT median(price)::DOUBLE FROM ${i}) AS price,
       (SELECT median(freight_value)::DOUBLE FROM ${i}) AS freight,
       (SELECT avg((abs(pp.v - ii.v) < 0.011)::INTEGER) FROM
         (SELECT order_id, sum(payment_value) AS v FROM ${p} GROUP BY 1) pp JOIN
         (SELECT order_id, sum(price + freight_value) AS v FROM ${i} GROUP BY 1) ii USING (order_id))
         AS match`,
  );
  const withItems = await one<{ share: number }>(
    conn,
    `SELECT avg((order_id NOT IN (SELECT order_id FROM ${i}))::INTEGER) AS share FROM ${o}`,
  );
  const bucket = (n: string) => `CASE WHEN ${n} >= 4 THEN '4+' ELSE ${n}::VARCHAR END`;
  return {
    orders: counts.orders,
    status: await shares(conn, `SELECT order_status AS k FROM ${o}`),
    paymentType: await shares(conn, `SELECT payment_type AS k FROM ${p}`),
    installments: await shares(
      conn,
      `SELECT payment_installments AS k FROM ${p} WHERE payment_type = 'credit_card'`,
    ),
    paymentsPerOrder: await shares(
      conn,
      `SELECT ${bucket('count(*)')} AS k FROM ${p} GROUP BY order_id`,
    ),
    itemsPerOrder: await shares(
      conn,
      `SELECT ${bucket('count(*)')} AS k FROM ${i} GROUP BY order_id`,
    ),
    ordersWithoutItems: withItems.share,
    lagMedian: {
      approvalHours: lags.approvalHours,
      carrierDays: lags.carrierDays,
      deliveredDays: lags.deliveredDays,
      estimatedDays: lags.estimatedDays,
    },
    lateShare: lags.lateShare,
    missing: { approved: counts.approved, carrier: counts.carrier, delivered: counts.delivered },
    monthly: await shares(
      conn,
      `SELECT strftime(order_purchase_timestamp, '%Y-%m') AS k FROM ${o}`,
    ),
    yearly: await shares(conn, `SELECT year(order_purchase_timestamp) AS k FROM ${o}`),
    paymentValueMedian: money.pay,
    itemPriceMedian: money.price,
    freightMedian: money.freight,
    paymentsMatchItems: money.match,
    peoplePerOrder: counts.people,
    state: await shares(conn, `SELECT customer_state AS k FROM ${schema}.customers`),
  };
}
