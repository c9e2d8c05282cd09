/**
 * The whole lab as a student does it: type the incremental config and filter into fct_orders, build,
 * rerun (nothing changes), release new orders and a late payment, run, check the counts in the SQL
 * console, grade (every check passes), then reload: the file, the history and the tables are back.
 * Along the way each console tab is photographed in light and dark mode.
 */
import type { Page } from '@playwright/test';
import { CHECK_IDS } from '../lib/grader/types';
import { expect, test } from './fixtures';
import { modelText, waitForEditor } from './monaco';

const MODEL = 'models/marts/fct_orders.sql';
const TABS = [
  'Terminal',
  'Compiled SQL',
  'Results',
  'SQL console',
  'Lineage',
  'Run chart',
  'Grade',
];

/**
 * Types a line key by key, as a student does: Monaco closes brackets and quotes and types over
 * them, and what ends up in the file must be exactly the line.
 */
async function typeLine(page: Page, text: string) {
  await page.keyboard.type(text, { delay: 15 });
  await page.keyboard.press('Escape'); // close the suggestion list, if any
}

async function terminal(page: Page, command: string) {
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const input = page.getByLabel('dbt command');
  await input.fill(command);
  await input.press('Enter');
}

/** Runs SQL in the console tab; returns the first row's cells. `tag` makes each result unique. */
async function consoleRow(page: Page, tag: string, sql: string): Promise<string[]> {
  await page.getByRole('tab', { name: 'SQL console' }).click();
  await page.getByLabel('SQL to run').fill(`select '${tag}' as tag, ${sql}`);
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const grid = page.locator('#panel-console').getByTestId('result-table');
  await expect(grid.getByRole('gridcell', { name: tag, exact: true })).toBeVisible({
    timeout: 120_000,
  });
  const cells = await grid.getByRole('row').nth(1).getByRole('gridcell').allTextContents();
  return cells.slice(1);
}

async function photographTabs(page: Page, stage: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const name of TABS) {
      await page.getByRole('tab', { name }).click();
      await page.waitForTimeout(300); // let the chart and lineage lay out
      const file = `${stage}-${name.toLowerCase().replace(/ /g, '-')}-${scheme}.png`;
      await page.screenshot({ path: `test-results/screenshots/tabs/${file}` });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('the whole lab, as a student does it', async ({ page }) => {
  test.setTimeout(420_000);
  await page.goto('/lab');
  await waitForEditor(page, MODEL);

  // 1. Make fct_orders incremental by typing.
  const starter = (await modelText(page, MODEL))!;
  await page.locator('[data-testid="editor"] .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  await typeLine(page, "{{ config(materialized='incremental', unique_key='order_id') }}");
  await page.keyboard.press('Enter');
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await typeLine(page, '{% if is_incremental() %}');
  await page.keyboard.press('Enter');
  await typeLine(page, 'where order_purchase_ts >= current_timestamp - interval 3 day');
  await page.keyboard.press('Enter');
  await typeLine(page, '{% endif %}');
  // Exactly what was typed: no stray closer from the editor's auto-closing.
  const typed = (await modelText(page, MODEL))!;
  expect(typed).toBe(
    "{{ config(materialized='incremental', unique_key='order_id') }}\n" +
      starter +
      '\n{% if is_incremental() %}\nwhere order_purchase_ts >= current_timestamp - interval 3 day\n{% endif %}',
  );
  await page.keyboard.press('ControlOrMeta+s');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

  // 2. Build it with its parents, then run it again: the table does not change.
  const log = page.getByTestId('terminal-log');
  await terminal(page, 'dbt run -s +fct_orders');
  await expect(log).toContainText('OK created sql incremental model main.fct_orders', {
    timeout: 120_000,
  });
  const fingerprint = 'count(*) as n, count(distinct order_id) as k, sum(payment_total_value) as v';
  const first = await consoleRow(page, 'first', `${fingerprint} from fct_orders`);
  expect(Number(first[0])).toBeGreaterThan(90_000);
  expect(first[1]).toBe(first[0]); // one row per order
  await terminal(page, 'dbt run -s fct_orders');
  await expect(log.getByText(/OK created sql incremental model main\.fct_orders/)).toHaveCount(2, {
    timeout: 60_000,
  });
  expect(await consoleRow(page, 'rerun', `${fingerprint} from fct_orders`)).toEqual(first);

  // 3. New orders arrive, then a late payment; run; the counts follow.
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.getByRole('button', { name: 'New orders arrive' }).click();
  await expect(page.getByTestId('lab-clock')).toContainText('2018-08-15');
  const released = /raw\.orders: (\d+) inserted/.exec((await log.textContent()) ?? '');
  expect(released).not.toBeNull();
  await page.getByRole('button', { name: /late payment/i }).click();
  await expect(log).toContainText(/payments? arrived for/);
  await terminal(page, 'dbt run -s fct_orders');
  await expect(log.getByText(/OK created sql incremental model main\.fct_orders/)).toHaveCount(3, {
    timeout: 60_000,
  });
  const after = await consoleRow(page, 'after', `${fingerprint} from fct_orders`);
  expect(Number(after[0])).toBe(Number(first[0]) + Number(released![1]));
  expect(after[1]).toBe(after[0]);
  // No order is missing a payment that has arrived: the late one landed on the next run.
  const missing = await consoleRow(
    page,
    'late',
    `count(*) as n from fct_orders f join (select order_id, sum(payment_value) as paid
       from raw.payments group by 1) p using (order_id)
     where abs(f.payment_total_value - p.paid) > 0.001`,
  );
  expect(missing).toEqual(['0']);

  // 4. Grade: every check passes on the typed model.
  await page.getByRole('tab', { name: 'Grade' }).click();
  await page.getByRole('button', { name: 'Grade', exact: true }).click();
  const report = page.getByTestId('grade-report');
  await expect(report).toHaveAttribute('data-passed', 'true', { timeout: 180_000 });
  for (const id of CHECK_IDS)
    await expect(page.getByTestId(`check-${id}`)).toHaveAttribute('data-status', 'pass');

  // Fill the Results and Compiled SQL tabs, then photograph every tab in both themes.
  await terminal(page, 'dbt show -s fct_orders --limit 50');
  await expect(page.getByRole('tab', { name: 'Results' })).toHaveAttribute(
    'aria-selected',
    'true',
    { timeout: 60_000 },
  );
  const results = page.locator('#panel-results').getByTestId('result-table');
  await expect(results).toHaveAttribute('aria-rowcount', '51', {
    timeout: 60_000,
  });
  await page.getByRole('tab', { name: 'Compiled SQL' }).click();
  await page.getByRole('button', { name: 'Compile fct_orders' }).click();
  await expect(page.getByRole('tabpanel', { name: 'Compiled SQL' })).toContainText(
    'interval 3 day',
  );
  await photographTabs(page, 'lab');

  // Column completion knows the tables in the database, with their types.
  await page.locator('[data-testid="editor"] .view-lines').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('order_purch');
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('[data-testid="editor"] .suggest-widget');
  await expect(suggest).toContainText('order_purchase_timestamp');
  await expect(suggest).toContainText('TIMESTAMP · raw.orders'); // the type: from the database
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Backspace'); // the typed word
  await page.keyboard.press('Backspace'); // and its line
  await expect.poll(() => modelText(page, MODEL)).toBe(typed);

  // 5. Reload: the file and the command history are there, and the tables come back by themselves.
  await page.reload();
  await waitForEditor(page, MODEL);
  expect(await modelText(page, MODEL)).toBe(typed);
  // The lab rebuilds on opening, and says what it replays.
  await expect(log).toContainText('replaying 2 data steps, 3 dbt commands', { timeout: 120_000 });
  await expect(log).toContainText('Rebuilt in', { timeout: 120_000 });
  await expect(page.getByTestId('lab-clock')).toContainText('2018-08-15');
  expect(await consoleRow(page, 'reloaded', `${fingerprint} from fct_orders`)).toEqual(after);
  const input = page.getByLabel('dbt command');
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await input.press('ArrowUp');
  await expect(input).toHaveValue('dbt show -s fct_orders --limit 50');
});
