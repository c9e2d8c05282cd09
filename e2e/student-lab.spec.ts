/**
 * The whole lab as a student does it, on a fresh profile: the lab opens on Day 10's state and the
 * first command is `dbt run -s fct_orders`; type the incremental config and filter, run against
 * Day 10's table, prove the rerun changes nothing by comparing contents, move an order and look it
 * up before and after, release new orders and late payments and look those up, change a column's
 * logic (warned, mixed, rebuilt, then quiet), grade, fix a debugging exercise, then reload: the
 * file, the history and the tables are back. Each console tab is photographed in light and dark.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { consoleExec, consoleRow, gradeAllPass, terminal } from './lab';
import { modelText, setModelText, waitForEditor } from './monaco';

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
  test.setTimeout(540_000);
  await page.goto('/lab');
  await waitForEditor(page, MODEL);
  const log = page.getByTestId('terminal-log');

  // 0. Day 10's state is built on opening, and the lab's first command works.
  await expect(log).toContainText(/Day 10's project is built: .*fct_orders has [\d,]+ rows/, {
    timeout: 120_000,
  });
  await terminal(page, 'dbt run -s fct_orders');
  await expect(log).toContainText(/OK created sql table model main\.fct_orders .*\[SELECT \d+/, {
    timeout: 60_000,
  });
  await expect(log).not.toContainText('does not exist');
  await page.screenshot({ path: 'test-results/screenshots/lab-day10-first-command.png' });

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

  // 2. The first run meets Day 10's table: incremental, nothing inserted, no logic warning.
  const incrementalOk = /OK created sql incremental model main\.fct_orders/;
  await terminal(page, 'dbt run -s fct_orders');
  await expect(log.getByText(incrementalOk)).toHaveCount(1, { timeout: 60_000 });
  await expect(log).toContainText(/\[INSERT 0, UPDATE \d+ in/);
  await expect(log).not.toContainText('Logic change');
  const fingerprint = 'count(*) as n, count(distinct order_id) as k, sum(payment_total_value) as v';
  const first = await consoleRow(page, 'first', `${fingerprint} from fct_orders`);
  expect(Number(first[0])).toBeGreaterThan(90_000);
  expect(first[1]).toBe(first[0]); // one row per order

  // 3. The rerun changes nothing: a saved copy and the two-way comparison, then dbt test.
  const compare = `count(*) as differences from (
      select * from (select * from fct_orders_before except all select * from fct_orders)
      union all
      select * from (select * from fct_orders except all select * from fct_orders_before))`;
  await consoleExec(
    page,
    'create or replace temp table fct_orders_before as select * from fct_orders',
  );
  await terminal(page, 'dbt run -s fct_orders');
  await expect(log.getByText(incrementalOk)).toHaveCount(2, { timeout: 60_000 });
  expect(await consoleRow(page, 'rerun', compare)).toEqual(['0']);
  await terminal(page, 'dbt test -s fct_orders');
  await expect(log).toContainText(/PASS unique_fct_orders_order_id/, { timeout: 60_000 });

  // 4. Move an old order to now; look it up before and after its run.
  const [id] = await consoleRow(
    page,
    'pick',
    `order_id from raw.orders where order_purchase_timestamp < current_timestamp - interval 30 day
     order by order_purchase_timestamp desc limit 1`,
  );
  const lookup = `order_purchase_ts::varchar as ts from fct_orders where order_id = '${id}'`;
  const oldTs = (await consoleRow(page, 'old-ts', lookup))[0]!;
  await consoleExec(
    page,
    `update raw.orders set order_purchase_timestamp = current_timestamp where order_id = '${id}'`,
  );
  await terminal(page, 'dbt run -s fct_orders');
  await expect(log.getByText(incrementalOk)).toHaveCount(3, { timeout: 60_000 });
  const newTs = (await consoleRow(page, 'new-ts', lookup))[0]!;
  expect(newTs).not.toBe(oldTs);
  expect(newTs.startsWith('2018-08-14 23:59:59')).toBe(true); // the lab clock
  expect(
    await consoleRow(page, 'moved-once', `count(*) from fct_orders where order_id = '${id}'`),
  ).toEqual(['1']);

  // 5. New orders arrive, then late payments; the late-paid orders are stale until the run.
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await page.getByRole('button', { name: 'New orders arrive' }).click();
  await expect(page.getByTestId('lab-clock')).toContainText('2018-08-15');
  const released = /raw\.orders: (\d+) inserted/.exec((await log.textContent()) ?? '');
  expect(released).not.toBeNull();
  await page.getByRole('button', { name: /late payment/i }).click();
  await expect(log).toContainText(/payments? arrived for/);
  const stale = `count(*) as n from fct_orders f join (select order_id, sum(payment_value) as paid
       from raw.payments group by 1) p using (order_id)
     where abs(coalesce(f.payment_total_value, 0) - p.paid) > 0.005`;
  expect(Number((await consoleRow(page, 'stale', stale))[0])).toBeGreaterThan(0);
  await terminal(page, 'dbt run -s fct_orders');
  await expect(log.getByText(incrementalOk)).toHaveCount(4, { timeout: 60_000 });
  const after = await consoleRow(page, 'after', `${fingerprint} from fct_orders`);
  expect(Number(after[0])).toBe(Number(first[0]) + Number(released![1]));
  expect(after[1]).toBe(after[0]);
  expect(await consoleRow(page, 'late', stale)).toEqual(['0']);

  // 6. A logic change: warned, old and new mixed, rebuilt by a full refresh, then a quiet run.
  const changedModel = typed.replace(
    /^ {4}order_status,$/m,
    '    upper(order_status) as order_status,',
  );
  expect(changedModel).not.toBe(typed);
  await setModelText(page, MODEL, changedModel);
  await terminal(page, 'dbt run -s fct_orders');
  await expect(log.getByText(incrementalOk)).toHaveCount(5, { timeout: 60_000 });
  await expect(log).toContainText('[WARNING]: Logic change in fct_orders');
  await page.screenshot({ path: 'test-results/screenshots/lab-logic-change.png' });
  const cases = `count(*) filter (where order_status = upper(order_status)) as upper_rows,
      count(*) filter (where order_status <> upper(order_status)) as lower_rows from fct_orders`;
  const mixed = await consoleRow(page, 'mixed', cases);
  expect(Number(mixed[0])).toBeGreaterThan(0);
  expect(Number(mixed[1])).toBeGreaterThan(0);
  await terminal(page, 'dbt run -s fct_orders --full-refresh');
  await expect(log.getByText(incrementalOk)).toHaveCount(6, { timeout: 60_000 });
  expect((await consoleRow(page, 'rebuilt', cases))[1]).toBe('0');
  await consoleExec(
    page,
    'create or replace temp table fct_orders_before as select * from fct_orders',
  );
  const warnings = await log.getByText('[WARNING]: Logic change in fct_orders').count();
  await terminal(page, 'dbt run -s fct_orders');
  await expect(log.getByText(incrementalOk)).toHaveCount(7, { timeout: 60_000 });
  await expect(log.getByText('[WARNING]: Logic change in fct_orders')).toHaveCount(warnings);
  expect(await consoleRow(page, 'quiet', compare)).toEqual(['0']);

  // 7. Grade: every check passes on the model as it now is.
  const report = await gradeAllPass(page);
  await expect(page.getByTestId('solution-stretch')).toContainText('Stretch version');

  // 8. A debugging exercise: opened, compiled as fct_orders, graded (fails), fixed, graded (passes).
  const exercise = 'exercises/01-the-count-grows.sql';
  await page.getByRole('button', { name: '01-the-count-grows.sql' }).click();
  await waitForEditor(page, exercise);
  await expect(page.getByTestId('open-file')).toHaveText(exercise);
  await page.getByRole('tab', { name: 'Compiled SQL' }).click();
  await page.getByRole('button', { name: `Compile ${exercise} as fct_orders` }).click();
  await expect(page.getByRole('region', { name: 'Incremental run' })).toContainText(
    'order_purchase_ts >=',
  );
  await page.screenshot({ path: 'test-results/screenshots/lab-exercise-compiled.png' });
  await page.getByRole('tab', { name: 'Grade' }).click();
  await expect(page.getByLabel('What to grade')).toHaveValue(exercise);
  await page.getByRole('button', { name: 'Grade', exact: true }).click();
  await expect(report).toHaveAttribute('data-passed', 'false', { timeout: 180_000 });
  await expect(page.getByTestId('check-unique_key_set')).toHaveAttribute('data-status', 'fail');
  const broken = (await modelText(page, exercise))!;
  await setModelText(
    page,
    exercise,
    broken.replace(
      "materialized='incremental'",
      "materialized='incremental', unique_key='order_id'",
    ),
  );
  await page.getByRole('button', { name: 'Grade again' }).click();
  await expect(report).toHaveAttribute('data-passed', 'true', { timeout: 180_000 });
  await expect(page.getByTestId('exercises-fixed')).toContainText('fixed: 1 of 4');
  // The student's own model was never touched.
  await page.getByRole('button', { name: 'fct_orders.sql' }).click();
  await waitForEditor(page, MODEL);
  expect(await modelText(page, MODEL)).toBe(changedModel);

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
  await expect.poll(() => modelText(page, MODEL)).toBe(changedModel);

  // 9. Reload: the file and the command history are there, and the tables are as they were: the
  // database kept in this browser opens as it is, with nothing loaded, built or replayed.
  await page.reload();
  await waitForEditor(page, MODEL);
  expect(await modelText(page, MODEL)).toBe(changedModel);
  await expect(log).toContainText(
    'Opened your tables as you left them (kept in this browser, after 2 data steps, 8 dbt commands, 3 SQL statements)',
    { timeout: 120_000 },
  );
  await expect(log).not.toContainText("Day 10's project is built");
  await expect(log).not.toContainText('Loaded the course data');
  await expect(page.getByTestId('lab-clock')).toContainText('2018-08-15');
  const reopened = await consoleRow(page, 'reopened', `${fingerprint} from fct_orders`);
  expect(reopened.slice(0, 2)).toEqual(after.slice(0, 2));
  expect((await consoleRow(page, 'reopened-case', cases))[1]).toBe('0');

  // A second tab of the lab cannot share the kept file: it builds its own tables, and says why.
  const second = await page.context().newPage();
  await second.goto('/lab');
  const secondLog = second.getByTestId('terminal-log');
  await expect(secondLog).toContainText('The lab is open in another tab', { timeout: 120_000 });
  await expect(secondLog).toContainText('Rebuilt in', { timeout: 120_000 });
  await second.close();

  // The browser dropped the kept file (storage pressure): the lab rebuilds from Day 10's state and
  // the journal, says what it replays, and ends with the same tables.
  await page.goto('/');
  await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry('incremental-lab', { recursive: true });
  });
  await page.goto('/lab');
  await waitForEditor(page, MODEL);
  await expect(log).toContainText("Day 10's project is built", { timeout: 120_000 });
  await expect(log).toContainText('replaying 2 data steps, 8 dbt commands, 3 SQL statements', {
    timeout: 120_000,
  });
  await expect(log).toContainText('Rebuilt in', { timeout: 120_000 });
  await expect(page.getByTestId('lab-clock')).toContainText('2018-08-15');
  const reloaded = await consoleRow(page, 'reloaded', `${fingerprint} from fct_orders`);
  expect(reloaded.slice(0, 2)).toEqual(after.slice(0, 2));
  expect((await consoleRow(page, 'reloaded-case', cases))[1]).toBe('0');
  const input = page.getByLabel('dbt command');
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await input.press('ArrowUp');
  await expect(input).toHaveValue('dbt show -s fct_orders --limit 50');
});
