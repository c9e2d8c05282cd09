/**
 * Where tests find the real Olist CSVs: `../shared/olist` beside the repository, or `OLIST_DIR`.
 * When the folder is missing the real-data tests skip with a visible note, unless `REQUIRE_OLIST=1`
 * (CI sets it), in which case they fail: a missing folder must not turn into a silent pass.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../..');

export const OLIST_DIR = path.resolve(REPO_ROOT, process.env.OLIST_DIR ?? '../shared/olist');

const present = existsSync(path.join(OLIST_DIR, 'olist_orders_dataset.csv.gz'));

if (!present) {
  const note = `Real Olist data not found in ${OLIST_DIR} (set OLIST_DIR to its folder)`;
  if (process.env.REQUIRE_OLIST === '1') throw new Error(`${note}; REQUIRE_OLIST=1 needs it.`);
  console.warn(`${note}: skipping the real-data tests.`);
}

/** True when the real data is there; use as `describe.skipIf(!hasOlistData)`. */
export const hasOlistData = present;

/** Row counts of the real course tables (from the data folder's README). */
export const REAL_ROW_COUNTS = {
  customers: 99_441,
  orders: 99_441,
  order_items: 112_650,
  payments: 103_886,
  products: 32_951,
} as const;
