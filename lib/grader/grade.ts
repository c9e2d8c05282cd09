/**
 * `grade(project, scenario, connection)`: plays the protocol's steps S0–S4 on a fresh database and
 * judges the model's table (never its SQL text). Deterministic for the same files and data.
 */
import type { Connection } from '@/lib/engine/connection';
import { compileModel, type ProjectFiles } from '@/lib/dbt';
import {
  applyTimelineEvent,
  loadLabData,
  type DataSource,
  type EventEffect,
  type LoadOptions,
} from '@/lib/data';
import { judge } from './checks';
import type { ColumnDifference, Evidence } from './evidence';
import { materialization, relationName, uniqueKeyColumns } from './model-config';
import { runModel, type StepRun } from './run-step';
import { LOCKDOWN_SQL } from './sandbox';
import {
  changesByKey,
  columnNames,
  countRows,
  diffSummary,
  duplicateKeys,
  materializeDiff,
  presence,
  rowDiff,
  rowsForKey,
  snapshot,
  sqlList,
  type DuplicateKeys,
} from './table-diff';
import type { GradeProgress, GradeReport, StepId, StepStats } from './types';

export interface GradeInput {
  /** The whole dbt project, with the student's model in it. */
  files: ProjectFiles;
  /** A fresh, empty database: grading never touches the student's workspace. */
  connection: Connection;
  data: DataSource;
  model?: string;
  windowDays?: number;
  /** Per dbt invocation; a runaway query is cancelled after this. */
  timeLimitMs?: number;
  onProgress?: (progress: GradeProgress) => void;
  /** Lock the database down after loading data (for untrusted SQL outside the student's browser). */
  sandbox?: boolean;
  /** Fills `lab_full` with `data` another way (the browser's prebuilt file), see `loadLabData`. */
  fillFull?: LoadOptions['fillFull'];
}

const STEP_TITLES: Record<StepId, string> = {
  S0: 'First build',
  S1: 'Rerun, no new data',
  S2: 'New orders arrive',
  S3: 'Late payments and status changes',
  S4: 'Full-refresh reference',
};

const BEFORE = 'grade_before';
const REFERENCE = 'main.grade_reference';
const DIFF = 'grade_diff';

export async function grade(input: GradeInput): Promise<GradeReport> {
  const started = performance.now();
  const { connection: conn, files } = input;
  const model = input.model ?? 'fct_orders';
  const windowDays = input.windowDays ?? 3;
  const limit = input.timeLimitMs ?? 60_000;
  const progress = (step: StepId, state: GradeProgress['state']) =>
    input.onProgress?.({ step, state });

  const info = await loadLabData(conn, input.data, { fillFull: input.fillFull });
  if (input.sandbox) for (const sql of LOCKDOWN_SQL) await conn.exec(sql);
  const evidence: Evidence = {
    model,
    windowDays,
    setupError: null,
    materialized: null,
    uniqueKey: [],
    missingKeyColumns: [],
    diffKeys: ['order_id'],
    steps: {},
  };
  const report = (): GradeReport => {
    const checks = judge(evidence);
    return {
      passed: checks.every((c) => c.status === 'pass'),
      model,
      checks,
      steps: (['S0', 'S1', 'S2', 'S3', 'S4'] as StepId[]).map(
        (id) => evidence.steps[id] ?? skipped(id),
      ),
      info: infoLines(evidence),
      scenario: { data: info.source, cutoffDay: info.cutoffDay, windowDays },
      durationMs: performance.now() - started,
    };
  };

  let firstBuildSql: string;
  let relation: string;
  try {
    const branches = await compileModel({ connection: conn, files, clock: info.clock }, model);
    firstBuildSql = branches.firstBuildSql;
    evidence.materialized = materialization(branches.config);
    evidence.uniqueKey = uniqueKeyColumns(branches.config);
    relation = relationName(branches.config, model);
  } catch (error) {
    evidence.setupError = error instanceof Error ? error.message : String(error);
    return report();
  }

  // S0: upstream models and the model itself, on the data up to the cut-off.
  progress('S0', 'running');
  const s0 = await runModel(conn, files, ['run', '-s', `+${model}`], model, info.clock, limit);
  if (!s0.error) {
    const columns = await columnNames(conn, relation);
    evidence.missingKeyColumns = evidence.uniqueKey.filter((k) => !columns.includes(k));
    if (evidence.uniqueKey.length > 0 && evidence.missingKeyColumns.length === 0)
      evidence.diffKeys = evidence.uniqueKey;
  }
  const first = await stepStats(conn, 'S0', s0, relation, null, evidence);
  evidence.steps.S0 = first.stats;
  progress('S0', 'done');
  if (s0.error || !first.duplicates) return report();
  evidence.firstBuild = {
    duplicates: first.duplicates,
    ordersAvailable: await countRows(conn, 'raw.orders'),
  };

  // S1: the same run again, no data change: nothing may change.
  progress('S1', 'running');
  await snapshot(conn, relation, BEFORE);
  const s1 = await runModel(conn, files, ['run', '-s', model], model, info.clock, limit);
  const rerun = await stepStats(conn, 'S1', s1, relation, BEFORE, evidence);
  evidence.steps.S1 = rerun.stats;
  progress('S1', 'done');
  if (s1.error || !rerun.duplicates) return report();
  evidence.rerun = {
    diff: await rowDiff(conn, relation, BEFORE, evidence.diffKeys),
    totalBefore: first.stats.total,
    totalAfter: rerun.stats.total,
    duplicates: rerun.duplicates,
  };

  // S2: the next day's orders arrive (some without a payment yet).
  progress('S2', 'running');
  const released = await applyTimelineEvent(conn, 'new_orders');
  await snapshot(conn, relation, BEFORE);
  const s2 = await runModel(conn, files, ['run', '-s', model], model, released.clock, limit);
  evidence.steps.S2 = (await stepStats(conn, 'S2', s2, relation, BEFORE, evidence)).stats;
  progress('S2', 'done');
  if (s2.error) return report();
  const releasedKeys = orderKeys(released, 'orders');
  const found = await presence(conn, relation, ['order_id'], releasedKeys);
  evidence.newData = {
    released: releasedKeys,
    ...found,
    missingWithoutPayment: await withoutPayment(conn, found.missing),
  };

  // S3: late payments and status changes inside the window, and one very late correction.
  progress('S3', 'running');
  const late = [
    await applyTimelineEvent(conn, 'late_payments'),
    await applyTimelineEvent(conn, 'status_changes'),
  ];
  const correction = await applyTimelineEvent(conn, 'late_correction');
  await snapshot(conn, relation, BEFORE);
  const s3 = await runModel(conn, files, ['run', '-s', model], model, correction.clock, limit);
  evidence.steps.S3 = (await stepStats(conn, 'S3', s3, relation, BEFORE, evidence)).stats;
  progress('S3', 'done');
  if (s3.error) return report();

  // S4: the same model built from scratch on the final data, as the reference.
  progress('S4', 'running');
  const s4Started = performance.now();
  await conn.exec(`create or replace table ${REFERENCE} as (${firstBuildSql})`);
  evidence.steps.S4 = {
    ...emptyStats('S4'),
    status: 'ok',
    incremental: false,
    total: await countRows(conn, REFERENCE),
    batch: null,
    ms: performance.now() - s4Started,
  };
  progress('S4', 'done');

  // One two-way EXCEPT ALL against the reference answers the last three questions.
  await materializeDiff(conn, relation, REFERENCE, DIFF);
  const lateKeys = [...new Set(late.flatMap((e) => orderKeys(e)))];
  const correctionKeys = orderKeys(correction);
  const lateDiff = await diffSummary(conn, DIFF, ['order_id'], { only: lateKeys });
  const lateRepeat = await presence(conn, relation, ['order_id'], lateKeys);
  evidence.lateData = {
    changed: lateKeys,
    stale: lateDiff.sampleKeys,
    staleCount: lateDiff.keyCount,
    repeated: lateRepeat.repeated,
    example: await firstDifference(conn, relation, lateDiff.sampleKeys[0]),
  };
  const finalDiff = await diffSummary(conn, DIFF, evidence.diffKeys, { ignore: correctionKeys });
  const correctionDiff = await diffSummary(conn, DIFF, ['order_id'], { only: correctionKeys });
  evidence.final = {
    diff: finalDiff,
    example: await firstDifference(conn, relation, finalDiff.sampleKeys[0], evidence.diffKeys),
    correctionKeys,
    correctionReflected: correctionDiff.keyCount === 0,
  };
  return report();
}

function orderKeys(effect: EventEffect, table?: string): string[] {
  return [
    ...new Set(effect.changed.filter((c) => !table || c.table === table).flatMap((c) => c.keys)),
  ];
}

async function withoutPayment(conn: Connection, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const list = sqlList(orderIds);
  const result = await conn.query<{ order_id: string }>(
    `select order_id from raw.orders where order_id in (${list})
     and order_id not in (select order_id from raw.payments) order by order_id`,
  );
  return result.rows.map((r) => r.order_id);
}

/** The first column that differs for one key between the student's table and the reference. */
async function firstDifference(
  conn: Connection,
  relation: string,
  key: string | undefined,
  keys: string[] = ['order_id'],
): Promise<ColumnDifference | undefined> {
  if (key === undefined) return undefined;
  const mine = await rowsForKey(conn, relation, keys, key);
  const reference = await rowsForKey(conn, REFERENCE, keys, key);
  const a = mine[0];
  const b = reference[0];
  if (!a || !b) return { key, column: '(row)', incremental: a, reference: b };
  if (mine.length !== reference.length)
    return {
      key,
      column: '(duplicate rows)',
      incremental: mine.length,
      reference: reference.length,
    };
  for (const column of Object.keys(b)) {
    if (JSON.stringify(a[column]) !== JSON.stringify(b[column]))
      return { key, column, incremental: a[column], reference: b[column] };
  }
  return undefined;
}

async function stepStats(
  conn: Connection,
  id: StepId,
  run: StepRun,
  relation: string,
  before: string | null,
  evidence: Evidence,
): Promise<{ stats: StepStats; duplicates: DuplicateKeys | null }> {
  const stats = { ...emptyStats(id), ms: run.ms };
  if (run.error || !run.node)
    return {
      stats: { ...stats, status: 'error', error: run.error ?? 'no result' },
      duplicates: null,
    };
  const total = await countRows(conn, relation);
  const batch = run.node.rows?.batch ?? total;
  const changes = before
    ? await changesByKey(conn, before, relation, evidence.diffKeys)
    : { inserted: total, updated: 0, deleted: 0 };
  const duplicates = await duplicateKeys(conn, relation, evidence.diffKeys);
  return {
    stats: {
      ...stats,
      status: 'ok',
      incremental: run.node.incremental ?? false,
      batch,
      inserted: changes.inserted,
      updated: changes.updated,
      deleted: changes.deleted,
      unchangedRewritten: Math.max(0, batch - changes.inserted - changes.updated),
      total,
      duplicateKeys: duplicates.count,
    },
    duplicates,
  };
}

function emptyStats(id: StepId): StepStats {
  return {
    id,
    title: STEP_TITLES[id],
    status: 'skipped',
    incremental: null,
    batch: null,
    inserted: 0,
    updated: 0,
    unchangedRewritten: 0,
    deleted: 0,
    total: 0,
    duplicateKeys: 0,
    ms: 0,
  };
}

function skipped(id: StepId): StepStats {
  return emptyStats(id);
}

function infoLines(evidence: Evidence): string[] {
  const final = evidence.final;
  if (!final || final.correctionKeys.length === 0) return [];
  const key = final.correctionKeys[0];
  if (evidence.materialized !== 'incremental')
    return [
      `Order ${key} was corrected long after purchase; a model rebuilt from scratch on every run picks that up, at the price of redoing everything each time.`,
    ];
  return final.correctionReflected
    ? [
        `Order ${key} was corrected long after purchase, outside a ${evidence.windowDays}-day window, and your table picked it up too: your window is wider than the lab's, which costs work on every run.`,
      ]
    : [
        `Order ${key} was corrected long after purchase, outside the ${evidence.windowDays}-day lookback window, so the incremental table still shows the old values. That is the window's trade-off (lesson 3): a --full-refresh, or a wider window, picks it up.`,
      ];
}
