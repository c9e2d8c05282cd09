import { expect, test } from './fixtures';
import { modelText, setModelText, waitForEditor } from './monaco';

const MODEL = 'models/marts/fct_orders.sql';

test('two tabs of the lab: a save in one reaches the other, the last save wins', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await page.goto('/lab');
  await waitForEditor(page, MODEL);
  const other = await context.newPage();
  await other.goto('/lab');
  await waitForEditor(other, MODEL);

  const starter = (await modelText(page, MODEL))!;
  await setModelText(page, MODEL, `-- from tab one\n${starter}`);
  await page.keyboard.press('ControlOrMeta+s');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

  // The other tab had nothing unsaved: it shows the saved text and says why it changed.
  await expect.poll(() => modelText(other, MODEL)).toBe(`-- from tab one\n${starter}`);
  await expect(other.getByText('Updated with changes saved in another tab.')).toBeVisible();

  // Its own edit then wins on save, and reaches the first tab in turn.
  await setModelText(other, MODEL, `-- from tab two\n${starter}`);
  await expect(other.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  await expect.poll(() => modelText(page, MODEL)).toBe(`-- from tab two\n${starter}`);
  await page.reload();
  await waitForEditor(page, MODEL);
  expect(await modelText(page, MODEL)).toBe(`-- from tab two\n${starter}`);
});
