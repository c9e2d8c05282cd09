import { conformanceCases } from '../lib/engine/conformance';
import { expect, test } from './fixtures';

// The same Connection contract suite that Vitest runs on native DuckDB, here on DuckDB-WASM.
test('the Connection contract passes on DuckDB-WASM in the browser', async ({ page }) => {
  await page.goto('/lab/self-test');
  const summary = page.getByTestId('self-test-summary');
  await expect(summary).toHaveAttribute('data-done', 'true', { timeout: 50_000 });
  const failures = await page
    .locator('[data-testid="self-test-case"][data-status="fail"]')
    .allInnerTexts();
  expect(failures).toEqual([]);
  await expect(page.locator('[data-testid="self-test-case"][data-status="pass"]')).toHaveCount(
    conformanceCases.length,
  );
});
