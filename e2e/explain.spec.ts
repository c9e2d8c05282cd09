/**
 * The lab's Strategies tab, Lateness lab tab and the run chart's windows, against real runs:
 * - the explainer's numbers for the starter, the solution and a batch with a repeated key must be
 *   what `dbt run -s fct_orders` prints when each strategy is written into the model and run on
 *   the student's table (put back after each run), with the same rows after and repeated keys;
 * - the lateness lab's numbers for the solution at 0, 3 and 7 days must be those of separate
 *   grading-style replays at those widths, computed here in Node on the same generated data;
 * - each is photographed in light and dark.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { compileModel, parseArgs, runDbt, UsageError, type ProjectFiles } from '../lib/dbt';
import { readProjectFiles } from '../lib/dbt/project-files.node';
import { loadLabData } from '../lib/data';
import { DEFAULT_LATENESS, releaseLateDay } from '../lib/data/timeline/lateness';
import { openNodeConnection } from '../lib/engine/node-connection';
import { SWEEP_DATA, SWEEP_LAST_DAY } from '../lib/explain/lookback';
import { withRepeatedKey } from '../lib/explain/scenarios';
import { addDays } from '../lib/data/timeline/state';
import { diffSummary, materializeDiff } from '../lib/grader/table-diff';
import { expect, test } from './fixtures';
import { consoleExec, consoleRow, terminal } from './lab';
import { setModelText, waitForEditor } from './monaco';

const MODEL = 'models/marts/fct_orders.sql';
const STRATEGIES = ['append', 'delete+insert', 'merge'] as const;
type Strategy = (typeof STRATEGIES)[number];
const KEY_CONFIG = /unique_key='order_id'(?=\s*[,)])/;
const SHOTS = 'test-results/screenshots/explain';

let starter: ProjectFiles;
let solution: ProjectFiles;

test.beforeAll(async () => {
  const root = path.resolve(__dirname, '../content/lab');
  starter = await readProjectFiles(path.join(root, 'project'));
  solution = { ...starter, ...(await readProjectFiles(path.join(root, 'solution'))) };
});

async function openLab(page: Page) {
  await page.goto('/lab');
  await waitForEditor(page, MODEL);
  await expect(page.getByTestId('terminal-log')).toContainText(/Day 10's project is built/, {
    timeout: 120_000,
  });
  // a taller console, for the tabs' photographs
  await page.getByRole('separator', { name: 'Resize the console' }).focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowUp');
}

/** The model with `incremental_strategy` written into its config, as a student would. */
function withStrategy(text: string, strategy: Strategy): string {
  return KEY_CONFIG.test(text)
    ? text.replace(KEY_CONFIG, `unique_key='order_id', incremental_strategy='${strategy}'`)
    : `{{ config(materialized='incremental', incremental_strategy='${strategy}') }}\n${text}`;
}

const number = (text: string) => Number(text.replace(/,/g, ''));

interface Shown {
  message: string;
  batch: number;
  inserted: number;
  updated: number;
  deleted: number;
  after: number;
  duplicates: number;
}

/** Explains the model as it is in the editor; the numbers the tab shows, per strategy. */
async function explain(page: Page): Promise<Record<Strategy, Shown>> {
  await page.getByRole('tab', { name: 'Strategies' }).click();
  const panel = page.getByRole('region', { name: 'Strategy explainer' });
  await expect(panel).toHaveAttribute('data-status', /ready|running/, { timeout: 30_000 });
  const before = Number((await panel.getAttribute('data-finished')) ?? 0);
  if ((await panel.getAttribute('data-status')) !== 'running')
    await panel.getByRole('button', { name: /^Explain/ }).click();
  await expect(panel).toHaveAttribute('data-finished', String(before + 1), { timeout: 120_000 });
  await expect(panel.getByTestId('strategy-stale')).toHaveCount(0);
  const shown = {} as Record<Strategy, Shown>;
  const cell = (s: Strategy, metric: string) =>
    panel.getByTestId(`x-${s}-${metric}`).textContent() as Promise<string>;
  for (const s of STRATEGIES) {
    shown[s] = {
      message: await cell(s, 'message'),
      batch: number(await cell(s, 'batch')),
      inserted: number(await cell(s, 'inserted')),
      updated: number(await cell(s, 'updated')),
      deleted: number(await cell(s, 'deleted')),
      after: number((await cell(s, 'after')).split('→')[1]!),
      duplicates: number(await cell(s, 'duplicates')),
    };
  }
  return shown;
}

const RUN_LINE = /OK created sql incremental model main\.fct_orders \.+ \[(.+?) in [\d.]+s\]/g;

async function runLines(log: Locator): Promise<string[]> {
  return [...((await log.textContent()) ?? '').matchAll(RUN_LINE)].map((m) => m[1]!);
}

/** Each strategy really run on the student's table, which is put back after each run. */
async function realRuns(page: Page, text: string): Promise<Record<Strategy, Shown>> {
  const log = page.getByTestId('terminal-log');
  const real = {} as Record<Strategy, Shown>;
  for (const s of STRATEGIES) {
    await setModelText(page, MODEL, withStrategy(text, s));
    const seen = (await runLines(log)).length;
    await terminal(page, 'dbt run -s fct_orders');
    await expect.poll(async () => (await runLines(log)).length, { timeout: 60_000 }).toBe(seen + 1);
    const message = (await runLines(log)).at(-1)!;
    const counts = Object.fromEntries(
      message.split(', ').map((part) => {
        const [verb, n] = part.split(' ');
        return [verb!.toLowerCase(), Number(n)];
      }),
    );
    const [rows, repeated] = await consoleRow(
      page,
      `real-${s}`,
      `count(*) as n, (select count(*) from (select order_id from main.fct_orders
         group by 1 having count(*) > 1 or order_id is null)) as repeated from main.fct_orders`,
    );
    real[s] = {
      message,
      batch: NaN, // not in the log line
      inserted: counts.insert ?? 0,
      updated: counts.update ?? 0,
      deleted: counts.delete ?? 0,
      after: Number(rows),
      duplicates: Number(repeated),
    };
    await consoleExec(
      page,
      'create or replace table main.fct_orders as select * from e2e_keep.fct_orders',
    );
  }
  return real;
}

function compare(shown: Record<Strategy, Shown>, real: Record<Strategy, Shown>) {
  for (const s of STRATEGIES) {
    expect(shown[s].message, s).toBe(real[s].message);
    // the log line has no batch size; everything else must be the same
    expect({ ...shown[s], batch: 0 }, s).toEqual({ ...real[s], batch: 0 });
  }
}

/** No axe violations inside `selector`, in light and dark. */
async function expectAccessible(page: Page, selector: string) {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const results = await new AxeBuilder({ page }).include(selector).analyze();
    const summary = results.violations.map(
      (v) => `${scheme} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(summary).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/**
 * Light and dark pictures of a lab panel (its top, and scrolled to its end when it scrolls), or of
 * a lesson's widget (the page, which scrolls inside <main>, grown to its height first).
 */
async function photograph(page: Page, name: string, target: Locator) {
  const lesson = !(await target.evaluate((el) => el.getAttribute('role') === 'tabpanel'));
  if (lesson) {
    const height = await page.evaluate(() => document.getElementById('main')!.scrollHeight + 48);
    await page.setViewportSize({ width: 1440, height: Math.min(height, 20_000) });
  }
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(300);
    await target.evaluate((el) => el.scrollTo(0, 0));
    await target.screenshot({ path: `${SHOTS}/${name}-${scheme}.png` });
    const scrolls = await target.evaluate((el) => el.scrollHeight > el.clientHeight + 4);
    if (!lesson && scrolls) {
      await target.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await target.screenshot({ path: `${SHOTS}/${name}-end-${scheme}.png` });
      await target.evaluate((el) => el.scrollTo(0, 0));
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  if (lesson) await page.setViewportSize({ width: 1440, height: 900 });
}

test('the strategy explainer shows what each strategy does when it really runs', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await openLab(page);
  // a day of new orders, then its late payments and status changes
  await page.getByRole('button', { name: 'New orders arrive' }).click();
  await expect(page.getByTestId('lab-clock')).toContainText('2018-08-15');
  await page.getByRole('button', { name: 'Late payments arrive' }).click();
  await expect(page.getByTestId('terminal-log')).toContainText(/payments? arrived for/);
  await page.getByRole('button', { name: 'Orders change status' }).click();
  // the event's own line (the button stays disabled once no order is left waiting)
  await expect(page.getByTestId('terminal-log')).toContainText(/changed status \(/);
  await consoleExec(
    page,
    'create schema if not exists e2e_keep; create or replace table e2e_keep.fct_orders as select * from main.fct_orders',
  );
  const [rowsNow] = await consoleRow(page, 'now', 'count(*) from main.fct_orders');

  const scenarios: [string, string][] = [
    ['starter', starter[MODEL]!],
    ['solution', solution[MODEL]!],
    ['repeated-key', withRepeatedKey(solution[MODEL]!)],
  ];

  for (const [name, text] of scenarios) {
    await setModelText(page, MODEL, text);
    const shown = await explain(page);
    const panel = page.getByRole('region', { name: 'Strategy explainer' });
    if (name === 'starter') {
      // every strategy appends the whole table again: every order twice
      for (const s of STRATEGIES) expect(shown[s].duplicates).toBe(number(rowsNow!));
    }
    if (name === 'solution') {
      expect(shown['delete+insert'].updated).toBeGreaterThan(0);
      expect(shown.append.duplicates).toBe(shown['delete+insert'].updated);
      await expect(panel.getByTestId('x-merge-vs-full-refresh')).toHaveText('same rows');
      await photograph(page, 'strategies-solution', page.locator('#panel-strategies'));
      await expectAccessible(page, '#panel-strategies');
    }
    if (name === 'repeated-key') {
      expect(shown['delete+insert'].duplicates).toBe(1);
      expect(shown.merge.duplicates).toBe(0);
      // the row of repeated keys differs between strategies, and says so
      await expect(panel.getByTestId('x-merge-duplicates')).toHaveAttribute('data-differs', 'true');
      await expect(panel.getByTestId('differences-summary')).toContainText(
        'delete+insert and merge disagree too',
      );
      await photograph(page, 'strategies-repeated-key', page.locator('#panel-strategies'));
    }
    // the explainer left the student's table as it was
    expect(await consoleRow(page, `kept-${name}`, 'count(*) from main.fct_orders')).toEqual([
      rowsNow,
    ]);
    compare(shown, await realRuns(page, text));
  }

  // the run chart's windows: the real runs above, each reading the 3-day window again
  await page.getByRole('tab', { name: 'Run chart' }).click();
  await page.getByRole('button', { name: 'Windows read' }).click();
  await expect(page.getByTestId('run-windows')).toBeVisible();
  await expect(page.getByTestId('window-sentence')).toContainText(/were already in the table/);
  await photograph(page, 'run-chart-windows', page.locator('#panel-runs'));
});

/** One width on its own database, as the grader plays a model: the numbers a sweep must give. */
async function separateRun(files: ProjectFiles, width: number, days: number) {
  const connection = await openNodeConnection();
  try {
    const info = await loadLabData(connection, SWEEP_DATA, {
      cutoff: addDays(SWEEP_LAST_DAY, -days),
    });
    const window = "dateadd('day', -3, current_timestamp)";
    expect(files[MODEL]).toContain(window);
    const at = {
      ...files,
      [MODEL]: files[MODEL]!.replace(window, `dateadd('day', -${width}, current_timestamp)`),
    };
    let clock = info.clock;
    const run = async (argv: string[]) => {
      const command = parseArgs(argv);
      if (command instanceof UsageError) throw command;
      const result = await runDbt(command, { connection, files: at, clock });
      expect(result.exitCode, result.log.join('\n')).toBe(0);
      return result.results.find((r) => r.name === 'fct_orders')!;
    };
    await run(['run', '-s', '+fct_orders']);
    let batch = 0;
    let rescanned = 0;
    let correction: string | null = null;
    for (let day = 1; day <= days; day++) {
      const released = await releaseLateDay(
        connection,
        DEFAULT_LATENESS,
        day === days ? { correctionAgeDays: 15 } : {},
      );
      clock = released.clock;
      correction = released.correction?.orderId ?? correction;
      const node = await run(['run', '-s', 'fct_orders']);
      batch += node.rows!.batch;
      rescanned += node.rows!.updated;
    }
    const { firstBuildSql } = await compileModel({ connection, files: at, clock }, 'fct_orders');
    await connection.exec(`create table main.grade_reference as (${firstBuildSql})`);
    await materializeDiff(connection, 'main.fct_orders', 'main.grade_reference', 'grade_diff');
    const all = await diffSummary(connection, 'grade_diff', ['order_id']);
    const corrected = await diffSummary(connection, 'grade_diff', ['order_id'], {
      only: correction ? [correction] : [],
    });
    return { batch, rescanned, errors: all.keyCount, correctionMissed: corrected.keyCount === 1 };
  } finally {
    await connection.close();
  }
}

test('the lateness lab: the solution at 0, 3 and 7 days matches separate replays', async ({
  page,
}) => {
  test.setTimeout(600_000);
  await openLab(page);
  await setModelText(page, MODEL, solution[MODEL]!);

  // the run chart's windows: the rerun reads the last three days again
  const log = page.getByTestId('terminal-log');
  await terminal(page, 'dbt run -s fct_orders');
  await expect.poll(async () => (await runLines(log)).length, { timeout: 60_000 }).toBe(1);
  await page.getByRole('button', { name: 'New orders arrive' }).click();
  await expect(page.getByTestId('lab-clock')).toContainText('2018-08-15');
  await terminal(page, 'dbt run -s fct_orders');
  await expect.poll(async () => (await runLines(log)).length, { timeout: 60_000 }).toBe(2);
  await page.getByRole('tab', { name: 'Run chart' }).click();
  await page.getByRole('button', { name: 'Windows read' }).click();
  await expect(page.getByTestId('window-sentence')).toContainText(
    /the last 3 days before the lab clock\. Its first 2 days were already in the table/,
  );
  await photograph(page, 'run-chart-windows-solution', page.locator('#panel-runs'));
  await expectAccessible(page, '#panel-runs');

  await page.getByRole('tab', { name: 'Lateness lab' }).click();
  const lab = page.getByTestId('lateness-lab');
  await expect(lab.getByTestId('lateness-readout')).toContainText('Your model looks back 3 days');
  const slider = lab.getByRole('slider', { name: 'Lookback window' });
  await expect(slider).toHaveAttribute('aria-valuetext', '3 days');
  const started = Date.now();
  await lab.getByRole('button', { name: 'Run the lateness lab' }).click();
  await expect(lab).toHaveAttribute('data-state', 'running');
  // the first pass's widths are drawn before the sweep ends
  await expect(lab.getByRole('img', { name: /^Rows re-read per run and/ })).toBeVisible({
    timeout: 300_000,
  });
  const firstPointsMs = Date.now() - started;
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 400_000 });
  console.info(
    `lateness lab in the browser: first widths after ${(firstPointsMs / 1000).toFixed(1)} s, all after ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  // keyboard: the slider moves by arrow keys, and the readout follows
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveAttribute('aria-valuetext', '4 days');
  await expect(lab.getByTestId('lateness-readout')).toContainText(/^4 days: each run re-read/);
  await page.keyboard.press('ArrowLeft');
  await lab.getByText('The 15 widths as a table').click();
  await photograph(page, 'lateness-lab', page.locator('#panel-lateness'));
  await expectAccessible(page, '#panel-lateness');

  for (const width of [0, 3, 7]) {
    const separate = await separateRun(solution, width, 14);
    const cell = (name: string) => lab.getByTestId(`lateness-${width}-${name}`).textContent();
    expect(number((await cell('batch'))!), `${width} days: rows recomputed`).toBe(separate.batch);
    expect(number((await cell('rescanned'))!), `${width} days: rows re-read`).toBe(
      separate.rescanned,
    );
    expect(number((await cell('errors'))!), `${width} days: errors`).toBe(separate.errors);
    expect(await cell('correction')).toBe(separate.correctionMissed ? 'missed' : 'caught');
  }
});

test('the lessons embed the explainer and the lateness lab; the engine loads only on a click', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const engineRequests: string[] = [];
  page.on('request', (request) => {
    if (/duckdb|\.wasm/.test(request.url())) engineRequests.push(request.url());
  });
  await page.goto('/lessons/challenges-and-backfills');
  const explainer = page.getByTestId('lesson-strategy-explainer');
  const lateness = page.getByTestId('lesson-lateness-lab');
  await expect(explainer).toBeVisible();
  await expect(lateness.getByTestId('lateness-readout')).toContainText(
    'The guide’s model looks back 3 days',
  );
  await expect(explainer.getByRole('radio', { name: 'a batch with a repeated key' })).toBeChecked();
  await page.waitForLoadState('networkidle');
  expect(engineRequests).toEqual([]);

  await explainer.getByRole('button', { name: 'Run it' }).click();
  await expect(explainer.getByTestId('strategy-results')).toBeVisible({ timeout: 180_000 });
  expect(engineRequests.length).toBeGreaterThan(0);
  await expect(explainer.getByTestId('x-delete+insert-duplicates')).toHaveText('1');
  await expect(explainer.getByTestId('x-merge-duplicates')).toHaveText('0');
  await expect(explainer.getByTestId('x-merge-vs-full-refresh')).toHaveText('same rows');
  await photograph(page, 'lesson-strategies', explainer);
  await expectAccessible(page, '[data-testid="lesson-strategy-explainer"]');

  // another version of the model, on the same lesson database
  await explainer.getByRole('radio', { name: 'the starter' }).check();
  await explainer.getByRole('button', { name: 'Run it' }).click();
  await expect(explainer.getByTestId('strategy-summary')).toContainText('materialized as table', {
    timeout: 60_000,
  });

  // the lateness lab on the guide's model, over 7 days
  const lab = lateness.getByTestId('lateness-lab');
  await lab.getByLabel('Daily runs').selectOption('7');
  await lab.getByRole('button', { name: 'Run the lateness lab' }).click();
  await expect(lab).toHaveAttribute('data-state', 'done', { timeout: 400_000 });
  await expect(lab.getByTestId('lateness-run')).toContainText('7 daily runs');
  await lab.getByText('The 15 widths as a table').click();
  await expect(lab.getByTestId('lateness-14-correction')).toHaveText('missed');
  await expectAccessible(page, '[data-testid="lesson-lateness-lab"]');
  await photograph(page, 'lesson-lateness-lab', lateness);
});
