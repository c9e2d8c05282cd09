import { expect, test } from './fixtures';

test('course shell: navigation, dark mode toggle, no engine on lesson pages', async ({ page }) => {
  const engineRequests: string[] = [];
  page.on('request', (request) => {
    if (/duckdb|\.wasm/.test(request.url())) engineRequests.push(request.url());
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Incremental models, built by you',
  );
  const nav = page.getByRole('navigation', { name: 'Day 11 pages' }).first();
  await nav.getByRole('link', { name: '1. Incremental concepts' }).click();
  await expect(page).toHaveURL(/\/lessons\/incremental-concepts$/);
  await expect(nav.getByRole('link', { name: '1. Incremental concepts' })).toHaveAttribute(
    'aria-current',
    'page',
  );
  expect(engineRequests).toEqual([]);

  const html = page.locator('html');
  const toggle = page.getByRole('button', { name: /^Theme:/ });
  await expect(html).not.toHaveClass(/dark/);
  await toggle.click(); // system -> light
  await toggle.click(); // light -> dark
  await expect(html).toHaveClass(/dark/);
  await page.reload();
  await expect(html).toHaveClass(/dark/);
  await page.screenshot({ path: 'test-results/screenshots/lesson-dark.png' });
});

test.describe('system dark preference', () => {
  test.use({ colorScheme: 'dark' });
  test('follows the system when nothing is chosen', async ({ page }) => {
    await page.goto('/');
    await expect(page.locator('html')).toHaveClass(/dark/);
  });
});

test('every page names its icon, and the app serves it', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(href).toMatch(/^\/icon\.svg/);
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
});
