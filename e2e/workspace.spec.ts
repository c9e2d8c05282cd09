import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { markerLines, modelText, setModelText, waitForEditor } from './monaco';

const MODEL = 'models/marts/fct_orders.sql';
const CONFIG_LINE = "{{ config(materialized='incremental', unique_key='order_id') }}";
const FILTER = `
{% if is_incremental() %}
where order_purchase_ts >= current_timestamp - interval 3 day
{% endif %}
`;

test.describe('lab workspace', () => {
  test.setTimeout(240_000);

  test('edit fct_orders, run it twice in the terminal, keep the edit across a reload', async ({
    page,
  }) => {
    await page.goto('/lab');
    // The starter is on the page before the editor loads.
    await expect(page.getByTestId('editor-placeholder')).toContainText('int_orders_enriched');
    await waitForEditor(page, MODEL);
    await expect(page.getByTestId('editor-placeholder')).toHaveCount(0);

    // Type the config line at the top, then add the incremental filter in bulk.
    await page.locator('[data-testid="editor"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.insertText(`${CONFIG_LINE}\n`);
    const typed = await modelText(page, MODEL);
    expect(typed?.startsWith(`${CONFIG_LINE}\n-- One row per order`)).toBe(true);
    await setModelText(page, MODEL, `${typed!.trimEnd()}\n${FILTER}`);
    await page.keyboard.press('ControlOrMeta+s');
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

    const input = page.getByLabel('dbt command');
    const log = page.getByTestId('terminal-log');
    await input.fill('dbt run -s +fct_orders');
    await input.press('Enter');
    // From the data prebuilt by `npm run build`, not generated in the page.
    await expect(log).toContainText(
      'Loaded the course data (generated (scale 1, seed 42), prebuilt)',
      {
        timeout: 120_000,
      },
    );
    await expect(log).toContainText('OK created sql incremental model main.fct_orders', {
      timeout: 120_000,
    });
    await expect(log).toContainText(/Completed successfully|Done\. PASS=/);

    // The rerun takes the incremental branch; Up brings the last command back.
    await input.press('ArrowUp');
    await expect(input).toHaveValue('dbt run -s +fct_orders');
    await input.fill('dbt run -s fct_orders');
    await input.press('Enter');
    await expect(log.getByText('OK created sql incremental model main.fct_orders')).toHaveCount(2, {
      timeout: 60_000,
    });

    // New orders arrive: the clock moves a day and the next incremental run inserts them.
    await page.getByRole('button', { name: 'New orders arrive' }).click();
    await expect(page.getByTestId('lab-clock')).toContainText('2018-08-15');
    await input.fill('dbt run -s fct_orders');
    await input.press('Enter');
    await expect(
      log.getByText(/OK created sql incremental model main\.fct_orders .*INSERT [1-9]/),
    ).toHaveCount(1, {
      timeout: 60_000,
    });
    await page.screenshot({ path: 'test-results/screenshots/workspace-light.png' });

    // dbt show fills the results grid.
    await input.fill('dbt show -s fct_orders --limit 3');
    await input.press('Enter');
    await expect(page.getByRole('tab', { name: 'Results' })).toHaveAttribute(
      'aria-selected',
      'true',
      {
        timeout: 60_000,
      },
    );
    await expect(page.getByTestId('result-table')).toHaveAttribute('aria-rowcount', '4');
    await page.getByRole('tab', { name: 'Terminal' }).click();

    await page.reload();
    await waitForEditor(page, MODEL);
    await expect.poll(() => modelText(page, MODEL)).toContain(CONFIG_LINE);
    expect(await modelText(page, MODEL)).toContain('{% if is_incremental() %}');
    for (const previous of [
      'dbt show -s fct_orders --limit 3',
      'dbt run -s fct_orders',
      'dbt run -s +fct_orders',
    ]) {
      await input.press('ArrowUp');
      await expect(input).toHaveValue(previous);
    }

    // Dark mode.
    await page.getByRole('button', { name: /^Theme:/ }).click();
    if (!(await page.locator('html').getAttribute('class'))?.includes('dark'))
      await page.getByRole('button', { name: /^Theme:/ }).click();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await expect(page.locator('[data-testid="editor"] .monaco-editor.vs-dark')).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/workspace-dark.png' });

    // Compiled SQL shows both branches.
    await page.getByRole('tab', { name: 'Compiled SQL' }).click();
    await page.getByRole('button', { name: 'Compile fct_orders' }).click();
    const incremental = page.getByRole('region', { name: 'Incremental run' });
    await expect(incremental).toContainText('interval 3 day');
    await expect(
      page.getByRole('region', { name: 'First build / full refresh' }),
    ).not.toContainText('interval 3 day');

    // The project downloads as a zip holding the edited model (stored uncompressed).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download project (.zip)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('incremental-lab-project.zip');
    const zipped = readFileSync(await download.path()).toString('utf8');
    expect(zipped).toContain('incremental-lab/models/marts/fct_orders.sql');
    expect(zipped).toContain(CONFIG_LINE);

    // Reset asks first: dismissing keeps the edit, accepting brings the starter back.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Reset file' }).click();
    expect(await modelText(page, MODEL)).toContain(CONFIG_LINE);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset all to starter' }).click();
    await expect.poll(() => modelText(page, MODEL)).not.toContain(CONFIG_LINE);
    expect(await modelText(page, MODEL)).toContain("from {{ ref('int_orders_enriched') }}");
    // The database goes back too: Day 10's project built again (the reload had opened the tables
    // kept in the browser, with no build of its own).
    await expect(log).toContainText('Opened your tables as you left them');
    await expect(log).toContainText(
      /reset the database to Day 10's state[\s\S]*Day 10's project is built: .*fct_orders has [\d,]+ rows/,
      { timeout: 120_000 },
    );
    await expect(
      log.getByText(/^Day 10's project is built: .*fct_orders has [\d,]+ rows/),
    ).toHaveCount(1);
  });

  test('the keyboard reaches the file tree, editor and terminal in a few presses', async ({
    page,
  }) => {
    await page.goto('/lab');
    await waitForEditor(page, MODEL);
    const starterText = await modelText(page, MODEL);
    // From the top of the page: the site's skip link, then the lab's own skip links.
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const skipInstructions = page.getByRole('link', { name: /^Skip to instructions/ });
    await expect(skipInstructions).toBeFocused();
    await expect(skipInstructions).toBeVisible(); // shown while focused
    await page.keyboard.press('Tab');
    await expect(page.getByRole('link', { name: /^Skip to file tree/ })).toBeFocused();
    await page.keyboard.press('Enter');
    const openFile = page.getByRole('button', { name: 'fct_orders.sql' });
    await expect(openFile).toBeFocused();
    await page.screenshot({ path: 'test-results/screenshots/lab-keyboard-files.png' });

    // Alt+Shift+digit from anywhere, the editor included.
    await page.keyboard.press('Alt+Shift+Digit3');
    await expect(page.locator('[data-testid="editor"] textarea')).toBeFocused();
    await page.keyboard.press('Alt+Shift+Digit4');
    await expect(page.getByLabel('dbt command')).toBeFocused();
    await page.getByRole('tab', { name: 'Lineage' }).click();
    await page.keyboard.press('Alt+Shift+Digit5');
    await expect(page.getByLabel('SQL to run')).toBeFocused();
    await page.keyboard.press('Alt+Shift+Digit4');
    await expect(page.getByRole('tab', { name: 'Terminal' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByLabel('dbt command')).toBeFocused();
    await page.keyboard.press('Alt+Shift+Digit2');
    await expect(openFile).toBeFocused();
    await page.keyboard.press('Alt+Shift+Digit1');
    await expect(page.locator('#lab-instructions')).toBeFocused();
    // Nothing typed into the model on the way.
    expect(await modelText(page, MODEL)).toBe(starterText);

    // The shortcuts are listed in the toolbar.
    await page.locator('summary', { hasText: 'Keyboard shortcuts' }).click();
    await expect(page.getByRole('table', { name: 'Keyboard shortcuts of the lab' })).toContainText(
      'Alt+Shift+4',
    );
    await page.screenshot({ path: 'test-results/screenshots/lab-shortcuts.png' });
  });

  test('a Jinja error is shown in the log and marked at its line', async ({ page }) => {
    await page.goto('/lab');
    await waitForEditor(page, MODEL);
    await setModelText(
      page,
      MODEL,
      "-- broken on purpose\nselect order_id\nfrom {{ ref('int_orders_enriched' }}\n",
    );
    // Ctrl/Cmd+Enter in the editor runs the open model.
    await page.locator('[data-testid="editor"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+Enter');
    const log = page.getByTestId('terminal-log');
    await expect(log).toContainText('$ dbt run -s fct_orders');
    await expect(log).toContainText('models/marts/fct_orders.sql:3', { timeout: 120_000 });
    await expect
      .poll(() => markerLines(page, MODEL))
      .toEqual([expect.objectContaining({ line: 3 })]);
    await expect(page.locator('[data-testid="editor"] .squiggly-error')).toHaveCount(1);
    await page.screenshot({ path: 'test-results/screenshots/workspace-jinja-error.png' });

    // Escape then Tab leaves the editor (no keyboard trap).
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    const inEditor = await page.evaluate(
      () => document.activeElement?.closest('[data-testid="editor"]') !== null,
    );
    expect(inEditor).toBe(false);
  });

  test("completion offers the project's model names inside ref()", async ({ page }) => {
    await page.goto('/lab');
    await waitForEditor(page, MODEL);
    await setModelText(page, MODEL, 'select * from {{ ref(');
    await page.locator('[data-testid="editor"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.type("'");
    const suggest = page.locator('[data-testid="editor"] .suggest-widget');
    await expect(suggest).toContainText('int_orders_enriched');
    await expect(suggest).toContainText('stg_orders');
  });

  test('at 200% zoom (half the viewport) the editor and the terminal stay usable', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 720, height: 450 });
    await page.goto('/lab');
    await waitForEditor(page, MODEL);
    // The instructions start folded on a narrow window; the button brings them back.
    await expect(page.getByRole('button', { name: 'Show instructions' })).toBeVisible();
    const input = page.getByLabel('dbt command');
    await input.scrollIntoViewIfNeeded();
    await expect(input).toBeInViewport();
    await page.screenshot({
      path: 'test-results/screenshots/workspace-zoom200.png',
      fullPage: true,
    });
  });

  test("a lesson's Open in lab link puts its SQL in the SQL console", async ({ page }) => {
    await page.goto(`/lab?sql=${encodeURIComponent('select 7 as seven')}`);
    await expect(page.getByRole('tab', { name: 'SQL console' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByLabel('SQL to run')).toHaveValue('select 7 as seven');
  });

  test('keystrokes typed just before a reload survive it, even when IndexedDB never saved them', async ({
    page,
  }) => {
    await page.goto('/lab');
    await waitForEditor(page, MODEL);
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
    // From here on this page's IndexedDB writes never finish, as when a reload cuts one short.
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = function () {
        return {} as IDBRequest<IDBValidKey>;
      };
    });
    await page.locator('[data-testid="editor"] .view-lines').click();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.type('-- typed then reloaded\n');
    const typed = await modelText(page, MODEL);
    expect(typed).toMatch(/^-- typed then reloaded\n-- One row per order/);
    await page.reload();
    await waitForEditor(page, MODEL);
    await expect.poll(() => modelText(page, MODEL)).toBe(typed);
    await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
    // And it is in IndexedDB now: another reload still has it.
    await page.reload();
    await waitForEditor(page, MODEL);
    await expect.poll(() => modelText(page, MODEL)).toBe(typed);
  });

  test('Stop cancels a running dbt command and the terminal keeps working', async ({ page }) => {
    await page.goto('/lab');
    const input = page.getByLabel('dbt command');
    const log = page.getByTestId('terminal-log');
    await input.fill('dbt ls -s fct_orders');
    await input.press('Enter');
    await expect(log).toContainText('olist_dbt.marts.fct_orders', { timeout: 120_000 });
    await input.fill(`dbt show --inline "select count(*) as n from range(100000000000)"`);
    await input.press('Enter');
    // A second command while one runs is turned away, and its line stays in the prompt.
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
    await input.fill('dbt ls -s stg_orders');
    await input.press('Enter');
    await expect(log).toContainText('A command is still running: wait for it or press Stop.');
    await expect(input).toHaveValue('dbt ls -s stg_orders');
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect(log).toContainText('cancelled', { timeout: 30_000 });
    await expect(page.getByRole('button', { name: 'Clear' })).toBeVisible();
    await input.fill('dbt show --inline "select 2 as after_stop"'); // replaces the kept line
    await input.press('Enter');
    await expect(page.getByTestId('result-table').getByRole('gridcell')).toHaveText(['2']);
  });
});
