import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const lessons = [
  { slug: 'overview', title: 'Day 11 overview: scale and performance' },
  { slug: 'incremental-concepts', title: 'Incremental concepts' },
  { slug: 'implementation-guide', title: 'Implementation guide' },
  { slug: 'challenges-and-backfills', title: 'Challenges and backfills' },
];

/** The page scrolls inside <main>; grow the viewport to its height for a whole-page picture. */
async function screenshotWhole(page: Page, path: string) {
  const height = await page.evaluate(
    () => (document.getElementById('main')?.scrollHeight ?? 900) + 48,
  );
  await page.setViewportSize({ width: 1440, height: Math.min(height, 20_000) });
  await page.screenshot({ path });
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(summary).toEqual([]);
}

for (const { slug, title } of lessons) {
  test(`lesson ${slug}: renders, table of contents works, accessible in light and dark`, async ({
    page,
  }) => {
    const engineRequests: string[] = [];
    page.on('request', (request) => {
      if (/duckdb|\.wasm/.test(request.url())) engineRequests.push(request.url());
    });
    await page.goto(`/lessons/${slug}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

    const toc = page.getByRole('navigation', { name: 'On this page' });
    const entries = toc.getByRole('link');
    expect(await entries.count()).toBeGreaterThan(2);
    const last = entries.last();
    const target = (await last.getAttribute('href'))!;
    await last.click();
    await expect(page).toHaveURL(new RegExp(`${target}$`));
    await expect(page.locator(target)).toBeInViewport();
    await expect(page.getByTestId('reading-progress')).not.toHaveAttribute('style', /scaleX\(0\)/);

    await expectNoAxeViolations(page);
    await screenshotWhole(page, `test-results/screenshots/lesson-${slug}-light.png`);

    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveClass(/dark/);
    await expectNoAxeViolations(page);
    await screenshotWhole(page, `test-results/screenshots/lesson-${slug}-dark.png`);

    // Reading a lesson never loads the database engine.
    expect(engineRequests).toEqual([]);
  });
}

test('previous and next links follow the course order', async ({ page }) => {
  await page.goto('/lessons/incremental-concepts');
  const pager = page.getByRole('navigation', { name: 'Previous and next page' });
  await pager.getByRole('link', { name: /Next/ }).click();
  await expect(page).toHaveURL(/\/lessons\/implementation-guide$/);
  await page
    .getByRole('navigation', { name: 'Previous and next page' })
    .getByRole('link', { name: /Previous/ })
    .click();
  await expect(page).toHaveURL(/\/lessons\/incremental-concepts$/);
});

test('the done mark persists across a reload and feeds course progress', async ({ page }) => {
  await page.goto('/lessons/overview');
  const progress = page.getByTestId('course-progress');
  await expect(progress).toHaveText('0 of 5 pages done');
  const done = page.getByTestId('mark-done').first();
  await expect(done).toHaveAttribute('aria-pressed', 'false');
  await done.click();
  await expect(done).toHaveAttribute('aria-pressed', 'true');
  await expect(progress).toHaveText('1 of 5 pages done');
  await page.reload();
  await expect(page.getByTestId('mark-done').first()).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('course-progress')).toHaveText('1 of 5 pages done');
  await page.goto('/lessons/implementation-guide');
  await expect(page.getByTestId('course-progress')).toHaveText('1 of 5 pages done');
  await expect(page.getByTestId('mark-done').first()).toHaveAttribute('aria-pressed', 'false');
});

test('a knowledge check explains the chosen answer', async ({ page }) => {
  await page.goto('/lessons/incremental-concepts');
  const check = page.getByTestId('knowledge-check').first();
  await check.getByRole('radio', { name: /inserted again/ }).check();
  await expect(check.getByText(/^Right\./)).toBeVisible();
  await check.getByRole('radio', { name: /skips them/ }).check();
  await expect(check.getByText(/^Not quite\./)).toBeVisible();
});

test('a runnable block runs on the lesson data and opens in the lab', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/lessons/overview');
  const block = page.getByTestId('runnable-sql').first();
  await expect(block.getByRole('link', { name: 'Open in lab' })).toHaveAttribute(
    'href',
    /^\/lab\?sql=select/,
  );
  await block.getByRole('button', { name: /^Run:/ }).click();
  const result = block.getByTestId('runnable-result');
  await expect(result).toBeVisible({ timeout: 90_000 });
  await expect(result.getByRole('columnheader')).toHaveText([
    'ordersBIGINT',
    'first_purchaseTIMESTAMP',
    'last_purchaseTIMESTAMP',
    'lab_clockTIMESTAMP',
  ]);
  await expect(result.getByRole('gridcell').last()).toHaveText('2018-08-14 23:59:59');
  await expectNoAxeViolations(page);
  await block.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screenshots/lesson-overview-ran-light.png' });

  // Edited SQL runs too, and a DuckDB error is shown, not thrown.
  await block.getByRole('button', { name: 'Edit' }).click();
  await block.getByRole('textbox').fill('select * from raw.no_such_table');
  await block.getByRole('textbox').press('Control+Enter');
  await expect(block.getByRole('alert')).toContainText('no_such_table');
  await page.screenshot({ path: 'test-results/screenshots/lesson-overview-error-light.png' });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('every lesson reads: text, code, diagrams and questions are in the HTML', async ({
    page,
  }) => {
    for (const { slug, title } of lessons) {
      await page.goto(`/lessons/${slug}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
      await expect(page.getByTestId('runnable-sql').first()).toContainText('select');
      if (slug !== 'overview') {
        await expect(page.getByTestId('knowledge-check').first()).toContainText('?');
      }
      if (slug !== 'implementation-guide') {
        await expect(page.getByRole('img').first()).toHaveAccessibleName(/.+/);
      }
    }
  });
});

test('a lesson page ships little JavaScript before anything runs', async ({ page }) => {
  const scripts: Promise<number>[] = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') {
      scripts.push(response.body().then((body) => gzipSync(body).length));
    }
  });
  await page.goto('/lessons/implementation-guide');
  await page.waitForLoadState('networkidle');
  const gzipped = (await Promise.all(scripts)).reduce((sum, size) => sum + size, 0);
  console.log(`lesson page JavaScript: ${(gzipped / 1024).toFixed(0)} KB gzipped`);
  expect(gzipped).toBeGreaterThan(0);
  expect(gzipped).toBeLessThan(300 * 1024);
});
