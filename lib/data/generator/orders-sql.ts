/**
 * SQL for the hidden order table `gen_orders`: one row per order with everything later steps need
 * (status, payment pattern, item count, the customer behind it), keyed by its generation index `i`.
 * Lags follow olist.md: approval minutes for cards and about a day for boleto, carrier ~2 days,
 * delivery ~10 days after purchase, estimate ~23 days; the real data's odd orderings (carrier before
 * approval, even before purchase) are kept on purpose, so an importer or a model cannot assume them away.
 */
import { categorical, hexId, logNormal, normal, sqlText, uniform } from './sql-random';
import { HOUR_WEIGHTS, ITEMS_PER_ORDER, PAYMENT_PATTERNS, STATES, STATUS_WEIGHTS } from './shape';

/** Share of orders placed by someone who ordered before (96,096 people for 99,441 orders). */
const REPEAT_CUSTOMER = 0.0352;

export function ordersSql(seed: number): string {
  const u = (salt: number) => uniform(seed, 'i', salt);
  const pu = (salt: number) => uniform(seed, 'person', salt);
  const patternIds = PAYMENT_PATTERNS.map((p, id) => [id, p.weight] as const);
  // A constant list indexed by the pattern: much cheaper than a 27-branch CASE (notably in WASM).
  const patternField = (pick: (p: (typeof PAYMENT_PATTERNS)[number]) => string) =>
    `([${PAYMENT_PATTERNS.map(pick).join(', ')}])[pay_pattern + 1]`;
  const stateEntries = STATES.map((s, k) => [k, s.share] as const);
  const stateField = (pick: (s: (typeof STATES)[number], k: number) => string) =>
    `(CASE state_k ${STATES.map((s, k) => `WHEN ${k} THEN ${pick(s, k)}`).join(' ')} END)`;
  const stateValue = (pick: (s: (typeof STATES)[number]) => string) =>
    `([${STATES.map(pick).join(', ')}])[state_k + 1]`;

  return `
CREATE OR REPLACE TEMP TABLE gen_orders AS
WITH draws AS MATERIALIZED (
  SELECT day, i,
    ${u(1)} AS u_hour, ${u(2)} AS u_second, ${u(3)} AS u_status, ${u(4)} AS u_pay,
    ${u(5)} AS u_items, ${u(6)} AS u_count, ${u(7)} AS u_fast, ${u(8)} AS u_missing,
    ${u(9)} AS u_odd, ${u(10)} AS u_odd_at, ${u(11)} AS u_carrier,
    ${normal(u(12), u(13))} AS z_approve, ${normal(u(14), u(15))} AS z_carrier,
    ${normal(u(16), u(17))} AS z_deliver, ${normal(u(18), u(19))} AS z_estimate,
    ${u(20)} AS u_repeat, ${u(21)} AS u_repeat_of, ${u(22)} AS u_special, ${u(23)} AS u_sequence
  FROM (
    SELECT day, first_index + k AS i
    FROM (SELECT day, first_index, unnest(range(orders)) AS k FROM gen_days)
  )
), classified AS MATERIALIZED (
  -- Status and payment pattern as plain columns: referenced through a column alias, DuckDB would
  -- copy their CASE expressions into every later use (27 × 27 branches per row for the pattern).
  SELECT *,
    day::TIMESTAMP + to_seconds((${categorical('u_hour', HOUR_WEIGHTS, String)} * 3600
      + floor(u_second * 3600))::BIGINT) AS purchase_ts,
    CASE WHEN day > DATE '2018-08-31'
      THEN (CASE WHEN u_status < 0.94 THEN 'canceled' ELSE 'shipped' END)
      ELSE ${categorical('u_status', STATUS_WEIGHTS, sqlText)} END AS status,
    ${categorical('u_pay', patternIds, String)} AS pay_pattern
  FROM draws
), picked AS MATERIALIZED (
  SELECT i, u_fast, u_missing, u_odd, u_odd_at, u_carrier, z_approve, z_carrier, z_deliver,
    z_estimate, purchase_ts, status,
    CASE status WHEN 'unavailable' THEN u_items < 0.01 WHEN 'canceled' THEN u_items < 0.74
      ELSE true END AS has_items,
    CASE WHEN has_items THEN ${categorical('u_count', ITEMS_PER_ORDER, String)} ELSE 0 END AS n_items,
    CASE
      WHEN u_special < 0.00001 THEN 'none'
      WHEN status = 'canceled' AND NOT has_items AND u_count < 0.02 THEN 'not_defined'
      ELSE ${patternField((p) => sqlText(p.first))} END AS first_pay_type,
    CASE first_pay_type WHEN 'none' THEN 0 WHEN 'not_defined' THEN 1
      ELSE ${patternField((p) => String(p.rows))} END AS n_payments,
    ${patternField((p) => sqlText(p.rest))} AS rest_pay_type,
    CASE WHEN u_sequence < 0.0008 THEN 1 ELSE 0 END AS sequence_offset,
    CASE WHEN u_repeat < ${REPEAT_CUSTOMER} AND i > 0 THEN floor(u_repeat_of * i)::BIGINT ELSE i END
      AS person
  FROM classified
), approved AS MATERIALIZED (
  SELECT i, purchase_ts, status, n_items, first_pay_type, n_payments, rest_pay_type,
    sequence_offset, person, u_missing, u_odd, u_odd_at, u_carrier, z_carrier, z_deliver,
    z_estimate,
    CASE
      WHEN status = 'created' OR (status = 'canceled' AND u_missing < 0.23)
        OR (status = 'delivered' AND u_missing < 0.00015) THEN NULL
      ELSE purchase_ts + to_seconds(floor(3600 * (CASE
        WHEN first_pay_type = 'boleto' THEN ${logNormal(29, 0.65, 'z_approve')}
        WHEN u_fast < 0.75 THEN ${logNormal(0.22, 0.45, 'z_approve')}
        ELSE ${logNormal(14, 0.9, 'z_approve')} END))::BIGINT)
    END AS approved_at
  FROM picked
), shipped AS MATERIALIZED (
  SELECT i, purchase_ts, status, n_items, first_pay_type, n_payments, rest_pay_type,
    sequence_offset, person, approved_at, u_missing, u_carrier, z_deliver,
    CASE
      WHEN NOT (status IN ('delivered', 'shipped') OR (status = 'canceled' AND u_carrier < 0.12))
        THEN NULL
      WHEN u_odd < 0.0017 THEN purchase_ts - to_seconds((3600 + floor(u_odd_at * 172800))::BIGINT)
      WHEN u_odd < 0.03 AND approved_at > purchase_ts + INTERVAL 1 HOUR
        THEN purchase_ts + to_seconds(floor(u_odd_at * (epoch(approved_at) - epoch(purchase_ts)))::BIGINT)
      ELSE coalesce(approved_at, purchase_ts)
        + to_seconds(floor(86400 * ${logNormal(1.6, 0.85, 'z_carrier')})::BIGINT)
    END AS carrier_at,
    date_trunc('day', purchase_ts)
      + to_days(greatest(3, round(24.0 + 8.3 * (0.6 * z_deliver + 0.8 * z_estimate)))::INTEGER)
      AS estimated_at
  FROM approved
)
SELECT i, purchase_ts, status, n_items, first_pay_type, n_payments, rest_pay_type,
  sequence_offset, person, approved_at, carrier_at, estimated_at,
  CASE
    WHEN status = 'delivered' AND u_missing > 0.99992 THEN NULL
    WHEN status = 'delivered' OR (status = 'canceled' AND carrier_at IS NOT NULL AND u_carrier < 0.01)
      THEN greatest(carrier_at, purchase_ts)
        + to_seconds(floor(86400 * ${logNormal(7.2, 0.72, 'z_deliver')})::BIGINT)
  END AS delivered_at,
  ${hexId(seed, 'i', 200)} AS order_id,
  ${hexId(seed, 'i', 202)} AS customer_id,
  ${hexId(seed, 'person', 204)} AS customer_unique_id
FROM shipped;

CREATE OR REPLACE TEMP TABLE gen_customers AS
SELECT i, purchase_ts, customer_id, customer_unique_id,
  lpad((${stateValue((s) => String(s.zip[0]))}
    + floor(${pu(102)} * ${stateValue((s) => String(s.zip[1] - s.zip[0] + 1))}))::BIGINT::VARCHAR, 5, '0')
    AS customer_zip_code_prefix,
  ${stateField((s) => categorical('u_city', s.cities, sqlText))} AS customer_city,
  ${stateValue((s) => sqlText(s.state))} AS customer_state
FROM (
  SELECT i, purchase_ts, customer_id, customer_unique_id, person, ${pu(103)} AS u_city,
    ${categorical('u_state', stateEntries, String)} AS state_k
  FROM (SELECT *, ${pu(101)} AS u_state FROM gen_orders)
);
`;
}
