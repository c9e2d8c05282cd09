/**
 * The strategy explainer against the engine itself: for the starter, the solution and a batch with
 * a repeated key, each strategy's numbers, statements and resulting table must be what a real
 * `dbt run` gives once `incremental_strategy` is written into the model. The student's table and
 * schemas must come out exactly as they went in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTimelineEvent, getLabClock, loadLabData } from '@/lib/data';
import { parseArgs, runDbt, UsageError, type ProjectFiles, type RowCounts } from '@/lib/dbt';
import { solutionProjectFiles, starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { buildDay10 } from '@/lib/workspace/day10';
import {
  explainStrategies,
  STRATEGIES,
  tableFingerprint,
  type Strategy,
  type StrategyExplanation,
} from './strategies';

const MODEL = 'models/marts/fct_orders.sql';
/** The solution's `unique_key` in its config() call (its header comment names it too). */
const KEY_CONFIG = /unique_key='order_id'(?=\s*[,)])/;
// A tenth of the Olist size: a few hundred milliseconds per explanation, the same statements.
const DATA = { kind: 'generated', scale: 0.1, seed: 42 } as const;

let connection: Connection;
let starter: ProjectFiles;
let solution: ProjectFiles;

beforeAll(async () => {
  connection = await openNodeConnection();
  await loadLabData(connection, DATA);
  starter = await starterProjectFiles();
  solution = await solutionProjectFiles();
  expect((await buildDay10(connection, starter)).ok).toBe(true);
  // a day of new orders, then the late payments and status changes of the days before it
  for (const id of ['new_orders', 'late_payments', 'status_changes'] as const)
    await applyTimelineEvent(connection, id);
});

afterAll(() => connection.close());

/** Everything of the student's that the explainer could touch, as text. */
async function studentState(): Promise<string> {
  const rows = await connection.query('select * from main.fct_orders order by all', {
    maxRows: 1_000_000,
  });
  const described = await connection.query('describe main.fct_orders');
  const comment = await connection.query(
    `select comment from duckdb_tables() where schema_name = 'main' and table_name = 'fct_orders'`,
  );
  const relations = await connection.query(
    `select table_schema, table_name, table_type from information_schema.tables order by all`,
  );
  return JSON.stringify([rows.rows, described.rows, comment.rows, relations.rows]);
}

/** The model file with `incremental_strategy` written into it, as a student would. */
function withStrategy(files: ProjectFiles, strategy: Strategy): ProjectFiles {
  const text = files[MODEL]!;
  const edited = KEY_CONFIG.test(text)
    ? text.replace(KEY_CONFIG, `unique_key='order_id', incremental_strategy='${strategy}'`)
    : `{{ config(materialized='incremental', incremental_strategy='${strategy}') }}\n${text}`;
  expect(edited).not.toBe(text);
  return { ...files, [MODEL]: edited };
}

interface RealRun {
  rows: RowCounts;
  message: string;
  fingerprint: string;
  statements: string[];
}

/** Each strategy really run on the student's table, which is put back after each run. */
async function realRuns(files: ProjectFiles): Promise<Record<Strategy, RealRun>> {
  await connection.exec(`create schema if not exists test_keep;
    create or replace table test_keep.fct_orders as select * from main.fct_orders`);
  const runs = {} as Record<Strategy, RealRun>;
  try {
    for (const strategy of STRATEGIES) {
      const command = parseArgs(['run', '-s', 'fct_orders']);
      if (command instanceof UsageError) throw command;
      const statements: string[] = [];
      const result = await runDbt(command, {
        connection,
        files: withStrategy(files, strategy),
        clock: await getLabClock(connection),
        onStatement: (s) => statements.push(s.sql),
      });
      const node = result.results.find((r) => r.name === 'fct_orders')!;
      expect(node.status, node.message).toBe('success');
      runs[strategy] = {
        rows: node.rows!,
        message: node.message,
        fingerprint: await tableFingerprint(connection, 'main.fct_orders'),
        statements,
      };
      await connection.exec(
        'create or replace table main.fct_orders as select * from test_keep.fct_orders',
      );
    }
  } finally {
    await connection.exec('drop schema test_keep cascade');
  }
  return runs;
}

/** Temp tables are named after the wall clock: the same statement runs a millisecond apart. */
const sameStatements = (statements: string[]) =>
  statements.map((s) => s.replace(/__dbt_tmp\d+/g, '__dbt_tmp'));

async function explainAndCompare(files: ProjectFiles): Promise<StrategyExplanation> {
  const before = await studentState();
  const explanation = await explainStrategies({ connection, files, keyColumns: ['order_id'] });
  expect(await studentState()).toBe(before);
  console.info(`explained in ${explanation.ms.toFixed(0)} ms: ${explanation.summary}`);
  const real = await realRuns(files);
  for (const outcome of explanation.strategies) {
    const truth = real[outcome.strategy];
    expect(outcome.error, outcome.strategy).toBeNull();
    expect(outcome.message).toBe(truth.message);
    const { untouched, before: rowsBefore, after, ...counts } = outcome.rows!;
    expect({ ...counts, total: after }, outcome.strategy).toEqual(truth.rows);
    expect(untouched).toBe(rowsBefore - truth.rows.updated - truth.rows.deleted);
    expect(outcome.fingerprint, outcome.strategy).toBe(truth.fingerprint);
    expect(sameStatements(outcome.statements)).toEqual(sameStatements(truth.statements));
  }
  return explanation;
}

const byStrategy = (x: StrategyExplanation, s: Strategy) =>
  x.strategies.find((o) => o.strategy === s)!;

describe('explainStrategies: numbers from the engine, as a real run gives them', () => {
  it('the starter (a table model, no filter, no key): every strategy appends the whole table again', async () => {
    const x = await explainAndCompare(starter);
    expect(x.incremental).toBe(false);
    expect(x.path).toBe('incremental');
    expect(x.summary).toMatch(/materialized as table/);
    const current = x.currentRows!;
    for (const s of STRATEGIES) {
      const o = byStrategy(x, s);
      expect(o.rows!.batch).toBeGreaterThan(current);
      expect(o.rows!.after).toBe(current + o.rows!.batch);
      expect(o.rows!.untouched).toBe(current);
      expect(o.duplicates).toBe(current);
      expect(o.vsFullRefresh).toEqual({
        onlyInResult: current,
        onlyInFullRefresh: 0,
        matches: false,
      });
    }
    expect(byStrategy(x, 'merge').note).toMatch(/no unique_key/i);
    // the strategies agree; every order differs from a full refresh (it is there twice)
    expect(x.differences.betweenStrategies).toBe(0);
    expect(x.differences.total).toBe(current);
    expect(x.differences.keys).toHaveLength(50);
    const key = x.differences.keys[0]!;
    expect(key.strategiesDiffer).toBe(false);
    expect(key.rows.append).toHaveLength(2);
    expect(key.rows.full_refresh).toHaveLength(1);
    // an order whose data changed since the table was built comes first: its old row stays beside
    // the new one, so its values differ too
    expect(key.columns.length).toBeGreaterThan(0);
    expect(key.rows.current).not.toEqual(key.rows.full_refresh);
  });

  it('the solution: append duplicates the window, delete+insert and merge match a full refresh', async () => {
    const x = await explainAndCompare(solution);
    expect([x.incremental, x.path]).toEqual([true, 'incremental']);
    const append = byStrategy(x, 'append');
    const deleteInsert = byStrategy(x, 'delete+insert');
    const merge = byStrategy(x, 'merge');
    expect(deleteInsert.rows!.updated).toBeGreaterThan(0);
    expect(deleteInsert.vsFullRefresh!.matches).toBe(true);
    expect(merge.vsFullRefresh!.matches).toBe(true);
    expect(deleteInsert.fingerprint).toBe(merge.fingerprint);
    expect(append.duplicates).toBe(deleteInsert.rows!.updated);
    // the keys that differ are the window's orders already in the table, twice under append
    expect(x.differences.total).toBe(deleteInsert.rows!.updated);
    expect(x.differences.betweenStrategies).toBe(deleteInsert.rows!.updated);
    const key = x.differences.keys[0]!;
    expect(key.strategiesDiffer).toBe(true);
    expect(key.rows.append).toHaveLength(2);
    expect(key.rows['delete+insert']).toHaveLength(1);
    expect(key.rows.merge).toHaveLength(1);
    expect(key.rows.current).toHaveLength(1);
    // a late change first: append keeps the stale row beside the new one
    expect(key.columns.length).toBeGreaterThan(0);
    expect(key.rows.current).not.toEqual(key.rows.full_refresh);
    expect(x.differences.keys.length).toBeLessThanOrEqual(50);
    expect(merge.statements[1]).toMatch(/^MERGE INTO "memory"."main"."fct_orders"/);
    expect(x.compiledSql).toMatch(/order_purchase_ts >= /);
  });

  it('a batch with a repeated key: delete+insert keeps both rows, merge keeps one', async () => {
    const text = solution[MODEL]!;
    const columns = /select\n([\s\S]*?)\nfrom \{\{ ref\('int_orders_enriched'\) \}\}/.exec(
      text,
    )![1]!;
    const repeated = text.replace(
      '{% endif %}',
      `union all
select
${columns}
from {{ ref('int_orders_enriched') }}
where order_id = (
    select min(order_id) from {{ this }}
    where order_purchase_ts >= dateadd('day', -3, current_timestamp)
)
{% endif %}`,
    );
    const x = await explainAndCompare({ ...solution, [MODEL]: repeated });
    const deleteInsert = byStrategy(x, 'delete+insert');
    const merge = byStrategy(x, 'merge');
    expect(deleteInsert.duplicates).toBe(1);
    expect(merge.duplicates).toBe(0);
    expect(deleteInsert.vsFullRefresh).toEqual({
      onlyInResult: 1,
      onlyInFullRefresh: 0,
      matches: false,
    });
    expect(merge.vsFullRefresh!.matches).toBe(true);
    // the key all three strategies split on comes first, ahead of those only append repeats
    const key = x.differences.keys[0]!;
    expect(key.rows['delete+insert']).toHaveLength(2);
    expect(key.rows.merge).toHaveLength(1);
    expect(key.rows.append).toHaveLength(3);
    expect(key.rows.full_refresh).toHaveLength(1);
  });
});

describe('explainStrategies: the other situations', () => {
  it('a table not built yet: one first build, the same for every strategy', async () => {
    const files = {
      ...solution,
      [MODEL]: solution[MODEL]!.replace(KEY_CONFIG, "unique_key='order_id', alias='fct_orders_v2'"),
    };
    const before = await studentState();
    const x = await explainStrategies({ connection, files });
    expect(await studentState()).toBe(before);
    expect(x.path).toBe('first-build');
    expect(x.currentRows).toBeNull();
    expect(x.summary).toMatch(/first build/);
    const prints = new Set(x.strategies.map((o) => o.fingerprint));
    expect(prints.size).toBe(1);
    for (const o of x.strategies) {
      expect(o.statements).toHaveLength(1);
      expect(o.statements[0]).toMatch(/^create table "memory"."main"."fct_orders_v2" as \(/);
      expect(o.vsFullRefresh!.matches).toBe(true);
    }
  });

  it('no unique_key: delete+insert and merge insert the whole batch, as append does', async () => {
    const files = {
      ...solution,
      [MODEL]: solution[MODEL]!.replace(",\n        unique_key='order_id'", ''),
    };
    expect(files[MODEL]).not.toMatch(KEY_CONFIG);
    const x = await explainStrategies({ connection, files, keyColumns: ['order_id'] });
    expect(x.uniqueKey).toBeNull();
    expect(x.summary).toMatch(/No unique_key/);
    const prints = new Set(x.strategies.map((o) => o.fingerprint));
    expect(prints.size).toBe(1);
    expect(byStrategy(x, 'delete+insert').note).toMatch(/behaves as append/);
    expect(byStrategy(x, 'append').duplicates).toBeGreaterThan(0);
  });

  it('a strategy that fails says why; the others still run', async () => {
    // a column the table does not have: merge's INSERT BY NAME fails, delete+insert ignores it
    const files = {
      ...solution,
      [MODEL]: solution[MODEL]!.replace(
        '    payment_type_any\n',
        '    payment_type_any,\n    1 as extra_column\n',
      ),
    };
    const x = await explainStrategies({ connection, files });
    expect(byStrategy(x, 'merge').error).toMatch(/extra_column/);
    expect(byStrategy(x, 'delete+insert').error).toBeNull();
    expect(x.summary).toMatch(/Failed here: merge/);
  });

  it('a relation that is a view: every strategy rebuilds it, on a scratch view', async () => {
    // aliased onto an existing view of the project: the run replaces it, whatever the strategy
    const files = {
      ...solution,
      [MODEL]: solution[MODEL]!.replace(
        KEY_CONFIG,
        "unique_key='order_id', alias='int_orders_enriched'",
      ),
    };
    const before = await studentState();
    const x = await explainStrategies({ connection, files });
    expect(await studentState()).toBe(before);
    expect(x.path).toBe('full-refresh');
    expect(new Set(x.strategies.map((o) => o.fingerprint)).size).toBe(1);
    expect(x.strategies[0]!.statements[1]).toBe(
      'alter view "memory"."main"."int_orders_enriched" rename to "int_orders_enriched__dbt_backup"',
    );
  });

  it('a model whose run fails for every strategy says so', async () => {
    const files = {
      ...solution,
      [MODEL]: solution[MODEL]!.replace('order_purchase_ts >=', 'no_such_column >='),
    };
    const before = await studentState();
    const x = await explainStrategies({ connection, files });
    expect(await studentState()).toBe(before);
    expect(x.strategies.every((o) => o.error?.includes('no_such_column'))).toBe(true);
    expect(x.summary).toMatch(/^No strategy could run: .*no_such_column/s);
    expect(x.differences).toEqual({ total: 0, betweenStrategies: 0, keys: [] });
  });

  it('never uses a schema the student already has', async () => {
    await connection.exec(`create schema main_lab_explain;
      create table main_lab_explain.mine as select 42 as answer`);
    const x = await explainStrategies({ connection, files: solution });
    expect(byStrategy(x, 'merge').error).toBeNull();
    const kept = await connection.query('select answer from main_lab_explain.mine');
    expect(kept.rows).toEqual([{ answer: 42 }]);
    await connection.exec('drop schema main_lab_explain cascade');
  });
});
