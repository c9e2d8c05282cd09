import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { setModelText, waitForEditor } from './monaco';

const MODEL = 'models/marts/fct_orders.sql';
// The grader's solution that reads its high-water mark with run_query when it compiles.
const RUN_QUERY_MODEL = readFileSync('lib/grader/fixtures/solution-run-query.sql', 'utf8');

async function terminal(page: import('@playwright/test').Page, line: string): Promise<void> {
  const input = page.getByLabel('dbt command');
  await input.fill(line);
  await input.press('Enter');
}

test.describe("dbt's Jinja in the lab", () => {
  test.setTimeout(240_000);

  test('a template that loops without end stops with an error at its line; the page stays usable', async ({
    page,
  }) => {
    await page.goto('/lab');
    await waitForEditor(page, MODEL);
    await setModelText(
      page,
      MODEL,
      'select 1 as x\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n',
    );
    await page.keyboard.press('ControlOrMeta+s');
    const log = page.getByTestId('terminal-log');
    await terminal(page, 'dbt compile -s fct_orders');
    await expect(log).toContainText('models/marts/fct_orders.sql:2', { timeout: 120_000 });
    await expect(log).toContainText('steps and was stopped');
    // the page did not hang: the editor and the terminal take the fix and the next command
    await setModelText(page, MODEL, "select * from {{ ref('int_orders_enriched') }}\n");
    await page.keyboard.press('ControlOrMeta+s');
    await terminal(page, 'dbt ls -s stg_orders');
    await expect(log).toContainText('olist_dbt.staging.stg_orders', { timeout: 60_000 });
    await page.screenshot({ path: 'test-results/screenshots/jinja-runaway.png' });
  });

  test('a run_query high-water mark: the compiled view waits for the first build, then shows the literal', async ({
    page,
  }) => {
    await page.goto('/lab');
    await waitForEditor(page, MODEL);
    await setModelText(page, MODEL, RUN_QUERY_MODEL);
    await page.keyboard.press('ControlOrMeta+s');
    const log = page.getByTestId('terminal-log');
    await expect(log).toContainText("Day 10's project is built", { timeout: 120_000 });
    // Without a table (dropped here) the incremental branch cannot be compiled yet.
    await page.getByRole('tab', { name: 'SQL console' }).click();
    await page.getByLabel('SQL to run').fill('drop table fct_orders');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
    await page.getByRole('tab', { name: 'Compiled SQL' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Compiled SQL' });
    await page.getByRole('button', { name: 'Compile fct_orders' }).click();
    await expect(panel).toContainText('Cannot be compiled yet', { timeout: 120_000 });
    await expect(panel).toContainText('which does not exist before the first build');

    await page.getByRole('tab', { name: 'Terminal' }).click();
    await terminal(page, 'dbt run -s fct_orders');
    await expect(log).toContainText('OK created sql incremental model main.fct_orders', {
      timeout: 120_000,
    });
    await terminal(page, 'dbt run -s fct_orders');
    await expect(log.getByText('OK created sql incremental model main.fct_orders')).toHaveCount(2, {
      timeout: 60_000,
    });

    await page.getByRole('tab', { name: 'Compiled SQL' }).click();
    await page.getByRole('button', { name: 'Compile fct_orders' }).click();
    // 3 days before the newest purchase already built (the lab's data ends on 2018-08-14)
    await expect(panel).toContainText(/where order_purchase_ts >= '2018-08-1\d \d\d:\d\d:\d\d'/, {
      timeout: 60_000,
    });
    await expect(panel).not.toContainText('Cannot be compiled yet');
    await page.screenshot({ path: 'test-results/screenshots/jinja-run-query-compiled.png' });
  });
});
