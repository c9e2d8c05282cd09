/**
 * SQL for payments. An order's payments add up to its items plus freight (olist.md: true for 98,362 of
 * 98,665 orders; the generator keeps a similar 0.3% that differ). A multi-payment order splits its
 * total at cumulative boundaries computed per row, so no window function is needed: a card takes most
 * of it and vouchers share the rest, or the parts are about equal.
 */
import { categorical, logNormal, normal, uniform } from './sql-random';
import { CARD_INSTALLMENTS } from './shape';

export function paymentsSql(seed: number): string {
  const u = (salt: number) => uniform(seed, 'i', salt);
  const boundary = (k: string) =>
    `round(total * (CASE
      WHEN ${k} <= 0 THEN 0
      WHEN ${k} >= n_payments THEN 1
      WHEN first_pay_type = 'credit_card' AND rest_pay_type = 'voucher'
        THEN (1 - voucher_share) + voucher_share * (${k} - 1) / (n_payments - 1)
      ELSE (${k} + 0.3 * (${uniform(seed, `i * 64 + ${k}`, 40)} - 0.5)) / n_payments
    END), 2)`;
  return `
CREATE OR REPLACE TEMP TABLE gen_payments AS
WITH totals AS (
  SELECT o.i, o.order_id, o.purchase_ts, o.first_pay_type, o.rest_pay_type, o.n_payments,
    o.sequence_offset,
    CASE
      WHEN o.first_pay_type = 'not_defined' THEN 0
      WHEN o.n_items > 0 THEN it.items_total
      ELSE round(${logNormal(100, 0.8, normal(u(30), u(31)))}, 2)
    END::DECIMAL(12,2) AS base_total,
    CASE WHEN ${u(32)} < 0.003 THEN round(base_total * (1.02 + 0.1 * ${u(33)}), 2)
      ELSE base_total END::DECIMAL(12,2) AS total,
    0.08 + 0.62 * ${u(34)} AS voucher_share
  FROM gen_orders o
  LEFT JOIN (SELECT i, sum(price + freight_value) AS items_total FROM gen_items GROUP BY i) it
    USING (i)
  WHERE o.n_payments > 0
), rows AS (
  SELECT *, unnest(range(1, n_payments + 1)) AS k FROM totals
)
SELECT i, purchase_ts, order_id,
  k + sequence_offset AS payment_sequential,
  CASE WHEN k = 1 THEN first_pay_type ELSE rest_pay_type END AS payment_type,
  CASE WHEN payment_type = 'credit_card'
    THEN ${categorical('u_installments', CARD_INSTALLMENTS, String)} ELSE 1 END
    AS payment_installments,
  (${boundary('k')} - ${boundary('k - 1')})::DECIMAL(10,2) AS payment_value
FROM (SELECT *, ${uniform(seed, 'i * 64 + k', 41)} AS u_installments FROM rows);
`;
}
