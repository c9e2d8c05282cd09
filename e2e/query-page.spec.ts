import { expect, test } from './fixtures';

test.describe('lab query page', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('/lab');
    // The SQL console is a tab of the workspace's console area.
    await page.getByRole('tab', { name: 'SQL console' }).click();
    await expect(page.getByTestId('engine-ready')).toBeVisible({ timeout: 45_000 });
  });

  test('runs a query and shows the rows', async ({ page }) => {
    const input = page.getByLabel('SQL to run');
    await input.fill('select 42 as answer');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const table = page.getByTestId('result-table');
    await expect(table.getByRole('columnheader')).toHaveText(['answerINTEGER']);
    await expect(table.getByRole('gridcell')).toHaveText(['42']);
    await expect(page.getByText('1 row.')).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/lab-query.png', fullPage: true });
  });

  test('shows DuckDB’s error for bad SQL and keeps the text', async ({ page }) => {
    const input = page.getByLabel('SQL to run');
    await input.fill('selec 1');
    await input.press('Control+Enter');
    await expect(page.getByTestId('sql-error')).toContainText(
      'Parser Error: syntax error at or near "selec"',
    );
    await expect(input).toHaveValue('selec 1');

    await input.fill('select missing_column from range(3)');
    await input.press('Control+Enter');
    await expect(page.getByTestId('sql-error')).toContainText(
      'Binder Error: Referenced column "missing_column" not found',
    );
    await page.screenshot({ path: 'test-results/screenshots/lab-query-error.png', fullPage: true });
  });

  test('an empty query gets a clear message', async ({ page }) => {
    await page.getByLabel('SQL to run').fill('   ');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByTestId('sql-error')).toHaveText('There is no SQL statement to run.');
  });

  test('a million-row result is capped, said so, and the page stays responsive', async ({
    page,
  }) => {
    const input = page.getByLabel('SQL to run');
    await input.fill('select range as n, range * 2 as doubled from range(1000000)');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(page.getByText('Showing the first 100,000 of 1,000,000 rows.')).toBeVisible();
    // The grid knows all 100,000 rows (and its header) but renders only the ones in view.
    const grid = page.getByTestId('result-table');
    await expect(grid).toHaveAttribute('aria-rowcount', '100001');
    expect(await grid.getByRole('row').count()).toBeLessThan(100);
    // Keyboard: Ctrl/Cmd+End goes to the last cell, which scrolls into the DOM.
    await grid.focus();
    await page.keyboard.press('ControlOrMeta+End');
    await expect(grid.getByRole('gridcell', { name: '199998', exact: true })).toBeVisible();
    // Copy puts every loaded row on the clipboard as TSV with a header line.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await expect(page.getByText('Copied 100,000 rows.')).toBeVisible();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const lines = copied.trimEnd().split('\n');
    expect(lines).toHaveLength(100_001);
    expect(lines[0]).toBe('n\tdoubled');
    expect(lines[100_000]).toBe('99999\t199998');
    // Still responsive: the next query runs and renders.
    await input.fill('select 1 as still_here');
    await input.press('Control+Enter');
    await expect(page.getByTestId('result-table').getByRole('gridcell')).toHaveText(['1']);
  });

  test('a runaway query can be stopped', async ({ page }) => {
    const input = page.getByLabel('SQL to run');
    await input.fill('select count(*) from range(100000000000)');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(page.getByText('The query was stopped.')).toBeVisible();
    await input.fill('select 2 as after_stop');
    await input.press('Control+Enter');
    await expect(page.getByTestId('result-table').getByRole('gridcell')).toHaveText(['2']);
  });
});
