/**
 * The five Olist tables the course uses, with the real Kaggle column names (and their spelling) and
 * the DuckDB types the lab stores them as. Ids and zip prefixes stay text (they have leading zeros and
 * are never computed on); money is DECIMAL(10,2) so sums are exact and match the CSVs' 2 decimals.
 */

export type CourseTable = 'customers' | 'orders' | 'order_items' | 'payments' | 'products';

/** In load order: dimensions first, then orders and their children. */
export const COURSE_TABLES: readonly CourseTable[] = [
  'customers',
  'orders',
  'order_items',
  'payments',
  'products',
];

export type ColumnKind = 'text' | 'timestamp' | 'integer' | 'money';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
}

export const SQL_TYPE: Record<ColumnKind, string> = {
  text: 'VARCHAR',
  timestamp: 'TIMESTAMP',
  integer: 'INTEGER',
  money: 'DECIMAL(10,2)',
};

const text = (name: string): ColumnSpec => ({ name, kind: 'text' });
const ts = (name: string): ColumnSpec => ({ name, kind: 'timestamp' });
const int = (name: string): ColumnSpec => ({ name, kind: 'integer' });
const money = (name: string): ColumnSpec => ({ name, kind: 'money' });

export const TABLE_COLUMNS: Record<CourseTable, readonly ColumnSpec[]> = {
  customers: [
    text('customer_id'),
    text('customer_unique_id'),
    text('customer_zip_code_prefix'),
    text('customer_city'),
    text('customer_state'),
  ],
  orders: [
    text('order_id'),
    text('customer_id'),
    text('order_status'),
    ts('order_purchase_timestamp'),
    ts('order_approved_at'),
    ts('order_delivered_carrier_date'),
    ts('order_delivered_customer_date'),
    ts('order_estimated_delivery_date'),
  ],
  order_items: [
    text('order_id'),
    int('order_item_id'),
    text('product_id'),
    text('seller_id'),
    ts('shipping_limit_date'),
    money('price'),
    money('freight_value'),
  ],
  payments: [
    text('order_id'),
    int('payment_sequential'),
    text('payment_type'),
    int('payment_installments'),
    money('payment_value'),
  ],
  products: [
    text('product_id'),
    text('product_category_name'),
    int('product_name_lenght'),
    int('product_description_lenght'),
    int('product_photos_qty'),
    int('product_weight_g'),
    int('product_length_cm'),
    int('product_height_cm'),
    int('product_width_cm'),
  ],
};

/** Kaggle's file names (without `.csv`/`.csv.gz`). */
export const KAGGLE_NAMES: Record<CourseTable, string> = {
  customers: 'olist_customers_dataset',
  orders: 'olist_orders_dataset',
  order_items: 'olist_order_items_dataset',
  payments: 'olist_order_payments_dataset',
  products: 'olist_products_dataset',
};

export function columnNames(table: CourseTable): string[] {
  return TABLE_COLUMNS[table].map((c) => c.name);
}

/** `CREATE TABLE` column list, e.g. `"order_id" VARCHAR, "order_item_id" INTEGER, …`. */
export function columnDefinitionsSql(table: CourseTable): string {
  return TABLE_COLUMNS[table].map((c) => `${quoteIdent(c.name)} ${SQL_TYPE[c.kind]}`).join(', ');
}

/** Which course table a file name means: Kaggle's name or the course's short name, `.csv[.gz]`. */
export function tableForFileName(fileName: string): CourseTable | undefined {
  const match = /^(.*)\.csv(\.gz)?$/i.exec(fileName);
  if (!match) return undefined;
  const stem = match[1]!.toLowerCase();
  return COURSE_TABLES.find((t) => stem === t || stem === KAGGLE_NAMES[t]);
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function quoteString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
