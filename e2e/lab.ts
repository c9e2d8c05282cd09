/**
 * Driving the lab's terminal and SQL console from a test, as a student does: a command typed and
 * entered, a query run and its first row read back, a statement that changes the database.
 */
import { expect, type Page } from '@playwright/test';
import { CHECK_IDS } from '../lib/grader/types';

export async function terminal(page: Page, command: string) {
  await page.getByRole('tab', { name: 'Terminal' }).click();
  const input = page.getByLabel('dbt command');
  await input.fill(command);
  await input.press('Enter');
}

/** Runs SQL in the console tab; returns the first row's cells. `tag` makes each result unique. */
export async function consoleRow(page: Page, tag: string, sql: string): Promise<string[]> {
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

/** Runs a statement that changes the database in the console (journaled like a student's). */
export async function consoleExec(page: Page, sql: string) {
  await page.getByRole('tab', { name: 'SQL console' }).click();
  await page.getByLabel('SQL to run').fill(sql);
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await run.click();
  // "Running…" while it runs; the next query's click waits for "Run" again.
  await expect(run).toBeEnabled({ timeout: 60_000 });
  await expect(page.locator('#panel-console').getByTestId('sql-error')).toHaveCount(0);
}

/** Grades from the Grade tab and expects every check to pass; returns the report. */
export async function gradeAllPass(page: Page) {
  await page.getByRole('tab', { name: 'Grade' }).click();
  await page.getByRole('button', { name: 'Grade', exact: true }).click();
  const report = page.getByTestId('grade-report');
  await expect(report).toHaveAttribute('data-passed', 'true', { timeout: 180_000 });
  for (const id of CHECK_IDS)
    await expect(page.getByTestId(`check-${id}`)).toHaveAttribute('data-status', 'pass');
  return report;
}
