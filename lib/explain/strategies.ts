/**
 * The strategy explainer: for the student's model as it is now and the data in the database now,
 * what each of append, delete+insert and merge would run and what it would do to the table. Each
 * strategy really runs, through the dbt engine, on a scratch copy of the model's table in a schema
 * of its own (`<target schema>_lab_explain`), and a full refresh is built there too for comparison.
 * The student's table and schemas are only read; the scratch schema is dropped at the end.
 */
import type { Connection, Row } from '@/lib/engine/connection';
import { getLabClock } from '@/lib/data/lab-clock';
import {
  compileModel,
  parseArgs,
  runDbt,
  UsageError,
  type DbtOptions,
  type NodeResult,
  type ProjectFiles,
} from '@/lib/dbt';
import { duplicateKeys, keyExpression, quoteIdent, sqlList } from '@/lib/grader/table-diff';
import { scalar, uniqueKeyOrNull } from './model-keys';

export const STRATEGIES = ['append', 'delete+insert', 'merge'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The schema suffix the scratch copies live under (`main` ⇒ `main_lab_explain`). */
export const SCRATCH_SUFFIX = 'lab_explain';

export interface ExplainOptions {
  connection: Connection;
  files: ProjectFiles;
  model?: string;
  /** The lab clock (`YYYY-MM-DD HH:MM:SS`); by default the one stored with the lab's data, if any. */
  clock?: string;
  vars?: Record<string, unknown>;
  /** Target schema, as `DbtOptions.schema` (`main`). */
  schema?: string;
  /**
   * Columns that identify a row, for duplicates and the keys that differ. By default the model's
   * `unique_key`; without one, duplicates and differences are counted on whole rows.
   */
  keyColumns?: string[];
  /** At most this many differing keys are listed (all are counted). */
  maxKeys?: number;
}

/**
 * - `incremental`: the table exists and the run takes the incremental branch: the strategies differ.
 * - `first-build`: no table yet: every strategy creates it with the same statement.
 * - `full-refresh`: the run rebuilds the table whatever the strategy (`full_refresh: true`, or the
 *   relation is a view).
 */
export type RunPath = 'incremental' | 'first-build' | 'full-refresh';

export interface StrategyRows {
  /** Rows the model's SQL produced for this run. */
  batch: number;
  inserted: number;
  /** Table rows replaced by a batch row with the same key (delete+insert) or updated (merge). */
  updated: number;
  /** Table rows removed without a replacement (delete+insert: duplicates of a batch key). */
  deleted: number;
  /** Table rows no statement touched. */
  untouched: number;
  /** Rows in the table before and after. */
  before: number;
  after: number;
}

export interface StrategyOutcome {
  strategy: Strategy;
  /** The run's status text as the log prints it (`INSERT 28, UPDATE 61`), or its error. */
  message: string;
  error: string | null;
  /** The statements the engine ran, in order, naming the model's own table. */
  statements: string[];
  rows: StrategyRows | null;
  /** Keys that appear more than once in the result (plus NULL keys); whole rows without a key. */
  duplicates: number | null;
  /** Rows of the result that a full refresh does not have, and the other way round. */
  vsFullRefresh: { onlyInResult: number; onlyInFullRefresh: number; matches: boolean } | null;
  /** Order-insensitive fingerprint of the resulting table (row count and sum of row hashes). */
  fingerprint: string | null;
  /** Why this strategy behaves as it does here, when that is not obvious. */
  note: string | null;
}

export interface KeyDifference {
  key: string;
  /** True when the strategies disagree on this key; false when they agree but differ from a full refresh. */
  strategiesDiffer: boolean;
  /** The key's rows in the table now, after each strategy, and in a full refresh. */
  rows: Record<Strategy | 'current' | 'full_refresh', Row[]>;
  /**
   * Columns whose values are not the same under every strategy and the full refresh (as sets of
   * values: a row repeated with the same values shows in the row counts, not here).
   */
  columns: string[];
}

export interface StrategyExplanation {
  model: string;
  /** The model's table, as `{{ this }}` renders it. */
  relation: string;
  materialized: string;
  /** False: the model is not incremental; the strategies show what it would do if it were. */
  incremental: boolean;
  path: RunPath;
  uniqueKey: string[] | null;
  keyColumns: string[] | null;
  /** The SQL the run compiled (the incremental branch on the incremental path). */
  compiledSql: string | null;
  /** Rows in the model's table now; null when it does not exist. */
  currentRows: number | null;
  summary: string;
  strategies: StrategyOutcome[];
  fullRefresh: { rows: number | null; error: string | null; statements: string[] };
  /**
   * Keys whose rows are not the same under every strategy that ran and the full refresh: `total`
   * of them, `betweenStrategies` of which the strategies disagree on; listed up to `maxKeys`,
   * those first.
   */
  differences: { total: number; betweenStrategies: number; keys: KeyDifference[] };
  ms: number;
}

interface Scratch {
  /** `"db"."main_lab_explain".` and the real `"db"."main".`, for naming statements back. */
  prefix: string;
  realPrefix: string;
  custom: string;
  schemaSql: string;
  table: string;
}

const PATH_NOTES: Record<Exclude<RunPath, 'incremental'>, string> = {
  'first-build':
    'The table does not exist yet, so this run is a first build: every strategy creates the table with the same statement. The strategies differ from the second run on.',
  'full-refresh':
    'This run rebuilds the table whatever the strategy (the model has full_refresh set, or the relation is a view): the strategies differ only on incremental runs.',
};

async function relationType(
  connection: Connection,
  relation: string,
): Promise<'table' | 'view' | null> {
  const parts = [...relation.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
  const [database, schema, name] = parts;
  const result = await connection.query<{ t: string }>(
    `select table_type as t from information_schema.tables
     where table_catalog = ${sqlList([database ?? ''])} and table_schema = ${sqlList([schema ?? ''])}
       and table_name = ${sqlList([name ?? ''])}`,
  );
  const type = result.rows[0]?.t;
  return type === undefined ? null : type === 'VIEW' ? 'view' : 'table';
}

/** A schema suffix no schema of the database uses yet, so nothing of the student's is dropped. */
async function freeSuffix(
  connection: Connection,
  database: string,
  targetSchema: string,
): Promise<string> {
  const result = await connection.query<{ s: string }>(
    `select schema_name as s from information_schema.schemata where catalog_name = ${sqlList([database])}`,
  );
  const taken = new Set(result.rows.map((r) => r.s.toLowerCase()));
  for (let i = 1; ; i++) {
    const custom = i === 1 ? SCRATCH_SUFFIX : `${SCRATCH_SUFFIX}_${i}`;
    if (!taken.has(`${targetSchema}_${custom}`.toLowerCase())) return custom;
  }
}

function firstError(result: { results: NodeResult[]; error?: { message: string } }, model: string) {
  if (result.error) return result.error.message;
  const node = result.results.find((r) => r.name === model && r.resourceType === 'model');
  if (!node) return `No model named '${model}' was run.`;
  return node.status === 'error' ? (node.error?.message ?? node.message) : null;
}

/** Order-insensitive fingerprint of a table: its row count and the sum of its row hashes. */
export async function tableFingerprint(connection: Connection, table: string): Promise<string> {
  const cols = (await connection.query(`select * from ${table} limit 0`)).columns
    .map((c) => quoteIdent(c.name))
    .join(', ');
  const result = await connection.query<{ n: number; h: string | null }>(
    `select count(*)::bigint as n, sum(hash(${cols})::hugeint)::varchar as h from ${table}`,
  );
  const row = result.rows[0]!;
  return `${row.n}:${row.h ?? '0'}`;
}

/**
 * Rows only in `a` and rows only in `b`, as a two-way EXCEPT ALL counts them, on `a`'s columns:
 * compared by row hash and count (a 64-bit hash; many times faster than EXCEPT ALL at full size).
 */
async function exceptBoth(connection: Connection, a: string, b: string) {
  const cols = (await connection.query(`select * from ${a} limit 0`)).columns
    .map((c) => quoteIdent(c.name))
    .join(', ');
  const counted = (t: string) => `select hash(${cols}) as h, count(*) as c from ${t} group by 1`;
  const result = await connection.query<{ a: number; b: number }>(`
    with a as (${counted(a)}), b as (${counted(b)})
    select
      coalesce(sum(greatest(coalesce(a.c, 0) - coalesce(b.c, 0), 0)), 0)::bigint as a,
      coalesce(sum(greatest(coalesce(b.c, 0) - coalesce(a.c, 0), 0)), 0)::bigint as b
    from a full outer join b using (h)`);
  const row = result.rows[0]!;
  return { onlyInResult: Number(row.a), onlyInFullRefresh: Number(row.b) };
}

/** Distinct rows that appear more than once (a model without key columns). */
async function wholeRowDuplicates(connection: Connection, table: string): Promise<number> {
  const cols = (await connection.query(`select * from ${table} limit 0`)).columns
    .map((c) => quoteIdent(c.name))
    .join(', ');
  return scalar(
    connection,
    `select count(*) from (select ${cols} from ${table} group by all having count(*) > 1) as d`,
  );
}

function strategyNote(strategy: Strategy, uniqueKey: string[] | null): string | null {
  if (strategy === 'append')
    return uniqueKey
      ? 'append ignores unique_key: every batch row is inserted, so rows already in the table come in a second time.'
      : 'append inserts every batch row; nothing is replaced.';
  if (uniqueKey) return null;
  return strategy === 'delete+insert'
    ? 'No unique_key: dbt-duckdb runs only the insert of delete+insert, so it behaves as append.'
    : 'No unique_key: dbt-duckdb merges on (FALSE), nothing matches, every row is inserted: it behaves as append.';
}

/** Renders the scratch schema's name back as the model's own. */
function named(scratch: Scratch, sql: string): string {
  return sql.split(scratch.prefix).join(scratch.realPrefix);
}

export async function explainStrategies(options: ExplainOptions): Promise<StrategyExplanation> {
  const started = performance.now();
  const { connection, files } = options;
  const model = options.model ?? 'fct_orders';
  const maxKeys = options.maxKeys ?? 50;
  const clock = options.clock ?? (await getLabClock(connection).catch(() => undefined));
  const base: DbtOptions = {
    connection,
    files,
    ...(clock && { clock }),
    ...(options.vars && { vars: options.vars }),
    ...(options.schema && { schema: options.schema }),
  };
  const branches = await compileModel(base, model);
  const materialized = String(branches.config.materialized ?? 'view');
  const incremental = materialized === 'incremental';
  const uniqueKey = uniqueKeyOrNull(branches.config);
  const keyColumns = options.keyColumns ?? uniqueKey;
  const relation = branches.relation;
  const current = await relationType(connection, relation);

  const [database, targetSchema] = [...relation.matchAll(/"((?:[^"]|"")*)"/g)].map((m) =>
    m[1]!.replace(/""/g, '"'),
  );
  const custom = await freeSuffix(connection, database!, options.schema ?? 'main');
  const probe = await compileModel(
    { ...base, modelConfig: { [model]: { schema: custom } } },
    model,
  );
  const scratchSchema = [...probe.relation.matchAll(/"((?:[^"]|"")*)"/g)][1]![1]!;
  const scratch: Scratch = {
    prefix: `${quoteIdent(database!)}.${quoteIdent(scratchSchema)}.`,
    realPrefix: `${quoteIdent(database!)}.${quoteIdent(targetSchema!)}.`,
    custom,
    schemaSql: `${quoteIdent(database!)}.${quoteIdent(scratchSchema)}`,
    table: probe.relation,
  };
  const resultTable = (name: string) => `${scratch.schemaSql}.${quoteIdent(`result_${name}`)}`;

  const runOnScratch = async (overrides: Record<string, unknown>, fullRefresh: boolean) => {
    const statements: string[] = [];
    const argv = ['run', '-s', model, ...(fullRefresh ? ['--full-refresh'] : [])];
    const command = parseArgs(argv);
    if (command instanceof UsageError) throw command;
    const result = await runDbt(command, {
      ...base,
      modelConfig: {
        [model]: {
          schema: custom,
          ...(incremental ? {} : { materialized: 'incremental' }),
          ...overrides,
        },
      },
      onStatement: (s) => {
        if (s.node === model) statements.push(named(scratch, s.sql));
      },
    });
    const node = result.results.find((r) => r.name === model && r.resourceType === 'model');
    return { result, node, statements, error: firstError(result, model) };
  };

  const currentRows = current ? await scalar(connection, `select count(*) from ${relation}`) : null;
  const outcomes: StrategyOutcome[] = [];
  let path: RunPath = current === null ? 'first-build' : 'incremental';
  let compiledSql: string | null = null;
  const fullRefresh: StrategyExplanation['fullRefresh'] = {
    rows: null,
    error: null,
    statements: [],
  };
  try {
    await connection.exec(`create schema ${scratch.schemaSql}`);
    const copy = async () => {
      await connection.exec(`drop table if exists ${scratch.table}`);
      await connection.exec(`drop view if exists ${scratch.table}`);
      if (current === 'table')
        await connection.exec(`create table ${scratch.table} as select * from ${relation}`);
      if (current === 'view')
        await connection.exec(`create view ${scratch.table} as select * from ${relation}`);
    };
    for (const strategy of STRATEGIES) {
      await copy();
      const run = await runOnScratch({ incremental_strategy: strategy }, false);
      if (run.node?.compiledSql && compiledSql === null)
        compiledSql = named(scratch, run.node.compiledSql);
      if (run.node?.status === 'success' && run.node.incremental === false && current !== null)
        path = 'full-refresh';
      const rows = run.node?.rows;
      const outcome: StrategyOutcome = {
        strategy,
        message: run.error ?? run.node?.message ?? '',
        error: run.error,
        statements: run.statements,
        rows: null,
        duplicates: null,
        vsFullRefresh: null,
        fingerprint: null,
        note: strategyNote(strategy, uniqueKey),
      };
      if (!run.error && rows) {
        const before = path === 'incremental' ? (currentRows ?? 0) : 0;
        outcome.rows = {
          batch: rows.batch,
          inserted: rows.inserted,
          updated: rows.updated,
          deleted: rows.deleted,
          untouched: Math.max(0, before - rows.updated - rows.deleted),
          before,
          after: rows.total,
        };
        await connection.exec(
          `alter table ${scratch.table} rename to ${quoteIdent(`result_${strategy}`)}`,
        );
      }
      outcomes.push(outcome);
    }

    await connection.exec(`drop table if exists ${scratch.table}`);
    await connection.exec(`drop view if exists ${scratch.table}`);
    const full = await runOnScratch({}, true);
    fullRefresh.statements = full.statements;
    fullRefresh.error = full.error;
    if (!full.error) {
      fullRefresh.rows = full.node?.rows?.total ?? null;
      await connection.exec(`alter table ${scratch.table} rename to "result_full_refresh"`);
    }

    for (const outcome of outcomes) {
      if (outcome.error) continue;
      const table = resultTable(outcome.strategy);
      outcome.fingerprint = await tableFingerprint(connection, table);
      outcome.duplicates = keyColumns
        ? (await duplicateKeys(connection, table, keyColumns)).count
        : await wholeRowDuplicates(connection, table);
      if (!full.error) {
        const diff = await exceptBoth(connection, table, resultTable('full_refresh'));
        outcome.vsFullRefresh = {
          ...diff,
          matches: diff.onlyInResult === 0 && diff.onlyInFullRefresh === 0,
        };
      }
    }

    const ran = outcomes.filter((o) => !o.error).map((o) => o.strategy);
    const differences = await keyDifferences(connection, {
      ran,
      resultTable,
      current: current ? relation : null,
      fullRefresh: full.error ? null : resultTable('full_refresh'),
      keyColumns,
      maxKeys,
    });
    return {
      model,
      relation,
      materialized,
      incremental,
      path,
      uniqueKey,
      keyColumns,
      compiledSql,
      currentRows,
      summary: summarize({
        model,
        materialized,
        incremental,
        path,
        uniqueKey,
        outcomes,
        differences,
      }),
      strategies: outcomes,
      fullRefresh,
      differences,
      ms: performance.now() - started,
    };
  } finally {
    await connection.exec(`drop schema if exists ${scratch.schemaSql} cascade`).catch(() => {
      // the scratch schema is the explainer's own; a failed drop leaves only it behind
    });
  }
}

interface DifferenceInput {
  ran: Strategy[];
  resultTable: (name: string) => string;
  current: string | null;
  fullRefresh: string | null;
  keyColumns: string[] | null;
  maxKeys: number;
}

/**
 * Keys whose rows are not the same under every strategy that ran: per key, the row count and the
 * sum of row hashes of each result, compared in one query; the first `maxKeys` with their rows,
 * those the strategies split most ways first, then those whose data changed since the table was
 * built.
 * Without key columns a "key" is the whole row (as text), so a row repeated by one strategy shows.
 */
async function keyDifferences(
  connection: Connection,
  input: DifferenceInput,
): Promise<StrategyExplanation['differences']> {
  const none = { total: 0, betweenStrategies: 0, keys: [] };
  const tables = [
    ...input.ran.map((name) => input.resultTable(name)),
    ...(input.fullRefresh ? [input.fullRefresh] : []),
  ];
  if (tables.length < 2) return none;
  const columns = (await connection.query(`select * from ${tables[0]} limit 0`)).columns.map(
    (c) => c.name,
  );
  const cols = columns.map(quoteIdent).join(', ');
  const key = input.keyColumns ? keyExpression(input.keyColumns) : `cast(row(${cols}) as varchar)`;
  const ctes = tables.map(
    (table, i) =>
      `s${i} as (select ${key} as k, count(*) as c, sum(hash(${cols})::hugeint) as h from ${table} group by 1)`,
  );
  const keys = `all_keys as (${tables.map((_, i) => `select k from s${i}`).join(' union ')})`;
  const joins = tables.map((_, i) => `left join s${i} using (k)`).join(' ');
  const differs = (i: number) => `(s0.c is distinct from s${i}.c or s0.h is distinct from s${i}.h)`;
  const among = input.ran.slice(1).map((_, j) => differs(j + 1));
  const anyDiffers = tables.slice(1).map((_, j) => differs(j + 1));
  // How many different results the strategies give a key: a repeated key splits all three
  // (append, delete+insert and merge), ahead of the keys where only append stands apart.
  const spread =
    input.ran.length > 1
      ? `len(list_distinct([${input.ran.map((_, i) => `{'c': s${i}.c, 'h': s${i}.h}`).join(', ')}]))`
      : '1';
  // Then the keys whose data changed since the table was built (a late payment, a new status):
  // where a strategy keeps a stale row beside the new one. Only when the table has the same columns.
  let current: string[] = [];
  let changed = 'false';
  if (input.current && input.fullRefresh) {
    const own = (await connection.query(`select * from ${input.current} limit 0`)).columns;
    if (own.map((c) => c.name).join('\0') === columns.join('\0')) {
      current = [
        `cur as (select ${key} as k, sum(hash(${cols})::hugeint) as h from ${input.current} group by 1)`,
      ];
      changed = `(cur.h is distinct from s${tables.length - 1}.h)`;
    }
  }
  const found = await connection.query<{
    k: string;
    among: boolean;
    total: number;
    between_strategies: number;
  }>(`with ${[...ctes, ...current, keys].join(', ')},
    flagged as (
      select k, ${among.length > 0 ? among.join(' or ') : 'false'} as among, ${spread} as spread,
        ${changed} as changed
      from all_keys ${joins} ${current.length > 0 ? 'left join cur using (k)' : ''}
      where ${anyDiffers.join(' or ')}
    )
    select k, among, count(*) over () as total, count(*) filter (where among) over () as between_strategies
    from flagged order by among desc, spread desc, changed desc, k limit ${Math.max(1, input.maxKeys)}`);
  const first = found.rows[0];
  if (!first) return none;
  const listed = found.rows.slice(0, input.maxKeys);
  const strategiesDiffer = new Map(listed.map((r) => [r.k, r.among]));
  const total = Number(first.total);
  const betweenStrategies = Number(first.between_strategies);
  if (listed.length === 0) return { total, betweenStrategies, keys: [] };
  const rowsOf = async (table: string | null): Promise<Map<string, Row[]>> => {
    const byKey = new Map<string, Row[]>();
    if (!table) return byKey;
    const result = await connection.query(
      `select ${key} as __key, ${cols} from ${table} where ${key} in (${sqlList([...strategiesDiffer.keys()])}) order by all`,
    );
    for (const { __key, ...row } of result.rows) {
      const k = String(__key);
      byKey.set(k, [...(byKey.get(k) ?? []), row]);
    }
    return byKey;
  };
  const results = new Map<Strategy, Map<string, Row[]>>();
  for (const strategy of input.ran)
    results.set(strategy, await rowsOf(input.resultTable(strategy)));
  const currentRows = await rowsOf(input.current);
  const fullRows = await rowsOf(input.fullRefresh);
  const differences: KeyDifference[] = [...strategiesDiffer.keys()].map((k) => {
    const rows = {
      current: currentRows.get(k) ?? [],
      full_refresh: fullRows.get(k) ?? [],
      append: [],
      'delete+insert': [],
      merge: [],
    } as KeyDifference['rows'];
    for (const [strategy, byKey] of results) rows[strategy] = byKey.get(k) ?? [];
    const compared: (keyof KeyDifference['rows'])[] = [
      ...input.ran,
      ...(input.fullRefresh ? (['full_refresh'] as const) : []),
    ];
    const differing = columns.filter((column) => {
      const seen = new Set(
        compared.map((s) =>
          JSON.stringify(
            [...new Set(rows[s].map((r) => JSON.stringify(r[column] ?? null)))].sort(),
          ),
        ),
      );
      return seen.size > 1;
    });
    return { key: k, strategiesDiffer: strategiesDiffer.get(k)!, rows, columns: differing };
  });
  return { total, betweenStrategies, keys: differences };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summarize(input: {
  model: string;
  materialized: string;
  incremental: boolean;
  path: RunPath;
  uniqueKey: string[] | null;
  outcomes: StrategyOutcome[];
  differences: StrategyExplanation['differences'];
}): string {
  const parts: string[] = [];
  if (!input.incremental)
    parts.push(
      `${input.model} is materialized as ${input.materialized}: every run rebuilds it from scratch. Below is what each strategy would do if it were incremental as written now.`,
    );
  const failed = input.outcomes.filter((o) => o.error);
  if (failed.length === input.outcomes.length) {
    parts.push(`No strategy could run: ${failed[0]?.error ?? 'no result'}`);
    return parts.join(' ');
  }
  if (input.path !== 'incremental') parts.push(PATH_NOTES[input.path]);
  else if (!input.uniqueKey)
    parts.push(
      'No unique_key: delete+insert and merge have nothing to match on and insert the whole batch, as append does.',
    );
  if (failed.length > 0) parts.push(`Failed here: ${failed.map((o) => o.strategy).join(', ')}.`);
  if (input.path === 'incremental')
    parts.push(
      input.differences.betweenStrategies === 0
        ? 'Every strategy that ran leaves the same table.'
        : `${plural(input.differences.betweenStrategies, 'key')} end up with different rows depending on the strategy.`,
    );
  return parts.join(' ');
}
