import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CHECK_IDS } from '../lib/grader/types';
import { expect, test } from './fixtures';
import { modelText, setModelText, waitForEditor } from './monaco';

const solution = readFileSync(
  path.join(__dirname, '../content/lab/solution/models/marts/fct_orders.sql'),
  'utf8',
);

test.describe('grading in the browser', () => {
  test.setTimeout(180_000);

  test('the starter fails materialized_incremental; the solution passes every check', async ({
    page,
  }) => {
    await page.goto('/lab');
    await page.getByRole('tab', { name: 'Grade' }).click();
    await expect(
      page.getByText('The solution unlocks after your first grading attempt.'),
    ).toBeVisible();
    await expect(page.getByTestId('solution')).toHaveCount(0);
    const grade = page.getByRole('button', { name: 'Grade', exact: true });
    await grade.click();
    const report = page.getByTestId('grade-report');
    await expect(report).toBeVisible({ timeout: 150_000 });
    await expect(page.getByTestId('check-materialized_incremental')).toHaveAttribute(
      'data-status',
      'fail',
    );
    await expect(page.getByTestId('check-materialized_incremental')).toContainText(
      "materialized as 'table'",
    );
    // After a first attempt the solution can be read, and the student's file is left as it was.
    await page.getByText("Show the solution's").click();
    await expect(page.getByTestId('solution')).toContainText("materialized='incremental'");

    const model = 'models/marts/fct_orders.sql';
    await waitForEditor(page, model);
    await setModelText(page, model, solution);
    await page.getByRole('button', { name: 'Grade again' }).click();
    await expect(page.getByTestId('grading-step-S0')).toBeVisible();
    await expect(report).toHaveAttribute('data-passed', 'true', { timeout: 150_000 });
    for (const id of CHECK_IDS)
      await expect(page.getByTestId(`check-${id}`)).toHaveAttribute('data-status', 'pass');
    await report.scrollIntoViewIfNeeded();
    await page.screenshot({ path: 'test-results/screenshots/lab-grading.png', fullPage: true });

    // The draft survives a reload.
    await page.reload();
    await waitForEditor(page, model);
    await expect.poll(() => modelText(page, model)).toBe(solution);
  });
});
