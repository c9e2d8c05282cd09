import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_IDS } from '@/lib/grader/types';
import { addInstructor } from '../auth';
import type { Student } from '../db/schema';
import { openTestStore, STORE_KINDS, type TestStore } from '../testing/stores';
import { classByCode, classForInstructor, createClass, listClasses, updateClass } from './classes';
import { dashboardCsv } from './csv';
import { classDashboard, IDLE_MINUTES } from './dashboard';
import { recordEvents, storeSubmission } from './progress';
import { joinClass } from './students';

const PASSWORD = 'a long enough password';
const allPass = Object.fromEntries(CHECK_IDS.map((id) => [id, 'pass']));

describe.each(STORE_KINDS)('classes on %s', (kind) => {
  let store: TestStore;
  let ana: string;
  beforeEach(async () => {
    store = await openTestStore(kind);
    const added = await addInstructor(store, 'Ana', PASSWORD);
    if (!added.ok) throw new Error(added.message);
    ana = added.instructor.id;
  });
  afterEach(async () => {
    await store.dispose();
  });

  async function joined(
    code: string,
    name: string,
    current: Student | null = null,
  ): Promise<Student> {
    const outcome = await joinClass(store, code, name, current);
    if (!outcome.ok) throw new Error(outcome.message);
    return outcome.student;
  }

  it('belong to the instructor who made them', async () => {
    const bea = await addInstructor(store, 'Bea', PASSWORD);
    if (!bea.ok) throw new Error(bea.message);
    const klass = await createClass(store, ana, '  Day 11  ');
    expect(klass.name).toBe('Day 11');
    expect(klass.join_code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect((await listClasses(store, ana)).map((c) => c.name)).toEqual(['Day 11']);
    expect(await listClasses(store, bea.instructor.id)).toEqual([]);
    expect(await classForInstructor(store, bea.instructor.id, klass.id)).toBeNull();
    expect((await classForInstructor(store, ana, klass.id))?.id).toBe(klass.id);
  });

  it('are joined by code and name; the same browser resumes; closing and rotating apply to newcomers', async () => {
    const klass = await createClass(store, ana, 'Day 11');
    expect(await joinClass(store, klass.join_code, '   ', null)).toMatchObject({
      ok: false,
      status: 422,
    });
    expect(await joinClass(store, 'ZZZZZZ', 'Bo', null)).toMatchObject({ ok: false, status: 404 });
    // Typed in lower case with a dash, as people do.
    const code = `${klass.join_code.slice(0, 3).toLowerCase()}-${klass.join_code.slice(3)}`;
    const bo = await joined(code, 'Bo');
    const again = await joinClass(store, klass.join_code, 'Bo B.', bo);
    expect(again).toMatchObject({ ok: true, resumed: true, token: null });
    expect(again.ok && again.student.id).toBe(bo.id);
    await updateClass(store, klass.id, { joiningOpen: false });
    expect(await joinClass(store, klass.join_code, 'Cy', null)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await joinClass(store, klass.join_code, 'Bo', bo)).toMatchObject({
      ok: true,
      resumed: true,
    });
    const rotated = await updateClass(store, klass.id, { rotateCode: true, joiningOpen: true });
    expect(rotated.join_code).not.toBe(klass.join_code);
    expect(await classByCode(store, klass.join_code)).toBeNull();
    expect((await joined(rotated.join_code, 'Cy')).class_id).toBe(klass.id);
    // A student of another class joining here is a new record, not theirs.
    const other = await createClass(store, ana, 'Other');
    const dee = await joined(other.join_code, 'Dee');
    const deeHere = await joinClass(store, rotated.join_code, 'Dee', dee);
    expect(deeHere).toMatchObject({ ok: true, resumed: false });
    expect(deeHere.ok && deeHere.student.id).not.toBe(dee.id);
  });

  it('store events and submissions once per browser-made id', async () => {
    const klass = await createClass(store, ana, 'Day 11');
    const bo = await joined(klass.join_code, 'Bo');
    const event = {
      id: randomUUID(),
      time: new Date().toISOString(),
      kind: 'lesson_done' as const,
      payload: { page: 'overview', done: true },
    };
    await recordEvents(store, bo, [event]);
    await recordEvents(store, bo, [event]);
    expect(await store.db.selectFrom('progress_events').select('id').execute()).toHaveLength(1);
    const submission = {
      clientId: randomUUID(),
      time: new Date().toISOString(),
      files: { 'models/marts/fct_orders.sql': 'select 1' },
      report: { passed: false, checks: [] },
    };
    const first = await storeSubmission(store, bo, submission);
    const second = await storeSubmission(store, bo, submission);
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
  });

  it('the dashboard: server verdicts per check, disagreement, stuck and idle signals, the CSV', async () => {
    const klass = await createClass(store, ana, 'Day 11');
    const bo = await joined(klass.join_code, 'Bo');
    const cy = await joined(klass.join_code, '=cmd|x');
    const dee = await joined(klass.join_code, 'Dee');
    let minute = 0;
    const at = () => new Date(Date.UTC(2026, 11, 1, 10, minute++)).toISOString();
    async function attempt(
      student: Student,
      browserPassed: boolean,
      checks: Record<string, string>,
    ) {
      const submission = await storeSubmission(store, student, {
        clientId: randomUUID(),
        time: at(),
        files: { 'models/marts/fct_orders.sql': 'select 1' },
        report: {
          passed: browserPassed,
          checks: Object.entries(checks).map(([id, status]) => ({ id, status })) as never,
        },
      });
      const passed = Object.values(checks).every((s) => s === 'pass');
      await store.db
        .insertInto('grades')
        .values({
          id: randomUUID(),
          submission_id: submission.id,
          student_id: student.id,
          class_id: klass.id,
          grader_version: 'v1',
          status: 'done',
          report: '{}',
          checks: JSON.stringify(checks),
          passed: passed ? 1 : 0,
          error: null,
          queued_at: at(),
          started_at: at(),
          finished_at: at(),
        })
        .execute();
    }
    await attempt(bo, true, allPass);
    // Cy's browser says pass, the server says the rerun fails, three times: disagreement and stuck.
    const rerunFails = { ...allPass, idempotent_rerun: 'fail' };
    for (let i = 0; i < 3; i++) await attempt(cy, true, rerunFails);
    await recordEvents(store, bo, [
      {
        id: randomUUID(),
        time: at(),
        kind: 'lesson_done',
        payload: { page: 'overview', done: true },
      },
      { id: randomUUID(), time: at(), kind: 'lesson_done', payload: { page: 'lab', done: true } },
      { id: randomUUID(), time: at(), kind: 'lesson_done', payload: { page: 'lab', done: false } },
    ]);
    // Dee joined long ago and did nothing since.
    await store.db
      .updateTable('students')
      .set({ last_seen_at: '2026-12-01T08:00:00.000Z' })
      .where('id', '=', dee.id)
      .execute();

    const now = new Date('2026-12-01T10:30:00.000Z');
    const dashboard = await classDashboard(store, klass.id, 'v1', now);
    const row = (name: string) => dashboard.students.find((s) => s.name === name)!;
    expect(dashboard.graded).toBe(2);
    expect(dashboard.perCheck.idempotent_rerun).toBe(1);
    expect(dashboard.perCheck.materialized_incremental).toBe(2);
    expect(row('Bo')).toMatchObject({
      attempts: 1,
      disagreement: false,
      stuck: null,
      browserPassed: true,
    });
    expect(Object.keys(row('Bo').lessonsDone)).toEqual(['overview']);
    expect(row('Bo').grade).toMatchObject({ status: 'done', passed: true, stale: false });
    expect(row('=cmd|x')).toMatchObject({
      attempts: 3,
      disagreement: true,
      stuck: 'idempotent_rerun failing over 3 attempts',
    });
    expect(row('Dee').stuck).toMatch(new RegExp(`^no activity for \\d+ minutes$`));
    expect(Number(/\d+/.exec(row('Dee').stuck!)![0])).toBeGreaterThanOrEqual(IDLE_MINUTES);
    expect(
      (await classDashboard(store, klass.id, 'v2', now)).students.find((s) => s.name === 'Bo')!
        .grade!.stale,
    ).toBe(true);

    const csv = dashboardCsv(dashboard).trim().split('\r\n');
    expect(csv).toHaveLength(4);
    expect(csv[0]).toContain(CHECK_IDS.join(','));
    expect(csv.find((line) => line.includes('cmd'))).toMatch(/^'=cmd\|x,/); // never a formula in a spreadsheet
  });
});
