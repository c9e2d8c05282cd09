/**
 * The lab's debugging exercises (content/lab/project/exercises): each broken fct_orders fails the
 * check its story is about, with the hint that names the cause; the one-line fix a student makes
 * passes every check.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { grade } from './grade';
import type { CheckId, GradeReport } from './types';

const MODEL_PATH = 'models/marts/fct_orders.sql';
const DATA = { kind: 'generated', scale: 0.1, seed: 42 } as const;

let starter: ProjectFiles;
beforeAll(async () => {
  starter = await starterProjectFiles();
});

async function gradeAs(model: string): Promise<GradeReport> {
  const connection = await openNodeConnection();
  try {
    return await grade({ files: { ...starter, [MODEL_PATH]: model }, connection, data: DATA });
  } finally {
    await connection.close();
  }
}

const notPassing = (report: GradeReport) =>
  Object.fromEntries(report.checks.filter((c) => c.status !== 'pass').map((c) => [c.id, c.status]));
const check = (report: GradeReport, id: CheckId) => report.checks.find((c) => c.id === id)!;

function fixed(text: string, from: string | RegExp, to: string): string {
  const result = text.replace(from, to);
  expect(result).not.toBe(text);
  return result;
}

const EXERCISES: {
  file: string;
  fails: Record<string, string>;
  hint: [CheckId, RegExp];
  fix: (text: string) => string;
}[] = [
  {
    file: 'exercises/01-the-count-grows.sql',
    fails: {
      unique_key_set: 'fail',
      idempotent_rerun: 'fail',
      late_arriving_updated: 'fail',
      matches_full_refresh: 'fail',
    },
    hint: ['idempotent_rerun', /Without `unique_key` the lookback window is appended again/],
    fix: (t) =>
      fixed(
        t,
        "materialized='incremental'",
        "materialized='incremental',\n        unique_key='order_id'",
      ),
  },
  {
    file: 'exercises/02-history-is-gone.sql',
    fails: { matches_full_refresh: 'fail' },
    hint: ['matches_full_refresh', /Move the filter inside `\{% if is_incremental\(\) %\}`/],
    fix: (t) =>
      fixed(t, /^(where order_purchase_ts .*)$/m, '{% if is_incremental() %}\n$1\n{% endif %}'),
  },
  {
    file: 'exercises/03-new-orders-go-missing.sql',
    fails: { new_rows_processed: 'fail' },
    hint: ['new_rows_processed', /orders without a payment yet are dropped/],
    fix: (t) => fixed(t, /^join payments/m, 'left join payments'),
  },
  {
    file: 'exercises/04-the-second-run-fails.sql',
    fails: {
      incremental_filter: 'error',
      idempotent_rerun: 'error',
      new_rows_processed: 'error',
      late_arriving_updated: 'error',
      matches_full_refresh: 'error',
    },
    hint: ['incremental_filter', /`order_purchase_timestamp` is the raw column's name/],
    fix: (t) => fixed(t, 'where order_purchase_timestamp', 'where order_purchase_ts'),
  },
];

describe('the debugging exercises', () => {
  it('are all in the starter project, outside models/ (dbt does not build them)', () => {
    expect(
      Object.keys(starter)
        .filter((p) => p.startsWith('exercises/'))
        .sort(),
    ).toEqual(EXERCISES.map((e) => e.file));
  });

  it.each(EXERCISES)('$file fails for its reason, and its fix passes', async (exercise) => {
    const text = starter[exercise.file]!;
    const broken = await gradeAs(text);
    expect(notPassing(broken)).toEqual(exercise.fails);
    expect(check(broken, exercise.hint[0]).hint).toMatch(exercise.hint[1]);
    const repaired = await gradeAs(exercise.fix(text));
    expect(notPassing(repaired)).toEqual({});
  });
});
