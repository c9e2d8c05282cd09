/**
 * The dbt engine's behaviour suite, written without a test framework so the same cases run on native
 * DuckDB in Vitest and on DuckDB-WASM in a browser (like lib/engine/conformance.ts). Each case builds
 * its project from inline files into its own schema and drops it afterwards. A case throws to fail.
 */
import { AssertionError, assertContains, assertEqual } from '@/lib/engine/suite-assert';
import type { Connection, Row } from '@/lib/engine/connection';
import { compileModel, parseArgs, runDbt } from './index';
import type { DbtResult, ProjectFiles } from './types';

export interface DbtBehaviourCase {
  name: string;
  run(connection: Connection): Promise<void>;
}

const PROJECT = (name: string, extra = '') =>
  `name: ${name}\nversion: '1.0'\nconfig-version: 2\nprofile: ${name}\n${extra}`;

let counter = 0;

/** A project in its own schema; `dbt(...)` runs a command line on it. */
async function workspace(connection: Connection, files: ProjectFiles, clock?: string) {
  const schema = `behaviour_${++counter}_${Date.now() % 100000}`;
  const dbt = async (...argv: string[]): Promise<DbtResult> => {
    const command = parseArgs(argv);
    if (command instanceof Error) throw new AssertionError(`bad command line: ${command.message}`);
    return runDbt(command, { connection, files, schema, clock });
  };
  const rows = async (sql: string): Promise<Row[]> =>
    (await connection.query(sql.replace(/\bS\./g, `"${schema}".`))).rows;
  const cleanup = () => connection.exec(`drop schema if exists "${schema}" cascade`);
  return { dbt, rows, cleanup, schema, files };
}

async function withWorkspace(
  connection: Connection,
  files: ProjectFiles,
  body: (ws: Awaited<ReturnType<typeof workspace>>) => Promise<void>,
  clock?: string,
): Promise<void> {
  const ws = await workspace(connection, files, clock);
  try {
    await body(ws);
  } finally {
    await ws.cleanup();
  }
}

/** A workspace under the lab clock; the clock's macros are dropped afterwards. */
async function withLabClock(
  connection: Connection,
  files: ProjectFiles,
  clock: string,
  body: (ws: Awaited<ReturnType<typeof workspace>>) => Promise<void>,
): Promise<void> {
  try {
    await withWorkspace(connection, files, body, clock);
  } finally {
    for (const name of [
      'get_current_timestamp',
      'now',
      'transaction_timestamp',
      'current_date',
      'today',
    ]) {
      await connection.exec(`drop macro if exists temp.main.${name}`);
    }
  }
}

function expectExit(result: DbtResult, code: number, what: string): void {
  if (result.exitCode !== code) {
    throw new AssertionError(
      `${what}: exit ${result.exitCode}, expected ${code}\n${result.log.join('\n')}`,
    );
  }
}

const log = (result: DbtResult) =>
  result.log.map((l) => l.replace(/^\d{2}:\d{2}:\d{2} {2}/, '')).join('\n');

/** An incremental model over an inline batch chosen with `--vars '{batch: N}'`. */
function batchModel(config: string): string {
  return (
    `{{ config(${config}) }}\n` +
    "select * from (values (1, 1, 'a', 'one'), (1, 2, 'a', 'two'), (2, 2, 'a', 'two-v2'), (2, 3, 'b', 'three'), (2, null, 'a', 'nullkey')) " +
    'as t(batch, id, k2, msg) where batch = {{ var("batch", 1) }}'
  );
}

export const dbtBehaviourCases: DbtBehaviourCase[] = [
  {
    name: 'config() with keyword args or one dict; folder configs from dbt_project.yml apply below it',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT(
          'cfg',
          'models:\n  cfg:\n    marts:\n      +materialized: table\n',
        ),
        'models/kw.sql': "{{ config(materialized='table') }}\nselect 1 as x",
        'models/dict.sql': "{{ config({'materialized': 'table'}) }}\nselect 1 as x",
        'models/plain.sql': 'select 1 as x',
        'models/marts/folder.sql': 'select 1 as x',
      };
      await withWorkspace(c, files, async (ws) => {
        const result = await ws.dbt('run');
        expectExit(result, 0, 'run');
        const kinds = Object.fromEntries(result.results.map((r) => [r.name, r.materialized]));
        assertEqual(
          kinds,
          { dict: 'table', folder: 'table', kw: 'table', plain: 'view' },
          'materializations',
        );
        const types = await ws.rows(
          `select table_name, table_type from information_schema.tables where table_schema = '${ws.schema}' order by 1`,
        );
        assertEqual(
          types.map((t) => t.table_type),
          ['BASE TABLE', 'BASE TABLE', 'BASE TABLE', 'VIEW'],
          'relation types',
        );
      });
    },
  },
  {
    name: 'is_incremental(): false first, true on an existing table, false with --full-refresh',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('inc'),
        'models/m.sql':
          "{{ config(materialized='incremental', incremental_strategy='append') }}\nselect {{ var('run') }} as run, {{ is_incremental() }} as inc",
      };
      await withWorkspace(c, files, async (ws) => {
        expectExit(await ws.dbt('run', '--vars', '{run: 1}'), 0, 'run 1');
        expectExit(await ws.dbt('run', '--vars', '{run: 2}'), 0, 'run 2');
        assertEqual(
          await ws.rows('select run, inc from S.m order by run'),
          [
            { run: 1, inc: false },
            { run: 2, inc: true },
          ],
          'after 2 runs',
        );
        expectExit(await ws.dbt('run', '--full-refresh', '--vars', '{run: 3}'), 0, 'run 3');
        assertEqual(
          await ws.rows('select run, inc from S.m'),
          [{ run: 3, inc: false }],
          'after full refresh',
        );
      });
    },
  },
  {
    name: 'delete+insert (the default) replaces batch keys and reports the rows it touched',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('di'),
        'models/m.sql': batchModel("materialized='incremental', unique_key='id'"),
      };
      await withWorkspace(c, files, async (ws) => {
        const first = await ws.dbt('run');
        expectExit(first, 0, 'run 1');
        assertEqual(
          first.results[0]!.rows,
          { batch: 2, inserted: 2, updated: 0, deleted: 0, total: 2 },
          'first build',
        );
        assertEqual(first.results[0]!.incremental, false, 'first build branch');
        const second = await ws.dbt('run', '--vars', '{batch: 2}');
        expectExit(second, 0, 'run 2');
        assertEqual(
          second.results[0]!.rows,
          { batch: 3, inserted: 2, updated: 1, deleted: 0, total: 4 },
          'incremental run',
        );
        assertContains(log(second), 'OK created sql incremental model', 'log');
        assertContains(log(second), '[INSERT 2, UPDATE 1 in', 'status');
        const rows = await ws.rows('select id, msg from S.m order by id nulls first');
        assertEqual(
          rows.map((r) => `${String(r.id)}:${String(r.msg)}`),
          ['null:nullkey', '1:one', '2:two-v2', '3:three'],
          'rows',
        );
      });
    },
  },
  {
    name: 'merge updates matched rows and counts from RETURNING merge_action; NULL keys are inserted',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('mg'),
        'models/m.sql': batchModel(
          "materialized='incremental', incremental_strategy='merge', unique_key='id'",
        ),
      };
      await withWorkspace(c, files, async (ws) => {
        expectExit(await ws.dbt('run'), 0, 'run 1');
        const second = await ws.dbt('run', '--vars', '{batch: 2}');
        expectExit(second, 0, 'run 2');
        assertEqual(
          second.results[0]!.rows,
          { batch: 3, inserted: 2, updated: 1, deleted: 0, total: 4 },
          'counts',
        );
        const third = await ws.dbt('run', '--vars', '{batch: 2}');
        assertEqual(
          third.results[0]!.rows,
          { batch: 3, inserted: 1, updated: 2, deleted: 0, total: 5 },
          'NULL key inserted again',
        );
      });
    },
  },
  {
    name: 'append ignores unique_key; a list key with a NULL component never matches',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('ap'),
        'models/app.sql': batchModel(
          "materialized='incremental', incremental_strategy='append', unique_key='id'",
        ),
        'models/lst.sql': batchModel("materialized='incremental', unique_key=['id', 'k2']"),
      };
      await withWorkspace(c, files, async (ws) => {
        expectExit(await ws.dbt('run'), 0, 'run 1');
        expectExit(await ws.dbt('run', '--vars', '{batch: 2}'), 0, 'run 2');
        expectExit(await ws.dbt('run', '--vars', '{batch: 2}'), 0, 'run 3');
        assertEqual(
          await ws.rows('select count(*)::int as n from S.app'),
          [{ n: 8 }],
          'append accumulates',
        );
        const lst = await ws.rows("select count(*)::int as n from S.lst where msg = 'nullkey'");
        assertEqual(lst, [{ n: 2 }], 'NULL-key rows accumulate under a list key');
        assertEqual(
          await ws.rows('select count(*)::int as n from S.lst'),
          [{ n: 5 }],
          'list key replaces the rest',
        );
      });
    },
  },
  {
    name: 'on_schema_change: fail keeps the table as it was; append_new_columns and sync_all_columns reshape it',
    async run(c) {
      const v1 = "select range as id, 'old' as old_col from range(2)";
      const v2 = "select range as id, 'new' as new_col from range(1, 3)";
      const files: ProjectFiles = {
        'dbt_project.yml': PROJECT(
          'osc',
          'models:\n  osc:\n    +materialized: incremental\n    +unique_key: id\n',
        ),
        'models/f.sql': `{{ config(on_schema_change='fail') }}\n${v1}`,
        'models/a.sql': `{{ config(on_schema_change='append_new_columns') }}\n${v1}`,
        'models/s.sql': `{{ config(on_schema_change='sync_all_columns') }}\n${v1}`,
      };
      await withWorkspace(c, files, async (ws) => {
        expectExit(await ws.dbt('run'), 0, 'run 1');
        for (const name of ['f', 'a', 's'])
          files[`models/${name}.sql`] = files[`models/${name}.sql`]!.replace(v1, v2);
        const second = await ws.dbt('run');
        expectExit(second, 1, 'run 2');
        const failed = second.results.find((r) => r.name === 'f')!;
        assertEqual([failed.status, failed.error?.kind], ['error', 'schema'], 'fail status');
        assertContains(
          failed.message,
          'The source and target schemas on this incremental model are out of sync!',
          'message',
        );
        assertEqual(
          await ws.rows('select * from S.f order by id'),
          [
            { id: 0, old_col: 'old' },
            { id: 1, old_col: 'old' },
          ],
          'f unchanged',
        );
        const cols = async (t: string) =>
          (await ws.rows(`select column_name from (describe S.${t})`)).map((r) => r.column_name);
        assertEqual(await cols('a'), ['id', 'old_col', 'new_col'], 'append_new_columns');
        assertEqual(await cols('s'), ['id', 'new_col'], 'sync_all_columns');
      });
    },
  },
  {
    name: 'incremental_predicates limit what delete+insert removes; full_refresh: false ignores --full-refresh',
    async run(c) {
      const model = (config: string) =>
        `{{ config(materialized='incremental', unique_key='id'${config}) }}\nselect range as id, '{{ var("v", "v1") }}' as v from range(1, 4)`;
      const files = {
        'dbt_project.yml': PROJECT('pr'),
        'models/p.sql': model(", incremental_predicates=['id != 2']"),
        'models/keep.sql': model(', full_refresh=false'),
      };
      await withWorkspace(c, files, async (ws) => {
        expectExit(await ws.dbt('run'), 0, 'run 1');
        expectExit(await ws.dbt('run', '--full-refresh', '--vars', '{v: v2}'), 0, 'run 2');
        const p = await ws.rows('select id, v from S.p order by id, v');
        assertEqual(
          p.map((r) => `${String(r.id)}${String(r.v)}`),
          ['1v2', '2v2', '3v2'],
          'p rebuilt by --full-refresh',
        );
        expectExit(await ws.dbt('run', '--vars', '{v: v3}'), 0, 'run 3');
        const p3 = await ws.rows('select id, v from S.p order by id, v');
        assertEqual(
          p3.map((r) => `${String(r.id)}${String(r.v)}`),
          ['1v3', '2v2', '2v3', '3v3'],
          'predicate keeps id 2',
        );
        const keep = await ws.rows('select count(*)::int as n, max(v) as v from S.keep');
        assertEqual(keep, [{ n: 3, v: 'v3' }], 'full_refresh: false ran incrementally');
      });
    },
  },
  {
    name: 'an unknown strategy passes the first build and fails the incremental run, table unchanged',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('bad'),
        'models/m.sql':
          "{{ config(materialized='incremental', incremental_strategy='upsert') }}\nselect 1 as id",
      };
      await withWorkspace(c, files, async (ws) => {
        expectExit(await ws.dbt('run'), 0, 'run 1');
        const second = await ws.dbt('run');
        expectExit(second, 1, 'run 2');
        assertContains(second.results[0]!.message, 'get_incremental_upsert_sql', 'message');
        assertEqual(await ws.rows('select count(*)::int as n from S.m'), [{ n: 1 }], 'unchanged');
      });
    },
  },
  {
    name: 'ephemeral models are inlined as __dbt__cte__ CTEs; project macros and return() work',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('eph'),
        'macros/util.sql': "{% macro doubled(x) %}{{ return(x ~ ' * 2') }}{% endmacro %}",
        'models/base.sql':
          "{{ config(materialized='ephemeral') }}\nselect range as n from range(3)",
        'models/final.sql':
          "{{ config(materialized='table') }}\nwith b as (select * from {{ ref('base') }})\nselect {{ doubled('n') }} as n2 from b",
      };
      await withWorkspace(c, files, async (ws) => {
        const result = await ws.dbt('run');
        expectExit(result, 0, 'run');
        assertEqual(
          result.results.map((r) => r.name),
          ['final'],
          'ephemeral not built',
        );
        assertContains(result.results[0]!.compiledSql ?? '', 'with __dbt__cte__base as (', 'CTE');
        assertEqual(await ws.rows('select sum(n2)::int as s from S.final'), [{ s: 6 }], 'rows');
      });
    },
  },
  {
    name: "vars: --vars beat dbt_project.yml; a missing var fails with dbt's message",
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('vars', 'vars:\n  who: project\n'),
        'models/m.sql': 'select \'{{ var("who") }}\' as who',
        'models/n.sql': 'select \'{{ var("missing") }}\' as x',
      };
      await withWorkspace(c, files, async (ws) => {
        const result = await ws.dbt('run', '--vars', '{who: cli}');
        expectExit(result, 1, 'run');
        assertEqual(await ws.rows('select who from S.m'), [{ who: 'cli' }], 'cli var wins');
        const n = result.results.find((r) => r.name === 'n')!;
        assertContains(n.message, "Required var 'missing' not found in config", 'missing var');
        assertEqual(n.error?.kind, 'jinja', 'error kind');
      });
    },
  },
  {
    name: 'a Jinja syntax error or an unknown ref makes the project unparseable (exit 2) with file and line',
    async run(c) {
      const files: ProjectFiles = {
        'dbt_project.yml': PROJECT('bad'),
        'models/m.sql': 'select 1 as id\n{% if true %}\nwhere 1 = 1\n',
      };
      await withWorkspace(c, files, async (ws) => {
        const syntax = await ws.dbt('run');
        expectExit(syntax, 2, 'syntax');
        assertEqual(
          [syntax.error?.kind, syntax.error?.file, syntax.error?.line],
          ['jinja', 'models/m.sql', 2],
          'location',
        );
        files['models/m.sql'] = "select * from {{ ref('nope') }}";
        const ref = await ws.dbt('run');
        expectExit(ref, 2, 'unknown ref');
        assertContains(
          ref.error?.message ?? '',
          "depends on a node named 'nope' which was not found",
          'message',
        );
      });
    },
  },
  {
    name: "a SQL error gives DuckDB's message and the line of the compiled SQL",
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('sqlerr'),
        'models/m.sql':
          "{{ config(materialized='table') }}\nselect\n    1 as id,\n    nope as other\nfrom range(1)",
      };
      await withWorkspace(c, files, async (ws) => {
        const result = await ws.dbt('run');
        expectExit(result, 1, 'run');
        const error = result.results[0]!.error!;
        assertEqual(
          [error.kind, error.file, error.line],
          ['sql', 'models/m.sql', 3],
          'error location',
        );
        assertContains(
          error.message,
          'Binder Error: Referenced column "nope" not found',
          'message',
        );
        assertContains(error.message, 'LINE 3:     nope as other', 'compiled line');
      });
    },
  },
  {
    name: 'the Snowflake bridge runs DATEADD, DATEDIFF, IFF, NVL, NUMBER(p,s) and TO_TIMESTAMP',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('sf'),
        'models/m.sql':
          "{{ config(materialized='table') }}\nselect\n" +
          "    DATEADD(day, -3, TIMESTAMP '2018-08-20 10:00:00') as a,\n" +
          "    dateadd('month', 1, DATE '2018-01-31') as b,\n" +
          "    DATEDIFF(day, DATE '2018-08-01', DATE '2018-08-20') as c,\n" +
          "    IFF(1 > 0, 'yes', 'no') as d,\n" +
          '    NVL(NULL, 5) as e,\n' +
          '    CAST(12.345 AS NUMBER(18,2)) as f,\n' +
          "    TO_TIMESTAMP('2018-08-20 10:00:00') as g,\n" +
          "    'DATEADD(day, 1, x)' as untouched\n",
      };
      await withWorkspace(c, files, async (ws) => {
        expectExit(await ws.dbt('run'), 0, 'run');
        assertEqual(
          await ws.rows('select * from S.m'),
          [
            {
              a: '2018-08-17 10:00:00',
              b: '2018-02-28 00:00:00',
              c: 19,
              d: 'yes',
              e: 5,
              f: 12.35,
              g: '2018-08-20 10:00:00',
              untouched: 'DATEADD(day, 1, x)',
            },
          ],
          'values',
        );
      });
    },
  },
  {
    name: 'the lab clock: current_timestamp, now() and current_date mean the clock, in models and run_started_at',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('clk'),
        'models/m.sql':
          "{{ config(materialized='table') }}\nselect current_timestamp as ts, now() as n, current_date as d, '{{ run_started_at.strftime(\"%Y-%m-%d\") }}' as started,\n" +
          '    current_timestamp - interval 3 day as window_start',
      };
      await withLabClock(c, files, '2018-08-20 23:59:59', async (ws) => {
        expectExit(await ws.dbt('run'), 0, 'run');
        assertEqual(
          await ws.rows('select * from S.m'),
          [
            {
              ts: '2018-08-20 23:59:59',
              n: '2018-08-20 23:59:59',
              d: '2018-08-20',
              started: '2018-08-20',
              window_start: '2018-08-17 23:59:59',
            },
          ],
          'clock values',
        );
      });
    },
  },
  {
    name: 'seeds: column types inferred from the CSV text, NULL for empty fields',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('sd'),
        'seeds/s.csv':
          'i,f,d,ts,b,t\n1,1.5,2018-01-01,2018-01-01 10:00:00,true,x\n2,,2018-01-02,2018-01-02 11:30:00,false,"a, ""b"""\n',
      };
      await withWorkspace(c, files, async (ws) => {
        const result = await ws.dbt('seed');
        expectExit(result, 0, 'seed');
        const types = await ws.rows('select column_type from (describe S.s)');
        assertEqual(
          types.map((t) => t.column_type),
          ['INTEGER', 'DOUBLE', 'DATE', 'TIMESTAMP', 'BOOLEAN', 'VARCHAR'],
          'types',
        );
        assertEqual(
          await ws.rows('select f, t from S.s where i = 2'),
          [{ f: null, t: 'a, "b"' }],
          'values',
        );
      });
    },
  },
  {
    name: 'data tests: generic tests pass or fail with a row count, severity warn, singular tests',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('tst'),
        'models/m.sql':
          "{{ config(materialized='table') }}\nselect * from (values (1, 'a'), (2, 'b'), (2, 'z'), (null, 'a')) t(id, code)",
        'models/schema.yml':
          'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: id\n        tests:\n          - unique\n          - not_null:\n              config:\n                severity: warn\n' +
          "      - name: code\n        tests:\n          - accepted_values:\n              values: ['a', 'b']\n",
        'tests/no_big_ids.sql': "select * from {{ ref('m') }} where id > 5",
      };
      await withWorkspace(c, files, async (ws) => {
        const result = await ws.dbt('build');
        expectExit(result, 1, 'build');
        const byName = Object.fromEntries(
          result.results.map((r) => [r.name, [r.status, r.failures ?? null]]),
        );
        assertEqual(
          byName,
          {
            m: ['success', null],
            accepted_values_m_code__a__b: ['fail', 1],
            no_big_ids: ['pass', 0],
            not_null_m_id: ['warn', 1],
            unique_m_id: ['fail', 1],
          },
          'test results',
        );
        assertContains(
          log(result),
          'Done. PASS=2 WARN=1 ERROR=2 SKIP=0 NO-OP=0 TOTAL=5',
          'summary',
        );
      });
    },
  },
  {
    name: 'selection: +ancestors, descendants+, path:, tag: and --exclude',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('sel', 'models:\n  sel:\n    mart:\n      +tags: [nightly]\n'),
        'models/a.sql': 'select 1 as x',
        'models/b.sql': "select * from {{ ref('a') }}",
        'models/mart/c.sql': "select * from {{ ref('b') }}",
        'models/d.sql': 'select 2 as x',
      };
      await withWorkspace(c, files, async (ws) => {
        const names = async (...argv: string[]) =>
          (
            (await ws.dbt('ls', '--output', 'name', '--resource-type', 'model', ...argv)).listed ??
            []
          ).sort();
        assertEqual(await names('-s', '+c'), ['a', 'b', 'c'], '+c');
        assertEqual(await names('-s', 'a+'), ['a', 'b', 'c'], 'a+');
        assertEqual(await names('-s', 'path:models/mart'), ['c'], 'path');
        assertEqual(await names('-s', 'tag:nightly', 'd'), ['c', 'd'], 'tag and name');
        assertEqual(await names('--exclude', 'b+'), ['a', 'd'], 'exclude');
        const bad = await ws.dbt('run', '-s', 'nope:x');
        expectExit(bad, 2, 'bad method');
      });
    },
  },
  {
    name: 'compileModel returns both branches of an incremental model, and which one a run would take',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('br'),
        'models/m.sql':
          "{{ config(materialized='incremental', unique_key='id') }}\nselect range as id from range(5)\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}",
      };
      await withWorkspace(c, files, async (ws) => {
        const db = String((await c.query('select current_database() as db')).rows[0]?.db);
        const before = await compileModel({ connection: c, files, schema: ws.schema }, 'm');
        assertEqual(before.wouldRunIncremental, false, 'before the first run');
        assertEqual(before.firstBuildSql, 'select range as id from range(5)', 'first build SQL');
        assertContains(
          before.incrementalSql ?? '',
          `where id > (select max(id) from "${db}"."${ws.schema}"."m")`,
          'incremental SQL',
        );
        expectExit(await ws.dbt('run'), 0, 'run');
        const after = await compileModel({ connection: c, files, schema: ws.schema }, 'm');
        assertEqual(
          [after.wouldRunIncremental, after.config.unique_key],
          [true, 'id'],
          'after the first run',
        );
      });
    },
  },
  {
    name: 'show returns columns and rows for a model or an inline query, capped by --limit',
    async run(c) {
      const files = {
        'dbt_project.yml': PROJECT('sh'),
        'models/m.sql': 'select range as n from range(10)',
      };
      await withWorkspace(c, files, async (ws) => {
        expectExit(await ws.dbt('run'), 0, 'run');
        const shown = await ws.dbt('show', '-s', 'm', '--limit', '3');
        assertEqual(
          [shown.show?.columns, shown.show?.rows],
          [[{ name: 'n', type: 'BIGINT' }], [{ n: 0 }, { n: 1 }, { n: 2 }]],
          'show -s',
        );
        const inline = await ws.dbt(
          'show',
          '--inline',
          "select count(*)::int as c from {{ ref('m') }}",
        );
        assertEqual(inline.show?.rows, [{ c: 10 }], 'show --inline');
      });
    },
  },
  {
    name: 'a model switches between view and table, replacing the old relation',
    async run(c) {
      const files: ProjectFiles = {
        'dbt_project.yml': PROJECT('sw'),
        'models/m.sql': "{{ config(materialized='view') }}\nselect 1 as x",
      };
      await withWorkspace(c, files, async (ws) => {
        const kind = async () =>
          (
            await ws.rows(
              `select table_type from information_schema.tables where table_schema = '${ws.schema}' and table_name = 'm'`,
            )
          )[0]?.table_type;
        expectExit(await ws.dbt('run'), 0, 'view');
        assertEqual(await kind(), 'VIEW', 'view');
        files['models/m.sql'] = "{{ config(materialized='table') }}\nselect 2 as x";
        expectExit(await ws.dbt('run'), 0, 'table');
        assertEqual(await kind(), 'BASE TABLE', 'table');
        files['models/m.sql'] = "{{ config(materialized='view') }}\nselect 3 as x";
        expectExit(await ws.dbt('run'), 0, 'view again');
        assertEqual(
          [await kind(), await ws.rows('select x from S.m')],
          ['VIEW', [{ x: 3 }]],
          'view again',
        );
      });
    },
  },
  {
    name: 'run_query high-water mark and hooks: the incremental run reads max() of this, hooks see is_incremental()',
    async run(c) {
      const files: ProjectFiles = {
        'dbt_project.yml': PROJECT('hwm'),
        'models/events.sql':
          "{{ config(materialized='table') }}\nselect * from (values (1, timestamp '2018-08-10 10:00:00'), (2, timestamp '2018-08-12 10:00:00'), (3, timestamp '2018-08-14 10:00:00')) as t(id, ts) where id <= {{ var('upto', 2) }}",
        'models/hwm.sql': [
          '{{ config(',
          "    materialized='incremental', unique_key='id',",
          "    pre_hook='create table if not exists {{ this.schema }}.hook_log (inc boolean)',",
          "    post_hook='insert into {{ this.schema }}.hook_log values ({{ is_incremental() }})',",
          ') }}',
          "{% if is_incremental() %}{% set newest = run_query('select max(ts) from ' ~ this).columns[0][0] %}{% endif %}",
          "select id, ts, '{{ newest if is_incremental() else none }}' as seen from {{ ref('events') }}",
          "{% if is_incremental() %}where ts > '{{ newest }}'{% endif %}",
        ].join('\n'),
      };
      await withWorkspace(c, files, async (ws) => {
        expectExit(await ws.dbt('run'), 0, 'run 1');
        const second = await ws.dbt('run', '--vars', '{upto: 3}');
        expectExit(second, 0, 'run 2');
        assertEqual(
          await ws.rows('select id, seen from S.hwm order by id'),
          [
            { id: 1, seen: 'None' },
            { id: 2, seen: 'None' },
            { id: 3, seen: '2018-08-12 10:00:00' },
          ],
          'rows after the incremental run',
        );
        assertEqual(
          await ws.rows('select inc from S.hook_log'),
          [{ inc: false }, { inc: true }],
          'post-hook saw is_incremental()',
        );
        assertContains(log(second), 'INSERT 1', 'one new row');
      });
    },
  },
  {
    name: "Python's printing: run_started_at under the lab clock, None, True and lists",
    async run(c) {
      const files: ProjectFiles = {
        'dbt_project.yml': PROJECT('py'),
        'models/m.sql':
          "{{ config(materialized='table') }}\nselect '{{ run_started_at }}' as started, '{{ run_started_at }}'::timestamptz = timestamptz '2018-08-20 23:59:59+00' as casts, '{{ none }} {{ true }} {{ [1, none] }}' as printed",
      };
      await withLabClock(c, files, '2018-08-20 23:59:59', async (ws) => {
        expectExit(await ws.dbt('run'), 0, 'run');
        assertEqual(
          await ws.rows('select * from S.m'),
          [
            {
              started: '2018-08-20 23:59:59+00:00',
              casts: true,
              printed: 'None True [1, None]',
            },
          ],
          'printed values',
        );
      });
    },
  },
  {
    name: 'microbatch under the lab clock: a first build runs from begin, a rerun re-processes the lookback',
    async run(c) {
      const files: ProjectFiles = {
        'dbt_project.yml': PROJECT('mb'),
        'models/events.sql':
          "{{ config(materialized='table', event_time='event_ts') }}\nselect * from (values (1, timestamp '2018-08-11 09:00:00', 'a'), (2, timestamp '2018-08-12 10:00:00', 'b'), (3, timestamp '2018-08-13 11:00:00', 'c'), (4, timestamp '2018-08-14 12:00:00', '{{ \"d-v2\" if var(\"late\", false) else \"d\" }}'){% if var('late', false) %}, (5, timestamp '2018-08-12 23:00:00', 'late'){% endif %}) as t(id, event_ts, payload)",
        'models/daily.sql':
          "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_ts', batch_size='day', begin='2018-08-11', lookback=1) }}\nselect id, event_ts, payload, '{{ model.batch.id }}' as batch_id from {{ ref('events') }}",
      };
      await withLabClock(c, files, '2018-08-14 23:59:59', async (ws) => {
        const first = await ws.dbt('run');
        expectExit(first, 0, 'first build');
        assertContains(
          log(first),
          'Batch 4 of 4 OK created batch 2018-08-14',
          'four daily batches',
        );
        const rerun = await ws.dbt('run', '--vars', '{late: true}');
        expectExit(rerun, 0, 'rerun');
        assertContains(log(rerun), 'Batch 1 of 2 START batch 2018-08-13', 'yesterday first');
        assertContains(log(rerun), 'Batch 2 of 2 OK created batch 2018-08-14', 'then today');
        assertEqual(
          (await ws.rows('select id, payload, batch_id from S.daily order by id')).map(
            (r) => `${r.id}:${r.payload}:${r.batch_id}`,
          ),
          ['1:a:20180811', '2:b:20180812', '3:c:20180813', '4:d-v2:20180814'],
          'today re-processed; the late row of 08-12 is outside the lookback',
        );
      });
    },
  },
];
