/**
 * SQL for order items and products. A product's price, seller and size are functions of the product
 * alone, so the same product costs the same in every order. Popularity is skewed (a few products sell
 * hundreds of times, most once or twice), and an order's extra items usually repeat its first product,
 * as in the real data.
 */
import { categorical, hexId, logNormal, normal, sqlText, uniform } from './sql-random';
import { CATEGORIES, PHOTOS_QTY, PRODUCT_NO_CATEGORY } from './shape';

export interface Population {
  products: number;
  sellers: number;
}

/** Product index for an item key: half uniform (every product sells), half a power law (best sellers). */
function productPick(seed: number, key: string, products: number): string {
  return `(CASE WHEN ${uniform(seed, key, 60)} < 0.55
    THEN floor(${products} * ${uniform(seed, key, 61)})
    ELSE floor(${products} * pow(${uniform(seed, key, 61)}, 2.2)) END)::BIGINT`;
}

export function itemsSql(seed: number, population: Population): string {
  const { products, sellers } = population;
  const pu = (salt: number) => uniform(seed, 'product', salt);
  const ku = (salt: number) => uniform(seed, 'item_key', salt);
  return `
CREATE OR REPLACE TEMP TABLE gen_items AS
WITH items AS (
  SELECT i, order_id, purchase_ts, coalesce(approved_at, purchase_ts) AS ready_at, j,
    i * 32 + j AS item_key
  FROM (SELECT *, unnest(range(1, n_items + 1)) AS j FROM gen_orders WHERE n_items > 0)
), picked AS (
  SELECT *,
    CASE WHEN j = 1 OR ${ku(62)} >= 0.7 THEN ${productPick(seed, 'item_key', products)}
      ELSE ${productPick(seed, 'i * 32 + 1', products)} END AS product
  FROM items
), priced AS (
  -- The price as a column, so the expressions that use it do not recompute it.
  SELECT *,
    round(least(6735, greatest(0.85, ${logNormal(75, 0.87, normal(pu(71), pu(72)))})), 2)
      AS price_raw
  FROM picked
)
SELECT i, purchase_ts, j AS order_item_id, order_id,
  ${hexId(seed, 'product', 206)} AS product_id,
  ${hexId(seed, `floor(${sellers} * pow(${pu(70)}, 2))`, 208)} AS seller_id,
  ready_at + to_days(greatest(1, round(${logNormal(6, 0.35, normal(ku(63), ku(64)))}))::INTEGER)
    AS shipping_limit_date,
  price_raw,
  round(least(409.68, ${logNormal(16.3, 0.5, normal(ku(65), ku(66)))}
    * pow(price_raw / 75, 0.3)), 2) AS freight_raw,
  price_raw::DECIMAL(10,2) AS price,
  freight_raw::DECIMAL(10,2) AS freight_value
FROM priced;
`;
}

export function productsSql(seed: number, population: Population, schema: string): string {
  const u = (salt: number) => uniform(seed, 'product', salt);
  const size = (median: number, sigma: number, a: number, b: number, lo: number, hi: number) =>
    `CASE WHEN no_size THEN NULL ELSE least(${hi}, greatest(${lo},
      round(${logNormal(median, sigma, normal(u(a), u(b)))})))::INTEGER END`;
  return `
CREATE OR REPLACE TABLE ${schema}.products AS
WITH p AS MATERIALIZED (
  SELECT range AS product, ${u(80)} AS u_category, ${u(81)} AS u_photos, ${u(82)} < 0.00006 AS no_size
  FROM range(${population.products})
)
SELECT
  ${hexId(seed, 'product', 206)} AS product_id,
  CASE WHEN u_category < ${PRODUCT_NO_CATEGORY} THEN NULL
    ELSE ${categorical(`((u_category - ${PRODUCT_NO_CATEGORY}) / ${1 - PRODUCT_NO_CATEGORY})`, CATEGORIES, sqlText)}
  END AS product_category_name,
  CASE WHEN product_category_name IS NULL THEN NULL
    ELSE least(76, greatest(5, round(48 + 10 * ${normal(u(83), u(84))})))::INTEGER END
    AS product_name_lenght,
  CASE WHEN product_category_name IS NULL THEN NULL
    ELSE least(3992, greatest(4, round(${logNormal(600, 0.7, normal(u(85), u(86)))})))::INTEGER END
    AS product_description_lenght,
  CASE WHEN product_category_name IS NULL THEN NULL
    ELSE ${categorical('u_photos', PHOTOS_QTY, String)}::INTEGER END AS product_photos_qty,
  ${size(700, 1.2, 87, 88, 0, 40425)} AS product_weight_g,
  ${size(25, 0.5, 89, 90, 7, 105)} AS product_length_cm,
  ${size(13, 0.65, 91, 92, 2, 105)} AS product_height_cm,
  ${size(20, 0.45, 93, 94, 6, 118)} AS product_width_cm
FROM p
ORDER BY product;
`;
}
