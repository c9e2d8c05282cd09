/**
 * Browser benchmark against a running production build (`npm run build && npm start`, or pass
 * --url): cold and warm time from navigation to a ready DuckDB-WASM engine (the self-test page, which
 * starts it on load), from navigation to a ready lab (`/lab` with the engine started and the SF1
 * course data loaded: its clock shows), and the SF1 data load alone, in headless Chromium (system
 * Chromium when present).
 *   npm run -s bench:browser -- --url http://127.0.0.1:3000 --runs 3
 */
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { chromiumArgs, systemChromium } from '../e2e/browser';

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      runs: { type: 'string', default: '3' },
    },
  });
  const base = values.url!;
  const browser = await chromium.launch({
    ...(systemChromium ? { executablePath: systemChromium } : {}),
    args: chromiumArgs,
  });
  const ready: { cold: number[]; warm: number[] } = { cold: [], warm: [] };
  for (let i = 0; i < Number(values.runs); i++) {
    const context = await browser.newContext(); // a new profile: empty HTTP cache
    const page = await context.newPage();
    for (const visit of ['cold', 'warm'] as const) {
      const started = Date.now();
      await page.goto(`${base}/lab/self-test`);
      await page.getByTestId('engine-ready').waitFor({ timeout: 120_000 });
      ready[visit].push(Date.now() - started);
    }
    await context.close();
  }
  const lab: { cold: number[]; warm: number[] } = { cold: [], warm: [] };
  for (let i = 0; i < Number(values.runs); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const visit of ['cold', 'warm'] as const) {
      const started = Date.now();
      await page.goto(`${base}/lab`);
      await page.getByTestId('lab-clock').waitFor({ timeout: 120_000 });
      lab[visit].push(Date.now() - started);
    }
    await context.close();
  }
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/lab/self-test`);
  // Let the page's own checks finish first, so they do not share the engine with the measurement.
  await page
    .locator('[data-testid="self-test-summary"][data-done="true"]')
    .waitFor({ timeout: 180_000 });
  await page.getByRole('button', { name: 'Measure the data load' }).click();
  const result = page.getByTestId('data-load-result');
  await result.filter({ hasText: /Loaded|could not/ }).waitFor({ timeout: 180_000 });
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `page to engine ready, cold (new profile): median ${median(ready.cold)} ms of ${ready.cold.join(', ')}`,
  );
  console.log(
    `page to engine ready, second visit: median ${median(ready.warm)} ms of ${ready.warm.join(', ')}`,
  );
  console.log(
    `page to lab ready (engine + SF1 data), cold: median ${median(lab.cold)} ms of ${lab.cold.join(', ')}`,
  );
  console.log(
    `page to lab ready, second visit: median ${median(lab.warm)} ms of ${lab.warm.join(', ')}`,
  );
  console.log(`SF1 data load in the browser: ${await result.innerText()}`);
  await browser.close();
}

void main();
