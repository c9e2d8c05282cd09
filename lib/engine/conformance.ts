/**
 * One test suite of the `Connection` contract, written without a test framework so the same cases
 * run against the Node adapter in Vitest and against DuckDB-WASM in a real browser (Playwright opens
 * the engine self-test page, which runs them). A case throws to fail.
 */
import { AssertionError, assertEqual } from './suite-assert';
import { QueryCancelledError, SqlError, type Connection } from './connection';

export interface ConformanceCase {
  name: string;
  run(connection: Connection): Promise<void>;
}

async function expectRejection(
  promise: Promise<unknown>,
  check: (error: unknown) => boolean,
  what: string,
): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    if (!check(error)) throw new AssertionError(`${what}: wrong error ${String(error)}`);
    return error;
  }
  throw new AssertionError(`${what}: expected an error, got none`);
}

export const conformanceCases: ConformanceCase[] = [
  {
    name: 'answers select 42 with an INTEGER column',
    async run(c) {
      const r = await c.query('select 42 as answer');
      assertEqual(r.columns, [{ name: 'answer', type: 'INTEGER' }], 'columns');
      assertEqual(r.rows, [{ answer: 42 }], 'rows');
      assertEqual([r.rowCount, r.truncated], [1, false], 'count');
    },
  },
  {
    name: 'types and values match across adapters',
    async run(c) {
      const r = await c.query(
        `select 'x' as s, 7::bigint as b, 12.50::decimal(18,2) as d, 0.25::double as f, true as t,
                date '2018-08-20' as dt, timestamp '2018-08-20 23:59:59' as ts,
                timestamp '2018-08-20 10:00:00.5' as ts_frac, null::varchar as n,
                9007199254740993::bigint as big, [1, 2] as l`,
      );
      assertEqual(
        r.columns.map((col) => col.type),
        [
          'VARCHAR',
          'BIGINT',
          'DECIMAL(18,2)',
          'DOUBLE',
          'BOOLEAN',
          'DATE',
          'TIMESTAMP',
          'TIMESTAMP',
          'VARCHAR',
          'BIGINT',
          'INTEGER[]',
        ],
        'types',
      );
      assertEqual(
        r.rows[0],
        {
          s: 'x',
          b: 7,
          d: 12.5,
          f: 0.25,
          t: true,
          dt: '2018-08-20',
          ts: '2018-08-20 23:59:59',
          ts_frac: '2018-08-20 10:00:00.5',
          n: null,
          big: '9007199254740993',
          l: [1, 2],
        },
        'values',
      );
    },
  },
  {
    // Two parts of a page (the lab's data load and its SQL console) may ask at the same moment.
    name: 'queries started together each get their own complete result',
    async run(c) {
      const results = await Promise.all(
        [10, 20_000, 3, 50_000].map((n) =>
          c.query<{ n: number; total: number }>(
            `select count(*)::int as n, sum(range)::double as total from range(${n})`,
          ),
        ),
      );
      assertEqual(
        results.map((r) => r.rows[0]),
        [10, 20_000, 3, 50_000].map((n) => ({ n, total: (n * (n - 1)) / 2 })),
        'rows',
      );
    },
  },
  {
    name: 'repeated column names get a suffix',
    async run(c) {
      const r = await c.query('select 1 as a, 2 as a');
      assertEqual(
        r.columns.map((col) => col.name),
        ['a', 'a_1'],
        'names',
      );
      assertEqual(r.rows, [{ a: 1, a_1: 2 }], 'rows');
    },
  },
  {
    name: 'exec runs several statements; query returns the last result',
    async run(c) {
      await c.exec(
        "create or replace table conformance_t (id integer, name varchar); insert into conformance_t values (1, 'a; b'), (2, 'it''s')",
      );
      const r = await c.query(
        "insert into conformance_t values (3, '-- not a comment'); select count(*) as n from conformance_t",
      );
      assertEqual(r.rows, [{ n: 3 }], 'count');
      const names = await c.query('select name from conformance_t order by id');
      assertEqual(
        names.rows.map((row) => row.name),
        ['a; b', "it's", '-- not a comment'],
        'names',
      );
      await c.exec('drop table conformance_t');
    },
  },
  {
    name: 'maxRows caps what is kept and still counts every row',
    async run(c) {
      const r = await c.query('select range as i from range(1000000)', { maxRows: 1000 });
      assertEqual([r.rows.length, r.rowCount, r.truncated], [1000, 1000000, true], 'cap');
      assertEqual(r.rows[999], { i: 999 }, 'last kept row');
    },
  },
  {
    name: 'a syntax error carries DuckDB’s parser message',
    async run(c) {
      const error = await expectRejection(
        c.query('selec 1'),
        (e) => e instanceof SqlError,
        'syntax',
      );
      const message = (error as Error).message;
      if (!message.startsWith('Parser Error: syntax error at or near "selec"'))
        throw new AssertionError(`message: ${message}`);
    },
  },
  {
    name: 'an unknown column carries DuckDB’s binder message',
    async run(c) {
      const error = await expectRejection(
        c.query('select nope from range(1)'),
        (e) => e instanceof SqlError,
        'binder',
      );
      if (!(error as Error).message.startsWith('Binder Error: Referenced column "nope" not found'))
        throw new AssertionError(`message: ${(error as Error).message}`);
    },
  },
  {
    name: 'an empty query is rejected with a clear message',
    async run(c) {
      const error = await expectRejection(
        c.query('  -- nothing\n '),
        (e) => e instanceof SqlError,
        'empty',
      );
      assertEqual((error as Error).message, 'There is no SQL statement to run.', 'message');
    },
  },
  {
    name: 'extensions are never fetched: autoloading is off',
    async run(c) {
      const r = await c.query(
        "select current_setting('autoload_known_extensions') as autoload, current_setting('autoinstall_known_extensions') as autoinstall",
      );
      assertEqual(r.rows, [{ autoload: false, autoinstall: false }], 'settings');
    },
  },
  {
    name: 'cancel stops a runaway query and the connection stays usable',
    async run(c) {
      const runaway = c.query('select count(*) from range(10000000000) a');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await c.cancel();
      await expectRejection(runaway, (e) => e instanceof QueryCancelledError, 'cancel');
      const r = await c.query('select 1 as ok');
      assertEqual(r.rows, [{ ok: 1 }], 'after cancel');
    },
  },
];
