/**
 * Classes, end to end on the SQLite store: the instructor sets up with the one-time link, makes a
 * class; a student joins in a second browser context, does the lab and grades; the dashboard shows
 * the server's own verdict without a reload; the CSV says the same; the student reloads and
 * rejoins. Then the boundaries: who may read what, forged cookies, cross-origin posts, bad bodies.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, BrowserContext } from '@playwright/test';
import { CHECK_IDS } from '../lib/grader/types';
import { expect, test } from './fixtures';
import { setModelText, waitForEditor } from './monaco';

const MODEL = 'models/marts/fct_orders.sql';
const SOLUTION = readFileSync(
  path.join(__dirname, '../content/lab/solution/models/marts/fct_orders.sql'),
  'utf8',
);
const DATA_DIR = process.env.E2E_LAB_DATA_DIR!;
const PASSWORD = 'correct horse battery';

async function setupLink(): Promise<string> {
  const file = path.join(DATA_DIR, 'setup-link.txt');
  await expect
    .poll(() => (existsSync(file) ? readFileSync(file, 'utf8').trim() : ''), { timeout: 30_000 })
    .toMatch(/\/teach\/setup\?token=/);
  return readFileSync(file, 'utf8').trim();
}

test.describe.serial('classes', () => {
  test.setTimeout(300_000);
  let classId = '';
  let joinCode = '';
  let studentContext: BrowserContext;

  test('setup → class → a student joins, does the lab and grades → the dashboard shows the server verdict live', async ({
    page,
    browser,
    baseURL,
  }) => {
    // The instructor: the setup link, once.
    const link = new URL(await setupLink());
    await page.goto(`${link.pathname}${link.search}`);
    await page.getByLabel('Name').fill('Ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the instructor account' }).click();
    await expect(page.getByText('Signed in as Ana')).toBeVisible();
    await page.getByLabel('New class').fill('Day 11 e2e');
    await page.getByRole('button', { name: 'Create class' }).click();
    await expect(page.getByRole('heading', { name: 'Day 11 e2e' })).toBeVisible();
    classId = page.url().split('/teach/classes/')[1]!;
    joinCode = (await page.getByTestId('join-code').textContent())!.trim();
    expect(joinCode).toMatch(/^[A-Z2-9]{6}$/);
    await expect(page.getByTestId('live-state')).toHaveAttribute('data-state', 'live');
    // The link works only once.
    const again = await page.request.post('/api/setup', {
      data: { token: link.searchParams.get('token'), name: 'Eve', password: PASSWORD },
      headers: { origin: baseURL! },
    });
    expect(again.status()).toBe(409);

    // The student, in a browser of their own.
    studentContext = await browser.newContext();
    const student = await studentContext.newPage();
    await student.goto(`/join/${joinCode}`);
    await student.getByLabel('Your name').fill('Bo');
    await student.getByRole('button', { name: 'Join' }).click();
    await expect(student.getByRole('status')).toContainText('You joined Day 11 e2e as Bo');
    await expect(page.getByTestId('student-Bo')).toBeVisible({ timeout: 15_000 }); // live, no reload
    await student.getByRole('link', { name: 'Open the lab' }).click();
    await waitForEditor(student, MODEL);
    await expect(student.getByTestId('class-bar')).toContainText('Class Day 11 e2e as Bo');
    await expect(student.getByTestId('terminal-log')).toContainText("Day 10's project is built", {
      timeout: 120_000,
    });
    // the server grades on the class's data: a class member cannot switch to their own CSVs
    await expect(student.getByTestId('own-data-pick')).toBeDisabled();
    await expect(student.getByText("In a class the lab runs on the class's data")).toBeVisible();
    await setModelText(student, MODEL, SOLUTION);
    await student.getByLabel('dbt command').fill('dbt run -s fct_orders');
    await student.getByLabel('dbt command').press('Enter');
    await expect(student.getByTestId('terminal-log')).toContainText(
      'OK created sql incremental model main.fct_orders',
      { timeout: 60_000 },
    );
    await student.getByRole('tab', { name: 'Grade' }).click();
    await student.getByRole('button', { name: 'Grade', exact: true }).click();
    await expect(student.getByTestId('grade-report')).toHaveAttribute('data-passed', 'true', {
      timeout: 150_000,
    });
    await expect(student.getByTestId('class-bar')).toHaveAttribute('data-state', 'synced', {
      timeout: 30_000,
    });

    // The dashboard, without a reload: the server's own grade, every check passing.
    await expect(page.getByTestId('server-Bo')).toContainText('passed', { timeout: 150_000 });
    for (const id of CHECK_IDS)
      await expect(page.getByTestId(`cell-Bo-${id}`)).toHaveAttribute('data-status', 'pass');
    await expect(page.getByTestId('summary-idempotent_rerun')).toContainText('1 / 1');
    await page.screenshot({ path: 'test-results/screenshots/teach-dashboard.png', fullPage: true });

    // The CSV: one row per student, a column per check and lesson.
    const csv = await (await page.request.get(`/api/teach/classes/${classId}/export`)).text();
    const [header, row, extra] = csv
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(extra).toBeUndefined();
    expect(header).toEqual(
      expect.arrayContaining(['student', 'attempts', 'server_passed', ...CHECK_IDS, 'lesson_lab']),
    );
    const at = (name: string) => row![header!.indexOf(name)];
    expect(at('student')).toBe('Bo');
    expect(at('attempts')).toBe('1');
    expect(at('server_passed')).toBe('true');
    expect(at('browser_passed')).toBe('true');
    for (const id of CHECK_IDS) expect(at(id)).toBe('pass');
    expect(at('lesson_lab')).toMatch(/^\d{4}-\d\d-\d\dT/); // the passing grade marked the lab done

    // The student's page: the model as a diff, the run log, the step table.
    await page.getByRole('link', { name: 'Bo', exact: true }).click();
    await expect(page.getByTestId('model-diff')).toContainText('+ {{');
    await expect(page.getByTestId('run-log')).toContainText('$ dbt run -s fct_orders');
    await expect(page.getByText('S4 Full-refresh reference')).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/teach-student.png', fullPage: true });

    // The student reloads (still in the class) and rejoins from the same browser: the same record.
    await student.reload();
    await waitForEditor(student, MODEL);
    await expect(student.getByTestId('class-bar')).toContainText('Class Day 11 e2e as Bo');
    await student.goto(`/join/${joinCode}`);
    await student.getByLabel('Your name').fill('Bo');
    await student.getByRole('button', { name: 'Join' }).click();
    await expect(student.getByRole('status')).toContainText('Welcome back');
    const dashboard = await (
      await page.request.get(`/api/teach/classes/${classId}/dashboard`)
    ).json();
    expect(dashboard.dashboard.students.map((s: { name: string }) => s.name)).toEqual(['Bo']);
  });

  test('boundaries: roles, cookies, origins and bodies', async ({
    page,
    playwright,
    baseURL,
    browser,
  }) => {
    const origin = { origin: baseURL! };
    const signIn = await page.request.post('/api/auth/login', {
      data: { name: 'Ana', password: PASSWORD },
      headers: origin,
    });
    expect(signIn.status()).toBe(200);
    const student = studentContext.request;
    // A student reaches neither the roster nor another student's page.
    expect((await student.get('/api/teach/classes')).status()).toBe(401);
    expect((await student.get(`/api/teach/classes/${classId}/dashboard`)).status()).toBe(401);
    const me = await (await student.get('/api/me')).json();
    expect(
      (await student.get(`/api/teach/classes/${classId}/students/${me.student.id}`)).status(),
    ).toBe(401);

    // A forged student cookie (its signature changed) is nobody.
    const cookies = await studentContext.cookies();
    const cookie = cookies.find((c) => c.name === 'lab_student')!;
    const forged: APIRequestContext = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { cookie: `lab_student=${cookie.value.slice(0, -3)}AAA` },
    });
    expect((await forged.get('/api/me')).status()).toBe(404);
    expect(
      (await forged.post('/api/sync', { data: { events: [] }, headers: origin })).status(),
    ).toBe(401);
    await forged.dispose();

    // A second class and its student: a cookie of one class is not accepted as the other's.
    const created = await page.request.post('/api/teach/classes', {
      data: { name: 'Other' },
      headers: origin,
    });
    expect(created.status()).toBe(201);
    const other = (await created.json()).class;
    const second: BrowserContext = await browser.newContext();
    const joined = await second.request.post('/api/join', {
      data: { code: other.join_code, name: 'Cy' },
      headers: origin,
    });
    expect(joined.status()).toBe(201);
    const cyCookie = (await second.cookies()).find((c) => c.name === 'lab_student')!.value;
    const [body, signature] = cyCookie.split('.');
    const swapped = JSON.parse(Buffer.from(body!, 'base64url').toString());
    swapped.classId = classId;
    const replayed = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: {
        cookie: `lab_student=${Buffer.from(JSON.stringify(swapped)).toString('base64url')}.${signature}`,
      },
    });
    expect((await replayed.get('/api/me')).status()).toBe(404);
    await replayed.dispose();
    await second.close();

    // Cross-origin posts are refused, whoever sends them.
    const evil = { origin: 'http://evil.example' };
    expect(
      (await student.post('/api/sync', { data: { events: [] }, headers: evil })).status(),
    ).toBe(403);
    expect(
      (
        await page.request.post('/api/teach/classes', { data: { name: 'x' }, headers: evil })
      ).status(),
    ).toBe(403);
    expect(
      (
        await page.request.post('/api/auth/login', {
          data: { name: 'Ana', password: 'x' },
          headers: evil,
        })
      ).status(),
    ).toBe(403);

    // Bodies: too big, not JSON, the wrong shape: clear 413 / 400 / 422 JSON answers.
    const big = await student.post('/api/sync', {
      headers: { ...origin, 'content-type': 'application/json' },
      data: JSON.stringify({ events: [], pad: 'x'.repeat(3_000_000) }),
    });
    expect(big.status()).toBe(413);
    expect((await big.json()).error).toMatch(/over/);
    const broken = await student.post('/api/sync', {
      headers: { ...origin, 'content-type': 'application/json' },
      data: Buffer.from('{"events": ['),
    });
    expect(broken.status()).toBe(400);
    const wrong = await student.post('/api/sync', {
      headers: origin,
      data: { events: [{ id: 'not-a-uuid', kind: 'lesson_done' }] },
    });
    expect(wrong.status()).toBe(422);
    expect((await wrong.json()).error).toMatch(/events/);

    // Another instructor (added from the command line) cannot see Ana's class.
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/instructor.ts', 'add', 'Bea'], {
      input: `${PASSWORD}\n`,
      env: { ...process.env, LAB_DATA_DIR: DATA_DIR, DATABASE_URL: '' },
    });
    const bea = await playwright.request.newContext({ baseURL });
    expect(
      (
        await bea.post('/api/auth/login', {
          data: { name: 'Bea', password: PASSWORD },
          headers: origin,
        })
      ).status(),
    ).toBe(200);
    expect((await bea.get(`/api/teach/classes/${classId}/dashboard`)).status()).toBe(404);
    expect((await (await bea.get('/api/teach/classes')).json()).classes).toEqual([]);
    // Guessing passwords is slowed down: 429 after ten tries.
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++)
      status = (
        await bea.post('/api/auth/login', {
          data: { name: 'Bea', password: `guess ${i}` },
          headers: origin,
        })
      ).status();
    expect(status).toBe(429);
    await bea.dispose();
  });
});
