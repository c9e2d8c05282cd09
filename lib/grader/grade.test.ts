/**
 * The grader on real DuckDB: the solution variants pass every check; each typical mistake fails the
 * check it should, and only for the right reason (the messages say why).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { solutionProjectFiles, starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { grade } from './grade';
import type { CheckId, GradeReport } from './types';

const MODEL_PATH = 'models/marts/fct_orders.sql';
const FIXTURES = path.join(__dirname, 'fixtures');
// A tenth of the Olist size keeps each grading run around a second; the protocol is the same.
const DATA = { kind: 'generated', scale: 0.1, seed: 42 } as const;

let starter: ProjectFiles;

beforeAll(async () => {
  starter = await starterProjectFiles();
});

async function gradeFiles(files: ProjectFiles, timeLimitMs?: number): Promise<GradeReport> {
  const connection = await openNodeConnection();
  try {
    return await grade({ files, connection, data: DATA, timeLimitMs });
  } finally {
    await connection.close();
  }
}

async function gradeFixture(name: string, timeLimitMs?: number): Promise<GradeReport> {
  const model = await readFile(path.join(FIXTURES, name), 'utf8');
  return gradeFiles({ ...starter, [MODEL_PATH]: model }, timeLimitMs);
}

function notPassing(report: GradeReport): Record<string, string> {
  return Object.fromEntries(
    report.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status]),
  );
}

function message(report: GradeReport, id: CheckId): string {
  return report.checks.find((c) => c.id === id)!.message;
}

function hint(report: GradeReport, id: CheckId): string {
  return report.checks.find((c) => c.id === id)!.hint;
}

describe('grader: solutions pass', () => {
  it('the course solution (delete+insert) passes every check, with the step table filled in', async () => {
    const report = await gradeFiles(await solutionProjectFiles());
    expect(notPassing(report)).toEqual({});
    expect(report.passed).toBe(true);
    const [s0, s1, s2, s3, s4] = report.steps;
    expect(report.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(s0!.incremental).toBe(false);
    expect(s1!.incremental).toBe(true);
    expect(s1!.batch).toBeLessThan(s0!.total * 0.1);
    expect([s1!.inserted, s1!.updated, s1!.deleted, s1!.duplicateKeys]).toEqual([0, 0, 0, 0]);
    expect(s1!.unchangedRewritten).toBe(s1!.batch);
    expect(s2!.inserted).toBeGreaterThan(0);
    expect(s2!.total).toBe(s0!.total + s2!.inserted);
    expect(s3!.updated).toBeGreaterThan(0);
    expect(s4!.total).toBe(s3!.total);
    // The very late correction is information, not a failure.
    expect(report.info.join(' ')).toMatch(/outside the 3-day lookback window/);
  });

  it.each([
    'solution-merge.sql',
    'solution-snowflake.sql',
    'solution-max-lookback.sql',
    'solution-run-query.sql',
  ])('%s passes every check', async (fixture) => {
    const report = await gradeFixture(fixture);
    expect(notPassing(report)).toEqual({});
  });
});

describe('grader: each mistake fails for its own reason', () => {
  it('the starter (a table) fails materialized_incremental with a helpful message', async () => {
    const report = await gradeFiles(starter);
    expect(notPassing(report)).toEqual({
      materialized_incremental: 'fail',
      unique_key_set: 'fail',
      incremental_filter: 'fail',
    });
    expect(message(report, 'materialized_incremental')).toMatch(/materialized as 'table'/);
    expect(report.checks.find((c) => c.id === 'materialized_incremental')!.hint).toMatch(
      /materialized='incremental'/,
    );
  });

  it('no unique_key: the rerun appends the window again', async () => {
    const report = await gradeFixture('mistake-no-unique-key.sql');
    expect(notPassing(report)).toEqual({
      unique_key_set: 'fail',
      idempotent_rerun: 'fail',
      late_arriving_updated: 'fail',
      matches_full_refresh: 'fail',
    });
    expect(message(report, 'idempotent_rerun')).toMatch(/grew the table .* now appears 2 times/);
    expect(report.checks.find((c) => c.id === 'idempotent_rerun')!.hint).toMatch(
      /Without `unique_key` the lookback window is appended again/,
    );
    // The final difference is the same duplicates, not a logic change.
    expect(hint(report, 'matches_full_refresh')).toMatch(
      /appends its window again: set `unique_key/,
    );
  });

  it('wrong grain: a join that multiplies rows', async () => {
    const report = await gradeFixture('mistake-wrong-grain.sql');
    expect(notPassing(report)).toMatchObject({ grain_unique: 'fail' });
    expect(message(report, 'grain_unique')).toMatch(/appears \d+ times after the first build/);
    // Whatever else fails, fails because orders repeat: never for a filter or lookback reason.
    for (const check of report.checks.filter((c) => c.status !== 'pass' && c.id !== 'grain_unique'))
      expect(check.message).toMatch(/more than once|twice|appears \d+ times/);
  });

  it('no filter: every run rebuilds everything', async () => {
    const report = await gradeFixture('mistake-no-filter.sql');
    expect(notPassing(report)).toEqual({ incremental_filter: 'fail' });
    expect(message(report, 'incremental_filter')).toMatch(/processed ([\d,]+) of \1 rows \(100%\)/);
  });

  it('no lookback: late payments for loaded orders are missed', async () => {
    const report = await gradeFixture('mistake-no-lookback.sql');
    expect(notPassing(report)).toEqual({
      late_arriving_updated: 'fail',
      matches_full_refresh: 'fail',
    });
    expect(message(report, 'late_arriving_updated')).toMatch(/Late changes were missed/);
  });

  it('filter on a joined table: orders without a payment yet are dropped', async () => {
    const report = await gradeFixture('mistake-filter-on-payments.sql');
    expect(notPassing(report)).toMatchObject({ new_rows_processed: 'fail' });
    expect(notPassing(report)).not.toHaveProperty('late_arriving_updated');
    expect(message(report, 'new_rows_processed')).toMatch(/missing after the run .*no payment yet/);
    expect(hint(report, 'matches_full_refresh')).toMatch(/new orders without a payment yet/);
    expect(hint(report, 'matches_full_refresh')).not.toMatch(/After changing logic/);
  });

  it('a filter on {{ this }} outside is_incremental(): named as such, not as a missing parent', async () => {
    const report = await gradeFixture('mistake-this-outside-block.sql');
    expect(report.steps[0]!.status).toBe('error');
    expect(message(report, 'grain_unique')).toMatch(/Table with name fct_orders does not exist/);
    for (const check of report.checks.filter((c) => c.status === 'error')) {
      expect(check.hint).toMatch(
        /the first build has no table to read yet: put the filter inside the `\{% if is_incremental\(\) %\}` block/,
      );
      expect(check.message).not.toMatch(/Build it with its parents first/);
    }
  });

  it('the raw column name in the filter: the first build works, the incremental branch names the staged column', async () => {
    const report = await gradeFixture('mistake-raw-column.sql');
    expect(report.steps.map((s) => s.status).slice(0, 2)).toEqual(['ok', 'error']);
    expect(notPassing(report)).toMatchObject({ incremental_filter: 'error' });
    expect(hint(report, 'incremental_filter')).toMatch(
      /error is in the incremental branch: `order_purchase_timestamp` is the raw column's name; .* it is `order_purchase_ts`/,
    );
  });

  it('is_incremental without parentheses: always true, so the first build loses history', async () => {
    const report = await gradeFixture('mistake-is-incremental-no-parens.sql');
    expect(notPassing(report)).toEqual({ matches_full_refresh: 'fail' });
    expect(message(report, 'matches_full_refresh')).toMatch(/first build had only/);
    expect(hint(report, 'matches_full_refresh')).toMatch(/with the parentheses/);
  });

  it('filter outside the is_incremental() block: the first build loses history', async () => {
    const report = await gradeFixture('mistake-filter-outside-block.sql');
    expect(notPassing(report)).toEqual({ matches_full_refresh: 'fail' });
    expect(message(report, 'matches_full_refresh')).toMatch(
      /first build had only .* the date filter also applies when the table is built from scratch/,
    );
  });

  it('logic that drifts from the full refresh', async () => {
    const report = await gradeFixture('mistake-logic-drift.sql');
    expect(notPassing(report)).toMatchObject({ matches_full_refresh: 'fail' });
    expect(message(report, 'matches_full_refresh')).toMatch(
      /differ from a full rebuild \(order .*: payment_total_value is .* here, .* in a full rebuild\)/,
    );
  });
});

describe('grader: broken models', () => {
  it('a Jinja error makes every check an error that names the file and the problem', async () => {
    const report = await gradeFixture('broken-jinja.sql');
    expect(new Set(report.checks.map((c) => c.status))).toEqual(new Set(['error']));
    expect(message(report, 'materialized_incremental')).toMatch(/models\/marts\/fct_orders\.sql/);
    expect(report.passed).toBe(false);
  });

  it('a runaway query is stopped at the time limit with a clear error', async () => {
    const started = performance.now();
    const report = await gradeFixture('runaway.sql', 1500);
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(report.steps[0]!.status).toBe('error');
    expect(report.steps[0]!.error).toMatch(/stopped after 1.5 s/);
    expect(message(report, 'grain_unique')).toMatch(/Step S0 failed/);
  });
});

describe('grader: sandbox', () => {
  it('a model cannot read files once the database is locked down', async () => {
    const model = `{{ config(materialized='incremental', unique_key='order_id') }}
select * from read_csv('/etc/hostname')`;
    const connection = await openNodeConnection();
    try {
      const report = await grade({
        files: { ...starter, [MODEL_PATH]: model },
        connection,
        data: DATA,
        sandbox: true,
      });
      expect(report.steps[0]!.status).toBe('error');
      expect(report.steps[0]!.error).toMatch(/Permission Error|disabled/i);
    } finally {
      await connection.close();
    }
  });
});
