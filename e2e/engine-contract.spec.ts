import { conformanceCases } from '../lib/engine/conformance';
import { dbtBehaviourCases } from '../lib/dbt/behaviour-suite';
import { sandboxCases } from '../lib/dbt/sandbox-suite';
import { expect, test } from './fixtures';

// The same suites that Vitest runs on native DuckDB (the Connection contract, the dbt engine's
// behaviour cases and the template sandbox's escapes), here on DuckDB-WASM in the browser, through
// the engine self-test page.
test('the Connection contract, the dbt engine and the template sandbox suites pass on DuckDB-WASM', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await page.goto('/lab/self-test');
  const summary = page.getByTestId('self-test-summary');
  await expect(summary).toHaveAttribute('data-done', 'true', { timeout: 100_000 });
  const failures = await page
    .locator('[data-testid="self-test-case"][data-status="fail"]')
    .allInnerTexts();
  expect(failures).toEqual([]);
  const passed = page.locator('[data-testid="self-test-case"][data-status="pass"]');
  await expect(passed.and(page.locator('[data-suite="Connection contract"]'))).toHaveCount(
    conformanceCases.length,
  );
  await expect(passed.and(page.locator('[data-suite="dbt engine behaviour"]'))).toHaveCount(
    dbtBehaviourCases.length,
  );
  await expect(passed.and(page.locator('[data-suite="Template sandbox"]'))).toHaveCount(
    sandboxCases.length,
  );
  // a template that escaped would have set this on the page's global object
  expect(await page.evaluate(() => '__jinjaSandboxEscape' in globalThis)).toBe(false);
  await page.screenshot({ path: 'test-results/screenshots/self-test.png', fullPage: true });
});
