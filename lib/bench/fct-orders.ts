/**
 * The `fct_orders` benchmark, the same code on DuckDB-WASM (the /bench/engine page) and on native
 * DuckDB (scripts/bench): the course data at a scale, then for each version of the model a full
 * build, an incremental run with no new data, and an incremental run after the timeline's next day
 * of orders. Each dbt run is timed beside the same compiled SQL run straight on the same connection
 * (the statements dbt-duckdb's delete+insert would send, without the engine), and split into the
 * time spent waiting for DuckDB and the engine's own time. One profiled run of each kind says how
 * many rows the model read from each table.
 */
import {
  applyTimelineEvent,
  getLabClock,
  loadLabData,
  resetTimeline,
  type DataSource,
} from '@/lib/data';
import { compileModel, parseArgs, runDbt, UsageError } from '@/lib/dbt';
import type { NodeResult, ProjectFiles, RowCounts, TableRead } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { relationName, uniqueKeyColumns } from '@/lib/grader/model-config';
import {
  meteredConnection,
  resetMeter,
  type Meter,
  type StatementKind,
} from './metered-connection';
import { spread, timed, type Spread } from './stats';

export interface BenchModel {
  /** A short name for the report, e.g. `solution`. */
  name: string;
  files: ProjectFiles;
}

export interface FctOrdersOptions {
  connection: Connection;
  data: DataSource;
  models: BenchModel[];
  /** Timed runs of each step (after one warm-up build). */
  runs: number;
  /** Also run each step's compiled SQL straight (the engine-overhead comparison); on by default. */
  straight?: boolean;
  /** One profiled run of each kind for the rows read; on by default. */
  profile?: boolean;
  /** An untimed incremental run before the timed ones; on by default. */
  warmUp?: boolean;
  /** Progress lines, for a log. */
  onLog?: (line: string) => void;
}

export interface StepFigures {
  /** Wall time of the dbt command. */
  dbt: Spread;
  /** The same compiled SQL run straight on the connection (null when not measured). */
  straight: Spread | null;
  /** The part of the dbt command's time spent waiting for DuckDB. */
  duckdb: Spread;
  /** Connection calls the dbt command made (median). */
  calls: number;
  /** The time waiting for DuckDB by kind of statement (median of each, ms). */
  duckdbByKind: Partial<Record<StatementKind, number>>;
  /** Row counts of the last timed run. */
  rows: RowCounts | null;
}

export interface ModelFigures {
  model: string;
  full: StepFigures;
  noop: StepFigures;
  nextDay: StepFigures;
  /** Rows read per table by a profiled full build and a profiled incremental run. */
  reads: { full: TableRead[]; incremental: TableRead[] };
}

export interface FctOrdersFigures {
  adapter: Connection['adapter'];
  /** DuckDB's version and the settings that bound its speed here. */
  duckdb: { version: string; threads: string; memoryLimit: string };
  /** The data in words, e.g. `generated (scale 10, seed 42)`. */
  data: string;
  scale: number | null;
  /** Orders in `raw` at the cut-off. */
  orders: number;
  /** Generating (or importing) the data and setting up the timeline. */
  loadMs: number;
  /** Building every parent of fct_orders once (views, dim_customers). */
  parentsMs: number;
  models: ModelFigures[];
}

const MODEL = 'fct_orders';
const TEMP = '"fct_orders__bench_tmp"';

async function dbt(
  connection: Connection,
  files: ProjectFiles,
  line: string,
  profile = false,
): Promise<NodeResult | undefined> {
  const command = parseArgs(line.split(' '));
  if (command instanceof UsageError) throw command;
  const clock = await getLabClock(connection);
  const result = await runDbt(command, { connection, files, clock, profile });
  if (result.exitCode !== 0) throw new Error(`dbt ${line} failed:\n${result.log.join('\n')}`);
  return result.results.find((r) => r.name === MODEL);
}

/** What a person would run by hand for the same step, with the SQL the engine compiled. */
function straightSql(
  kind: 'full' | 'incremental',
  target: string,
  sql: string,
  key: string[],
): string {
  if (kind === 'full') return `create or replace table ${target} as (\n${sql}\n)`;
  const keys = key.join(', ');
  return [
    'begin transaction',
    `create temporary table ${TEMP} as (\n${sql}\n)`,
    `delete from ${target} where (${keys}) in (select ${keys} from ${TEMP})`,
    `insert into ${target} select * from ${TEMP}`,
    `drop table ${TEMP}`,
    'commit',
  ].join(';\n');
}

interface Samples {
  dbt: number[];
  straight: number[];
  duckdb: number[];
  calls: number[];
  byKind: Partial<Record<StatementKind, number>>[];
  rows: RowCounts | null;
}

const emptySamples = (): Samples => ({
  dbt: [],
  straight: [],
  duckdb: [],
  calls: [],
  byKind: [],
  rows: null,
});

function medianByKind(
  runs: Partial<Record<StatementKind, number>>[],
): Partial<Record<StatementKind, number>> {
  const kinds = new Set(runs.flatMap((r) => Object.keys(r) as StatementKind[]));
  return Object.fromEntries(
    [...kinds].map((k) => [k, Math.round(spread(runs.map((r) => r[k] ?? 0)).median * 10) / 10]),
  );
}

function figures(s: Samples): StepFigures {
  return {
    dbt: spread(s.dbt),
    straight: s.straight.length > 0 ? spread(s.straight) : null,
    duckdb: spread(s.duckdb),
    calls: spread(s.calls).median,
    duckdbByKind: medianByKind(s.byKind),
    rows: s.rows,
  };
}

/** One timed dbt command on the metered connection, then the straight SQL on the plain one. */
async function measureStep(
  samples: Samples,
  metered: { connection: Connection; meter: Meter },
  plain: Connection,
  files: ProjectFiles,
  line: string,
  straight: string | null,
): Promise<void> {
  resetMeter(metered.meter);
  const run = await timed(() => dbt(metered.connection, files, line));
  samples.dbt.push(run.ms);
  samples.duckdb.push(metered.meter.ms);
  samples.calls.push(metered.meter.calls);
  samples.byKind.push({ ...metered.meter.byKind });
  samples.rows = run.value?.rows ?? null;
  if (straight !== null) samples.straight.push((await timed(() => plain.exec(straight))).ms);
}

async function benchModel(
  options: FctOrdersOptions,
  model: BenchModel,
  metered: { connection: Connection; meter: Meter },
): Promise<ModelFigures> {
  const { connection, runs } = options;
  const log = options.onLog ?? (() => undefined);
  const { files } = model;
  await dbt(connection, files, 'run -s fct_orders --full-refresh'); // warm-up, and the table exists
  const clock = await getLabClock(connection);
  const branches = await compileModel({ connection, files, clock }, MODEL);
  if (branches.incrementalSql === null)
    throw new Error(`${model.name}: fct_orders is not incremental`);
  const target = relationName(branches.config, MODEL);
  const key = uniqueKeyColumns(branches.config);
  if (key.length === 0) throw new Error(`${model.name}: fct_orders has no unique_key`);
  const straight = options.straight ?? true;
  const full = straight ? straightSql('full', target, branches.firstBuildSql, key) : null;
  const incremental = straight
    ? straightSql('incremental', target, branches.incrementalSql, key)
    : null;
  if (options.warmUp ?? true) await dbt(connection, files, 'run -s fct_orders');

  const steps = { full: emptySamples(), noop: emptySamples(), nextDay: emptySamples() };
  for (let i = 0; i < runs; i++) {
    await measureStep(
      steps.full,
      metered,
      connection,
      files,
      'run -s fct_orders --full-refresh',
      full,
    );
    await measureStep(steps.noop, metered, connection, files, 'run -s fct_orders', incremental);
    log(
      `${model.name}: full ${steps.full.dbt.at(-1)!.toFixed(0)} ms, no-op ${steps.noop.dbt.at(-1)!.toFixed(0)} ms`,
    );
  }
  const reads =
    (options.profile ?? true)
      ? {
          full:
            (await dbt(connection, files, 'run -s fct_orders --full-refresh', true))?.reads ?? [],
          incremental: (await dbt(connection, files, 'run -s fct_orders', true))?.reads ?? [],
        }
      : { full: [], incremental: [] };
  for (let i = 0; i < runs; i++) {
    await applyTimelineEvent(connection, 'new_orders');
    await measureStep(steps.nextDay, metered, connection, files, 'run -s fct_orders', incremental);
    log(`${model.name}: after a day of new orders ${steps.nextDay.dbt.at(-1)!.toFixed(0)} ms`);
  }
  return {
    model: model.name,
    full: figures(steps.full),
    noop: figures(steps.noop),
    nextDay: figures(steps.nextDay),
    reads,
  };
}

export async function benchFctOrders(options: FctOrdersOptions): Promise<FctOrdersFigures> {
  const { connection, data } = options;
  const log = options.onLog ?? (() => undefined);
  if (options.models.length === 0) throw new Error('benchFctOrders needs at least one model');
  const load = await timed(() => loadLabData(connection, data));
  log(`${load.value.source}: loaded in ${load.ms.toFixed(0)} ms`);
  const parents = await timed(() =>
    dbt(connection, options.models[0]!.files, 'run --exclude fct_orders'),
  );
  const settings = await connection.query<{ version: string; threads: string; memory: string }>(
    "select version() as version, current_setting('threads')::varchar as threads, current_setting('memory_limit') as memory",
  );
  const duckdb = settings.rows[0]!;
  const metered = meteredConnection(connection);
  const models: ModelFigures[] = [];
  for (const [index, model] of options.models.entries()) {
    if (index > 0) await resetTimeline(connection); // each version starts from the cut-off
    models.push(await benchModel(options, model, metered));
  }
  return {
    adapter: connection.adapter,
    duckdb: { version: duckdb.version, threads: duckdb.threads, memoryLimit: duckdb.memory },
    data: load.value.source,
    scale: data.kind === 'generated' ? data.scale : null,
    orders: load.value.rowCounts.orders,
    loadMs: load.ms,
    parentsMs: parents.ms,
    models,
  };
}
