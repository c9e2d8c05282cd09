/**
 * The lateness lab: the student's model run once a day over a run of days in which late payments
 * and status changes arrive after a chosen delay distribution (lib/data/timeline/lateness.ts), at
 * every lookback width of the slider. For each width, the cost (rows each run recomputed) and the
 * errors (rows wrong or missing against a full refresh at the end), the very late correction being
 * the error no window in the sweep catches.
 *
 * The widths run side by side on one database the sweep owns: each day's data arrives once, then
 * the model runs once per width, built into a schema of its own (`main_lookback_<w>`), with the
 * width passed as a var or written into its window (lookback-site.ts).
 */
import type { Connection } from '@/lib/engine/connection';
import { loadLabData, type DataSource } from '@/lib/data';
import {
  DEFAULT_LATENESS,
  releaseLateDay,
  type LatenessSetting,
} from '@/lib/data/timeline/lateness';
import { addDays } from '@/lib/data/timeline/state';
import {
  compileModel,
  loadProject,
  parseArgs,
  runDbt,
  UsageError,
  type DbtOptions,
  type ProjectFiles,
} from '@/lib/dbt';
import { keyExpression, quoteIdent } from '@/lib/grader/table-diff';
import { findLookback, withWidth, type LookbackInjection } from './lookback-site';
import { scalar, uniqueKeyOrNull } from './model-keys';

/** The slider's widths: 0 to 14 days. */
export const SWEEP_WIDTHS = Array.from({ length: 15 }, (_, i) => i);
/** A small scale keeps 15 widths × 14 days within seconds; the lateness is the same at any scale. */
export const SWEEP_DATA: DataSource = { kind: 'generated', scale: 0.05, seed: 42 };
/** The last day the sweep runs: the data's last busy day, so every day of the run has orders. */
export const SWEEP_LAST_DAY = '2018-08-23';

export interface SweepOptions {
  /** A fresh, empty database the sweep owns (loaded with its data; the student's is never used). */
  connection: Connection;
  files: ProjectFiles;
  model?: string;
  widths?: number[];
  /** Incremental runs, one a day. */
  days?: number;
  lateness?: LatenessSetting;
  data?: DataSource;
  lastDay?: string;
  /**
   * How old (in days) the order of the very late correction is on the last day; by default one
   * day older than the widest window, so no width catches it. Null: no correction.
   */
  correctionAgeDays?: number | null;
  /** Columns that identify a row; by default the model's `unique_key`. */
  keyColumns?: string[];
  /** Stops the sweep before its next step when it returns true (a closed tab, a new slider run). */
  shouldStop?: () => boolean;
  onProgress?: (progress: { day: number; days: number }) => void;
}

export interface WidthErrors {
  /** Keys whose rows are wrong, missing or extra in the table (all three counted once per key). */
  total: number;
  /** Keys in the full refresh that the table lacks. */
  missing: number;
  /** Keys in the table that the full refresh does not have. */
  extra: number;
  /** Keys in both whose rows differ (stale values, or repeated rows). */
  wrong: number;
  /** 1 when the very late correction's order is among them. */
  correction: number;
  /** The errors a wider window would have caught: `total - correction`. */
  catchable: number;
  /** The first few keys in error. */
  sampleKeys: string[];
}

export interface WidthResult {
  width: number;
  error: string | null;
  /** Per run (one per day): rows the model's SQL produced, and those already in the table. */
  batchRows: number[];
  rescannedRows: number[];
  cost: { totalBatchRows: number; averageBatchRows: number; totalRescannedRows: number };
  errors: WidthErrors | null;
}

export interface SweepDay {
  day: string;
  newOrders: number;
  latePayments: number;
  lateStatuses: number;
}

export interface LookbackSweep {
  model: string;
  injection: LookbackInjection;
  /** The width the student's model uses now (marked on the slider), when the model says. */
  currentWidth: number | null;
  data: string;
  cutoffDay: string;
  days: SweepDay[];
  /** Late changes that arrived during the run, by their delay in days. */
  arrivalsByDelay: Record<number, number>;
  correction: { orderId: string; day: string; ageDays: number } | null;
  /** Rows in the full refresh at the end. */
  referenceRows: number | null;
  referenceError: string | null;
  widths: WidthResult[];
  stopped: boolean;
  ms: number;
}

/** The model's file and the way its width can be set. */
export function lookbackOf(
  files: ProjectFiles,
  model: string,
): { path: string | null; injection: LookbackInjection } {
  const project = loadProject(files);
  const file = project.models.find((m) => m.name === model);
  if (!file)
    return { path: null, injection: { kind: 'none', reason: `No model named '${model}'.` } };
  const vars = project.vars;
  const scoped = vars[project.name];
  const projectVars = {
    ...vars,
    ...(scoped && typeof scoped === 'object' ? (scoped as Record<string, unknown>) : {}),
  };
  const path = Object.keys(files).find((k) => k.replace(/^\.\//, '') === file.path) ?? file.path;
  return { path, injection: findLookback(file.text, { projectVars }) };
}

/** `modelConfig` that builds the model's view parents as tables. */
async function viewParentsAsTables(
  options: DbtOptions,
  model: string,
): Promise<Record<string, Record<string, unknown>>> {
  const command = parseArgs([
    'ls',
    '-s',
    `+${model}`,
    '--exclude',
    model,
    '--resource-type',
    'model',
    '--output',
    'json',
  ]);
  if (command instanceof UsageError) throw command;
  const result = await runDbt(command, options);
  const config: Record<string, Record<string, unknown>> = {};
  for (const line of result.listed ?? []) {
    const node = JSON.parse(line) as { name: string; config: { materialized?: string } };
    if (node.config.materialized === 'view') config[node.name] = { materialized: 'table' };
  }
  return config;
}

/** Per-key comparison of a width's table with the reference, in one query. */
async function compare(
  connection: Connection,
  table: string,
  reference: string,
  keys: string[] | null,
  correctionKey: string | null,
): Promise<WidthErrors> {
  const cols = (await connection.query(`select * from ${reference} limit 0`)).columns
    .map((c) => quoteIdent(c.name))
    .join(', ');
  const key = keys ? keyExpression(keys) : `cast(row(${cols}) as varchar)`;
  const perKey = (relation: string) =>
    `select ${key} as k, count(*) as c, sum(hash(${cols})::hugeint) as h from ${relation} group by 1`;
  const result = await connection.query<{ k: string; side: string }>(
    `with t as (${perKey(table)}), r as (${perKey(reference)})
     select coalesce(t.k, r.k) as k,
       case when t.k is null then 'missing' when r.k is null then 'extra' else 'wrong' end as side
     from t full outer join r on t.k = r.k
     where t.k is null or r.k is null or t.c <> r.c or t.h <> r.h
     order by k`,
    { maxRows: 100_000 },
  );
  const count = (side: string) => result.rows.filter((r) => r.side === side).length;
  const correction =
    correctionKey !== null && result.rows.some((r) => r.k === correctionKey) ? 1 : 0;
  const total = result.rowCount;
  return {
    total,
    missing: count('missing'),
    extra: count('extra'),
    wrong: count('wrong'),
    correction,
    catchable: total - correction,
    sampleKeys: result.rows.slice(0, 5).map((r) => r.k),
  };
}

/** The model's text with its window set to `width`: the day count, or each `var()` call, replaced. */
export function modelAtWidth(text: string, injection: LookbackInjection, width: number): string {
  if (injection.kind === 'literal') return withWidth(text, injection, width);
  if (injection.kind !== 'var') return text;
  const escaped = injection.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(
    new RegExp(`\\bvar\\s*\\(\\s*['"]${escaped}['"]\\s*(?:,[^)]*)?\\)`, 'g'),
    `(${width})`,
  );
}

/**
 * The project with one copy of the model per width, beside it (same folder, so the same folder
 * configs; its property-file config repeated for each copy), each built into its own schema under
 * the model's own table name.
 */
function sweepProject(
  files: ProjectFiles,
  model: string,
  path: string,
  injection: LookbackInjection,
  widths: number[],
  identifier: string,
): {
  files: ProjectFiles;
  copies: Map<string, number>;
  modelConfig: Record<string, Record<string, unknown>>;
} {
  const project = loadProject(files);
  const properties = project.modelProperties.get(model)?.config ?? {};
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  const out: ProjectFiles = { ...files };
  const copies = new Map<string, number>();
  const modelConfig: Record<string, Record<string, unknown>> = {};
  for (const width of widths) {
    const name = `${model}__lookback_${width}`;
    copies.set(name, width);
    out[`${folder}${name}.sql`] = modelAtWidth(files[path]!, injection, width);
    modelConfig[name] = { schema: `lookback_${width}`, alias: identifier };
  }
  if (Object.keys(properties).length > 0) {
    // JSON is YAML: the copies' property file, with the model's own config for each
    const models = [...copies.keys()].map((name) => ({ name, config: properties }));
    out[`${folder}__lookback_sweep.yml`] = JSON.stringify({ version: 2, models });
  }
  return { files: out, copies, modelConfig };
}

export async function sweepLookback(options: SweepOptions): Promise<LookbackSweep> {
  const started = performance.now();
  const { connection } = options;
  const model = options.model ?? 'fct_orders';
  const widths = [...new Set(options.widths ?? SWEEP_WIDTHS)];
  const dayCount = options.days ?? 14;
  const setting = options.lateness ?? DEFAULT_LATENESS;
  const data = options.data ?? SWEEP_DATA;
  const lastDay = options.lastDay ?? SWEEP_LAST_DAY;
  if (widths.length === 0 || widths.some((w) => !Number.isInteger(w) || w < 0))
    throw new RangeError('Widths are whole numbers of days, 0 or more.');
  if (!Number.isInteger(dayCount) || dayCount < 1)
    throw new RangeError('The sweep runs at least one day.');
  const correctionAge =
    options.correctionAgeDays === undefined ? Math.max(...widths) + 1 : options.correctionAgeDays;

  const { path, injection } = lookbackOf(options.files, model);
  const sweep: LookbackSweep = {
    model,
    injection,
    currentWidth: injection.kind === 'none' ? null : injection.current,
    data: '',
    cutoffDay: addDays(lastDay, -dayCount),
    days: [],
    arrivalsByDelay: {},
    correction: null,
    referenceRows: null,
    referenceError: null,
    widths: [],
    stopped: false,
    ms: 0,
  };
  if (injection.kind === 'none' || path === null) {
    sweep.ms = performance.now() - started;
    return sweep;
  }

  // a database used for an earlier sweep: its tables would make the first builds incremental runs
  for (const schema of [...widths.map((w) => `lookback_${w}`), 'lookback_reference'])
    await connection.exec(`drop schema if exists ${quoteIdent(`main_${schema}`)} cascade`);
  const info = await loadLabData(connection, data, { cutoff: sweep.cutoffDay });
  sweep.data = info.source;
  let clock = info.clock;
  const current = () => ({ connection, files: options.files, clock });
  const branches = await compileModel(current(), model);
  const identifier = branches.relation
    .slice(branches.relation.lastIndexOf('.') + 1)
    .replace(/^"|"$/g, '')
    .replace(/""/g, '"');
  const project = sweepProject(options.files, model, path, injection, widths, identifier);
  const modelConfig = {
    ...(await viewParentsAsTables({ ...current(), files: project.files }, model)),
    ...project.modelConfig,
  };
  const results = new Map<number, WidthResult>(
    widths.map((width) => [
      width,
      {
        width,
        error: null,
        batchRows: [],
        rescannedRows: [],
        cost: { totalBatchRows: 0, averageBatchRows: 0, totalRescannedRows: 0 },
        errors: null,
      },
    ]),
  );

  /**
   * One invocation a day: the model's parents (their views as tables: the same rows, computed once
   * rather than once per width), then every width's copy.
   */
  const runDay = async (record: boolean) => {
    const live = [...project.copies].filter(([, w]) => !results.get(w)!.error).map(([n]) => n);
    const command = parseArgs(['run', '-s', `+${model}`, ...live, '--exclude', model]);
    if (command instanceof UsageError) throw command;
    const result = await runDbt(command, { ...current(), files: project.files, modelConfig });
    if (result.error) throw new Error(result.error.message);
    for (const name of live) {
      const outcome = results.get(project.copies.get(name)!)!;
      const node = result.results.find((r) => r.name === name);
      if (!node || node.status !== 'success' || !node.rows) {
        outcome.error = node?.error?.message ?? node?.message ?? `${model} did not run.`;
        continue;
      }
      if (!record) continue;
      outcome.batchRows.push(node.rows.batch);
      outcome.rescannedRows.push(node.incremental ? node.rows.updated : 0);
    }
  };

  await runDay(false); // every width's first build, at the cut-off
  let correctionKey: string | null = null;
  for (let day = 1; day <= dayCount; day++) {
    if (options.shouldStop?.()) {
      sweep.stopped = true;
      break;
    }
    const last = day === dayCount;
    const released = await releaseLateDay(connection, setting, {
      ...(last && correctionAge !== null && { correctionAgeDays: correctionAge }),
    });
    clock = released.clock;
    for (const arrival of released.arrived)
      sweep.arrivalsByDelay[arrival.delayDays] =
        (sweep.arrivalsByDelay[arrival.delayDays] ?? 0) + 1;
    sweep.days.push({
      day: released.day,
      newOrders: released.newOrders,
      latePayments: released.arrived.filter((a) => a.kind === 'payment').length,
      lateStatuses: released.arrived.filter((a) => a.kind === 'status').length,
    });
    if (released.correction) {
      correctionKey = released.correction.orderId;
      sweep.correction = {
        orderId: released.correction.orderId,
        day: released.correction.day,
        ageDays: released.correction.ageDays,
      };
    }
    await runDay(true);
    options.onProgress?.({ day, days: dayCount });
  }

  // The reference: the model itself, built from scratch on the final data.
  const command = parseArgs(['run', '-s', model, '--full-refresh']);
  if (command instanceof UsageError) throw command;
  const reference = await runDbt(command, {
    ...current(),
    modelConfig: { [model]: { schema: 'lookback_reference' } },
  });
  const referenceNode = reference.results.find((r) => r.name === model);
  sweep.referenceError =
    reference.error?.message ??
    (referenceNode?.status === 'success'
      ? null
      : (referenceNode?.error?.message ?? referenceNode?.message ?? `${model} did not run.`));
  const keys = options.keyColumns ?? uniqueKeyOrNull(branches.config);
  const database = (await connection.query<{ d: string }>('select current_database() as d'))
    .rows[0]!.d;
  const tableOf = (schema: string) =>
    `${quoteIdent(database)}.${quoteIdent(`main_${schema}`)}.${quoteIdent(identifier)}`;
  for (const result of results.values()) {
    const runs = result.batchRows.length;
    const totalBatchRows = result.batchRows.reduce((s, n) => s + n, 0);
    result.cost = {
      totalBatchRows,
      averageBatchRows: runs === 0 ? 0 : totalBatchRows / runs,
      totalRescannedRows: result.rescannedRows.reduce((s, n) => s + n, 0),
    };
  }
  if (!sweep.referenceError) {
    const referenceTable = tableOf('lookback_reference');
    sweep.referenceRows = await scalar(connection, `select count(*) from ${referenceTable}`);
    for (const result of results.values()) {
      if (result.error) continue;
      result.errors = await compare(
        connection,
        tableOf(`lookback_${result.width}`),
        referenceTable,
        keys,
        correctionKey,
      );
    }
  }
  sweep.widths = widths.map((w) => results.get(w)!);
  sweep.ms = performance.now() - started;
  return sweep;
}
