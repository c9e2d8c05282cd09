/**
 * The verdicts: a pure function from what the grading run observed to the eight checks. Each failing
 * check names the cause in the student's terms and gives a hint; passing checks keep their evidence.
 */
import { missingTableName } from '@/lib/dbt/run/node-errors';
import type { ColumnDifference, Evidence } from './evidence';
import { CHECK_IDS, type CheckId, type CheckResult, type StepId } from './types';

export const CHECK_TITLES: Record<CheckId, string> = {
  materialized_incremental: 'Materialized as incremental',
  unique_key_set: 'unique_key names the grain',
  grain_unique: 'One row per key after the first build',
  incremental_filter: 'Incremental runs read a small slice',
  idempotent_rerun: 'A rerun changes nothing',
  new_rows_processed: 'New orders arrive exactly once',
  late_arriving_updated: 'Late changes inside the window are picked up',
  matches_full_refresh: 'Equals a full rebuild',
};

/** The incremental batch at the rerun must be at most this share of the table. */
export const SMALL_SLICE = 0.1;

const short = (key: string) => (key.length > 12 ? `${key.slice(0, 8)}…` : key);
const n = (value: number) => value.toLocaleString('en-US');
const rows = (count: number) => `${n(count)} ${count === 1 ? 'row' : 'rows'}`;
const LOOKBACK_HINT =
  "Reprocess a lookback window on the driving table: `where order_purchase_ts >= (select max(order_purchase_ts) from {{ this }}) - interval 3 day` (or `DATEADD('day', -3, CURRENT_TIMESTAMP)`).";

type Verdict = Omit<CheckResult, 'id' | 'title'>;
const pass = (message: string, evidence: Record<string, unknown> = {}): Verdict => ({
  status: 'pass',
  message,
  hint: '',
  evidence,
});
const fail = (message: string, hint: string, evidence: Record<string, unknown> = {}): Verdict => ({
  status: 'fail',
  message,
  hint,
  evidence,
});
const error = (message: string, hint = ''): Verdict => ({
  status: 'error',
  message,
  hint,
  evidence: {},
});

export function judge(e: Evidence): CheckResult[] {
  return CHECK_IDS.map((id) => ({ id, title: CHECK_TITLES[id], ...verdict(id, e) }));
}

function verdict(id: CheckId, e: Evidence): Verdict {
  if (e.setupError)
    return error(
      `${e.model} could not be compiled: ${e.setupError}`,
      'Fix the error shown, then grade again.',
    );
  switch (id) {
    case 'materialized_incremental':
      return e.materialized === 'incremental'
        ? pass(`${e.model} is materialized as incremental.`)
        : fail(
            `${e.model} is materialized as '${e.materialized}': every run rebuilds all of it from scratch.`,
            "Add `materialized='incremental'` to the model's `{{ config(...) }}` block.",
          );
    case 'unique_key_set':
      return uniqueKeyVerdict(e);
    default:
      return dataVerdict(id, e);
  }
}

function uniqueKeyVerdict(e: Evidence): Verdict {
  if (e.uniqueKey.length === 0)
    return fail(
      'No unique_key is set: dbt cannot match a reprocessed order to the row already in the table, so every incremental run appends its batch again.',
      "Add `unique_key='order_id'` (the grain of fct_orders) to the config block.",
    );
  if (!e.steps.S0 || e.steps.S0.status !== 'ok') return stepError('S0', e);
  if (e.missingKeyColumns.length > 0)
    return fail(
      `unique_key names ${e.missingKeyColumns.map((c) => `'${c}'`).join(', ')}, which ${e.model} does not have.`,
      'Use a column the model selects, e.g. `order_id`.',
      { uniqueKey: e.uniqueKey },
    );
  return pass(`unique_key is ${e.uniqueKey.join(', ')}.`, { uniqueKey: e.uniqueKey });
}

function stepError(step: StepId, e: Evidence): Verdict {
  const stats = e.steps[step];
  const message = stats?.error ?? 'an earlier step failed';
  return error(
    `Step ${step} failed, so this could not be checked: ${message}`,
    stepErrorHint(step, message, e),
  );
}

/** Columns staging renames: the raw name a student may still type, and the name models see. */
const STAGED_NAMES: Record<string, string> = {
  order_purchase_timestamp: 'order_purchase_ts',
  order_approved_at: 'order_approved_ts',
  order_delivered_carrier_date: 'order_delivered_carrier_ts',
  order_delivered_customer_date: 'order_delivered_customer_ts',
};

/** The hint for a step that failed, from what failed and where: the typical mistakes by name. */
function stepErrorHint(step: StepId, message: string, e: Evidence): string {
  const missingTable = missingTableName(message);
  if (missingTable && missingTable.toLowerCase() === e.model.toLowerCase())
    return 'The model reads its own table ({{ this }}) on the first build, and the first build has no table to read yet: put the filter inside the `{% if is_incremental() %}` block, so it applies only once the table exists.';
  const firstBuildOk = step !== 'S0' && e.steps.S0?.status === 'ok';
  const column = /Referenced column "?(\w+)"? not found/.exec(message)?.[1];
  if (column && firstBuildOk) {
    const staged = STAGED_NAMES[column.toLowerCase()];
    return staged
      ? `The first build works, so the error is in the incremental branch: \`${column}\` is the raw column's name; after staging (and in ${e.model}) it is \`${staged}\`. Use that name inside \`{% if is_incremental() %}\`.`
      : `The first build works, so the error is in the incremental branch: it names \`${column}\`, which the relation it reads does not have. Compare with the columns the model selects (the Compiled SQL tab shows the incremental branch).`;
  }
  if (column && STAGED_NAMES[column.toLowerCase()])
    return `\`${column}\` is the raw column's name; after staging (and in ${e.model}) it is \`${STAGED_NAMES[column.toLowerCase()]}\`.`;
  if (firstBuildOk)
    return 'The first build works, so the error is in the incremental branch: open the Compiled SQL tab, read the incremental side as DuckDB gets it, fix it, then grade again.';
  return 'Run the model in the terminal to see the full error, fix it, then grade again.';
}

/** The first step a check needs that did not run cleanly, if any. */
function missingStep(e: Evidence, needs: StepId[]): Verdict | null {
  for (const step of needs) if (e.steps[step]?.status !== 'ok') return stepError(step, e);
  return null;
}

function dataVerdict(id: CheckId, e: Evidence): Verdict {
  switch (id) {
    case 'grain_unique':
      return missingStep(e, ['S0']) ?? grainVerdict(e);
    case 'incremental_filter':
      return missingStep(e, ['S0', 'S1']) ?? filterVerdict(e);
    case 'idempotent_rerun':
      return missingStep(e, ['S0', 'S1']) ?? rerunVerdict(e);
    case 'new_rows_processed':
      return missingStep(e, ['S0', 'S1', 'S2']) ?? newRowsVerdict(e);
    case 'late_arriving_updated':
      return missingStep(e, ['S0', 'S1', 'S2', 'S3', 'S4']) ?? lateVerdict(e);
    case 'matches_full_refresh':
      return missingStep(e, ['S0', 'S1', 'S2', 'S3', 'S4']) ?? fullRefreshVerdict(e);
    default:
      return error(`Unknown check ${id}`);
  }
}

function grainVerdict(e: Evidence): Verdict {
  const d = e.firstBuild!.duplicates;
  const keyName = e.diffKeys.join(', ');
  if (d.count === 0) return pass(`Every ${keyName} appears once after the first build.`);
  const worst = d.sample[0];
  const message = worst
    ? `${keyName} ${short(worst.key)} appears ${worst.times} times after the first build (${n(d.count)} keys repeat${d.nullKeys ? `, ${n(d.nullKeys)} rows have a NULL key` : ''}).`
    : `${n(d.nullKeys)} rows have a NULL ${keyName} after the first build.`;
  return fail(
    message,
    'A join multiplies rows: aggregate payments and items to one row per order before joining (int_payments_agg, int_order_items_agg), and keep fct_orders at one row per order.',
    { duplicates: d },
  );
}

function filterVerdict(e: Evidence): Verdict {
  const s1 = e.steps.S1!;
  // Against the orders available (the model's grain), so a filter that also cuts the first build
  // does not make a small batch look like everything.
  const total = e.firstBuild!.ordersAvailable;
  const batch = s1.batch ?? total;
  const share = total === 0 ? 0 : batch / total;
  const evidence = { batch, total, share };
  if (e.materialized !== 'incremental' || !s1.incremental)
    return fail(
      `The rerun rebuilt all ${n(total)} rows: ${e.model} never takes an incremental branch.`,
      'Make the model incremental and put a filter inside `{% if is_incremental() %}` so later runs only read recent orders.',
      evidence,
    );
  if (share <= SMALL_SLICE)
    return pass(
      `The rerun processed ${n(batch)} of ${n(total)} rows (${(share * 100).toFixed(1)}%).`,
      evidence,
    );
  return fail(
    `The incremental run processed ${n(batch)} of ${n(total)} rows (${(share * 100).toFixed(0)}%): the filter does not narrow the batch, so every run redoes nearly everything.`,
    `Inside \`{% if is_incremental() %}\`, filter the orders to a recent window. ${LOOKBACK_HINT}`,
    evidence,
  );
}

function rerunVerdict(e: Evidence): Verdict {
  const r = e.rerun!;
  const evidence = { ...r };
  if (r.diff.onlyLeft === 0 && r.diff.onlyRight === 0 && r.totalAfter === r.totalBefore)
    return pass(
      `A second run with no new data left all ${n(r.totalAfter)} rows unchanged.`,
      evidence,
    );
  if (r.totalAfter > r.totalBefore) {
    const dup = r.duplicates.sample[0];
    const which = dup ? `: order ${short(dup.key)} now appears ${dup.times} times` : '';
    const hint =
      e.uniqueKey.length === 0
        ? "Without `unique_key` the lookback window is appended again on every run. Set `unique_key='order_id'`."
        : 'The batch holds keys more than once, or the strategy appends: check that the final select keeps one row per order.';
    return fail(
      `The rerun grew the table from ${n(r.totalBefore)} to ${n(r.totalAfter)} rows${which}.`,
      hint,
      evidence,
    );
  }
  return fail(
    `The rerun changed ${rows(Math.max(r.diff.onlyLeft, r.diff.onlyRight))} although no data changed (e.g. order ${short(r.diff.sampleKeys[0] ?? '?')}).`,
    'A column depends on when the model runs (the clock, a random value) or the incremental branch computes it differently: the same input must give the same rows.',
    evidence,
  );
}

function newRowsVerdict(e: Evidence): Verdict {
  const d = e.newData!;
  const evidence = {
    released: d.released.length,
    missing: d.missing.slice(0, 5),
    repeated: d.repeated.slice(0, 5),
  };
  if (d.missing.length === 0 && d.repeated.length === 0)
    return pass(`All ${n(d.released.length)} released orders are present exactly once.`, evidence);
  if (d.missing.length > 0) {
    const unpaid = d.missingWithoutPayment.length;
    const dropped = unpaid > 0 && unpaid === d.missing.length;
    return fail(
      `${n(d.missing.length)} of ${n(d.released.length)} new orders are missing after the run (e.g. order ${short(d.missing[0]!)})${dropped ? ': all of them have no payment yet' : ''}.`,
      dropped
        ? 'The incremental filter or an inner join sits on a joined table (payments): orders without a payment yet are dropped. Filter the driving table, orders, and keep the joins left joins.'
        : `The incremental filter misses newly arrived orders. Filter on the orders' purchase time, relative to the table's latest order or the lab clock. ${LOOKBACK_HINT}`,
      evidence,
    );
  }
  return fail(
    `${n(d.repeated.length)} new orders appear more than once (e.g. order ${short(d.repeated[0]!)}).`,
    "Keep one row per order in the final select and set `unique_key='order_id'`.",
    evidence,
  );
}

function describeDifference(diff: ColumnDifference | undefined): string {
  if (!diff) return '';
  if (diff.column === '(row)')
    return diff.incremental === undefined
      ? ` (order ${short(diff.key)} is missing)`
      : ` (order ${short(diff.key)} should not be there)`;
  if (diff.column === '(duplicate rows)')
    return ` (order ${short(diff.key)} has ${String(diff.incremental)} rows, a full rebuild has ${String(diff.reference)})`;
  return ` (order ${short(diff.key)}: ${diff.column} is ${JSON.stringify(diff.incremental)} here, ${JSON.stringify(diff.reference)} in a full rebuild)`;
}

function lateVerdict(e: Evidence): Verdict {
  const l = e.lateData!;
  const evidence = {
    changed: l.changed.length,
    stale: l.stale,
    repeated: l.repeated.slice(0, 5),
    example: l.example,
  };
  if (l.stale.length === 0 && l.repeated.length === 0)
    return pass(
      `All ${n(l.changed.length)} orders touched by late payments and status changes show their new values.`,
      evidence,
    );
  if (l.repeated.length > 0)
    return fail(
      `Orders reprocessed for late data now appear twice (e.g. order ${short(l.repeated[0]!)}).`,
      "Set `unique_key='order_id'` so a reprocessed order replaces its old row.",
      evidence,
    );
  const r = e.rerun;
  if (r && r.totalAfter === r.totalBefore && r.diff.onlyLeft + r.diff.onlyRight > 0)
    return fail(
      `Reprocessed orders differ from a full rebuild${describeDifference(l.example)}: the incremental branch computes them differently, so late data cannot land right.`,
      'Compute every column the same way in both branches: the only difference inside `{% if is_incremental() %}` should be the filter.',
      evidence,
    );
  return fail(
    `Late changes were missed: ${n(l.staleCount)} of ${n(l.changed.length)} orders still show old values${describeDifference(l.example)}.`,
    `A payment or status change for an order that is already loaded only lands if the run reprocesses that order. ${LOOKBACK_HINT}`,
    evidence,
  );
}

function fullRefreshVerdict(e: Evidence): Verdict {
  const f = e.final!;
  const firstBuild = e.firstBuild!;
  const evidence = {
    onlyIncremental: f.diff.onlyLeft,
    onlyReference: f.diff.onlyRight,
    sampleKeys: f.diff.sampleKeys,
    example: f.example,
  };
  if (f.diff.onlyLeft === 0 && f.diff.onlyRight === 0)
    return pass(
      `The incremental table equals a full rebuild row for row (${n(e.steps.S4!.total)} rows).`,
      evidence,
    );
  const s0Total = e.steps.S0!.total;
  if (s0Total < firstBuild.ordersAvailable * 0.9)
    return fail(
      `The first build had only ${n(s0Total)} rows for ${n(firstBuild.ordersAvailable)} orders: the date filter also applies when the table is built from scratch, so a full rebuild loses history.`,
      'Move the filter inside `{% if is_incremental() %}` … `{% endif %}`, with the parentheses (`{% if is_incremental %}` names the macro, which is always true), so a first build or --full-refresh reads everything.',
      evidence,
    );
  const late = e.lateData;
  if (
    late &&
    late.staleCount > 0 &&
    e.rerun &&
    e.rerun.diff.onlyLeft + e.rerun.diff.onlyRight === 0
  )
    return fail(
      `${rows(f.diff.onlyLeft + f.diff.onlyRight)} differ from a full rebuild${describeDifference(f.example)}: the late payments and status changes the run did not reprocess.`,
      LOOKBACK_HINT,
      evidence,
    );
  return fail(
    `${rows(f.diff.onlyLeft + f.diff.onlyRight)} differ from a full rebuild${describeDifference(f.example)}.`,
    fullRefreshHint(e),
    evidence,
  );
}

/** Why the final table differs, from what the earlier checks saw: the first cause wins. */
function fullRefreshHint(e: Evidence): string {
  const f = e.final!;
  if (
    f.example?.column === '(duplicate rows)' ||
    (e.rerun && e.rerun.totalAfter > e.rerun.totalBefore)
  )
    return e.uniqueKey.length === 0
      ? "Orders appear more than once because every run appends its window again: set `unique_key='order_id'`."
      : 'Orders appear more than once: keep one row per order in the final select, so the unique_key can replace each reprocessed order.';
  if (e.newData && e.newData.missing.length > 0)
    return e.newData.missingWithoutPayment.length === e.newData.missing.length
      ? 'The missing rows are new orders without a payment yet, dropped by a filter or an inner join on payments: filter the driving table, orders, and keep the joins left joins.'
      : "The missing rows are new orders the incremental filter did not pick up: filter on the orders' purchase time, relative to the lab clock or the table's latest order.";
  return 'The incremental branch must compute the same columns the same way as a full build: keep one SELECT and only add the filter inside `{% if is_incremental() %}`. After changing logic, run with --full-refresh.';
}
