/**
 * A self-paced student runs the lab on their own copy of the Olist CSVs: the real files of
 * ../shared/olist (gzipped, Kaggle's names) picked from disk, read in the browser and never
 * uploaded. A bad file first: its file/line/column error, and the workspace left as it was.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page, Request } from '@playwright/test';
import { applyTimelineEvent, loadLabData, tableForFileName } from '../lib/data';
import { findRawFiles } from '../lib/data/raw-files.node';
import { openNodeConnection } from '../lib/engine/node-connection';
import { hasOlistData, OLIST_DIR } from '../lib/testing/olist-fixture.node';
import { expect, test } from './fixtures';
import { gradeAllPass, terminal } from './lab';
import { setModelText, waitForEditor } from './monaco';

const MODEL = 'models/marts/fct_orders.sql';
const solution = readFileSync(
  path.join(__dirname, '../content/lab/solution/models/marts/fct_orders.sql'),
  'utf8',
);
const SHOTS = 'test-results/screenshots';

/** The course's five files in ../shared/olist (sellers and the translation are left out). */
function realFiles(): string[] {
  return readdirSync(OLIST_DIR)
    .filter((name) => tableForFileName(name))
    .map((name) => path.join(OLIST_DIR, name));
}

/** The data the build prebuilt for the lab, as its label says. */
function courseLabel(): string {
  const manifest = path.join(__dirname, '../public/data/lab-data.json');
  const parsed = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as { source?: string })
    : {};
  return parsed.source ?? 'generated (scale 1, seed 42)';
}

/** What the real data gives at the cut-off and a day later, computed with native DuckDB. */
async function realCounts() {
  const conn = await openNodeConnection();
  try {
    const info = await loadLabData(conn, { kind: 'files', files: await findRawFiles(OLIST_DIR) });
    await applyTimelineEvent(conn, 'new_orders');
    const next = await conn.query<{ n: number }>('select count(*)::int as n from raw.orders');
    return { cutoff: info.cutoffDay, atCutoff: info.rowCounts.orders, dayAfter: next.rows[0]!.n };
  } finally {
    await conn.close();
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

async function pick(page: Page, files: string[]) {
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('own-data-input').setInputFiles(files);
}

async function photograph(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(200);
    await page.screenshot({ path: `${SHOTS}/${name}-${scheme}.png` });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test.describe('the lab on the student’s own Olist CSVs', () => {
  test.skip(!hasOlistData, `the real Olist CSVs are not in ${OLIST_DIR}`);
  test.setTimeout(420_000);

  test('the real CSVs picked from disk run the lab and grade; a bad file changes nothing', async ({
    page,
  }) => {
    const expected = await realCounts();
    expect(expected.cutoff).toBe('2018-08-14');
    const bodies: { url: string; bytes: number }[] = [];
    page.on('request', (request: Request) =>
      bodies.push({ url: request.url(), bytes: request.postDataBuffer()?.length ?? 0 }),
    );

    await page.goto('/lab');
    await waitForEditor(page, MODEL);
    const label = page.getByTestId('lab-data-source');
    await expect(label).toHaveText(`Data: ${courseLabel()}`, { timeout: 120_000 });
    const clock = await page.getByTestId('lab-clock').textContent();
    const control = page.getByRole('button', { name: 'Use my own Olist CSVs…' });
    await expect(control).toBeEnabled({ timeout: 60_000 });
    await control.focus();
    await photograph(page, 'own-data-control');

    // A bad orders file: a purchase timestamp that is no timestamp, on line 5.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'own-data-e2e-'));
    const orders = realFiles().find((f) => f.includes('olist_orders_dataset'))!;
    const lines = gunzipSync(readFileSync(orders)).toString('utf8').split('\n');
    lines[4] = lines[4]!.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, 'last tuesday');
    const bad = path.join(dir, 'orders.csv');
    writeFileSync(bad, lines.join('\n'));
    await pick(page, [...realFiles().filter((f) => f !== orders), bad]);
    const notice = page.getByTestId('data-notice');
    await expect(notice).toHaveAttribute('data-kind', 'error', { timeout: 120_000 });
    await expect(notice).toContainText(
      'orders.csv, line 5, column order_purchase_timestamp: "last tuesday" is not a timestamp',
    );
    await expect(notice).toContainText('Your data and tables are as they were.');
    rmSync(dir, { recursive: true, force: true }); // a copy of real data: never left behind
    await expect(label).toHaveText(`Data: ${courseLabel()}`);
    await expect(page.getByTestId('lab-clock')).toHaveText(clock!);
    await photograph(page, 'own-data-bad-file');

    // The real files, gzipped as they are.
    await pick(page, realFiles());
    const log = page.getByTestId('terminal-log');
    await expect(label).toHaveText('Data: your own Olist CSVs (5 files picked in this browser)', {
      timeout: 180_000,
    });
    await expect(log).toContainText(
      `${fmt(expected.atCutoff)} orders so far; lab clock 2018-08-14 23:59:59`,
    );
    await expect(log).toContainText(`fct_orders has ${fmt(expected.atCutoff)} rows`, {
      timeout: 120_000,
    });
    await expect(log).toContainText('Your files are kept in this browser');

    // The converted model runs on them (an incremental run over Day 10's table), then grades.
    await setModelText(page, MODEL, solution);
    await terminal(page, 'dbt run -s fct_orders');
    await expect(log).toContainText('OK created sql incremental model main.fct_orders', {
      timeout: 120_000,
    });
    await terminal(page, 'dbt show --inline "select count(*) as n from {{ ref(\'fct_orders\') }}"');
    await expect(page.locator('#panel-results').getByTestId('result-table')).toContainText(
      new RegExp(fmt(expected.atCutoff).replace(',', ',?')),
      { timeout: 60_000 },
    );
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await photograph(page, 'own-data-lab');

    const report = await gradeAllPass(page);
    await expect(report).toContainText(
      'your own Olist CSVs (5 files picked in this browser), cut-off 2018-08-14',
    );
    await expect(report.getByRole('row', { name: /^S0 First build/ })).toContainText(
      fmt(expected.atCutoff),
    );
    await expect(report.getByRole('row', { name: /^S2 New orders arrive/ })).toContainText(
      fmt(expected.dayAfter),
    );
    await photograph(page, 'own-data-grade');

    // Nothing carried the files anywhere: no request has a body anywhere near their size.
    expect(Math.max(0, ...bodies.map((b) => b.bytes))).toBeLessThan(64 * 1024);

    // A reload opens the tables those files built, as they were (kept in this browser), on the
    // same files for the Grade tab.
    await page.reload();
    await expect(page.getByTestId('terminal-log')).toContainText(
      'Opened your tables as you left them (kept in this browser, after 1 dbt command)',
      { timeout: 120_000 },
    );
    await expect(label).toHaveText('Data: your own Olist CSVs (5 files picked in this browser)', {
      timeout: 60_000,
    });

    // Without the kept database (the browser dropped it), the files are read again and the run
    // replayed on them.
    await page.goto('/');
    await page.evaluate(async () => {
      const root = await navigator.storage.getDirectory();
      await root.removeEntry('incremental-lab', { recursive: true });
    });
    await page.goto('/lab');
    await expect(page.getByTestId('terminal-log')).toContainText(
      'Loading your own Olist CSVs into this browser again',
      { timeout: 120_000 },
    );
    await expect(label).toHaveText('Data: your own Olist CSVs (5 files picked in this browser)', {
      timeout: 180_000,
    });
    await expect(page.getByTestId('terminal-log')).toContainText('[1/1] dbt run -s fct_orders', {
      timeout: 120_000,
    });

    // And back to the course data.
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Back to the course data' }).click();
    await expect(label).toHaveText(`Data: ${courseLabel()}`, { timeout: 120_000 });
    await expect(page.getByRole('button', { name: 'Use my own Olist CSVs…' })).toBeVisible();
    expect(Math.max(0, ...bodies.map((b) => b.bytes))).toBeLessThan(64 * 1024);
  });
});
