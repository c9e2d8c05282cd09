import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { rewriteSnowflake, snowflakeBridgeSql, snowflakeHint } from './snowflake-bridge';

describe('rewriteSnowflake', () => {
  it('quotes a bare date part and normalises synonyms in the date functions', () => {
    expect(rewriteSnowflake('select DATEADD(day, -3, CURRENT_TIMESTAMP)')).toBe(
      "select DATEADD('day', -3, CURRENT_TIMESTAMP)",
    );
    expect(
      rewriteSnowflake("datediff(dd, a, b), DATE_TRUNC('mon', ts), timestampdiff(HOUR, a, b)"),
    ).toBe("datediff('day', a, b), DATE_TRUNC('month', ts), datediff('hour', a, b)");
  });

  it('leaves columns, strings and comments alone', () => {
    const sql = "select dateadd(order_day, 1, ts), 'DATEADD(day, 1, x)' -- DATEADD(day, 1, y)\n";
    expect(rewriteSnowflake(sql)).toBe(sql);
  });

  it('turns NUMBER(p,s), bare NUMBER casts and TIMESTAMP_NTZ into DuckDB types', () => {
    expect(
      rewriteSnowflake('cast(x as NUMBER(18, 2)), y::number, cast(z as number), w::timestamp_ntz'),
    ).toBe('cast(x as DECIMAL(18, 2)), y::DECIMAL(38,0), cast(z AS DECIMAL(38,0)), w::TIMESTAMP');
    expect(rewriteSnowflake('select row_number() over () as number from t')).toBe(
      'select row_number() over () as number from t',
    );
  });
});

describe('snowflakeHint', () => {
  it('names the DuckDB form for a Snowflake function DuckDB does not have', () => {
    expect(
      snowflakeHint('Catalog Error: Scalar Function with name zeroifnull does not exist!'),
    ).toBe('ZEROIFNULL is Snowflake; in DuckDB write coalesce(x, 0).');
    expect(snowflakeHint('Parser Error: Unknown ordered aggregate "listagg".')).toContain(
      "string_agg(x, ',' ORDER BY y)",
    );
    expect(snowflakeHint('Catalog Error: Type with name timestamp_ltz does not exist!')).toContain(
      'TIMESTAMP',
    );
    expect(snowflakeHint('Binder Error: Referenced column "x" not found')).toBeUndefined();
  });
});

describe('bridge macros on DuckDB', () => {
  let c: Connection;
  beforeAll(async () => {
    c = await openNodeConnection();
    for (const sql of snowflakeBridgeSql()) await c.exec(sql);
  });
  afterAll(() => c.close());

  it('dateadd takes every common date part (and fails clearly on an unknown one)', async () => {
    const r = await c.query(
      "select dateadd('day', -3, TIMESTAMP '2018-08-20 10:00:00') as a, dateadd('yy', 1, DATE '2018-01-01') as b, dateadd('hh', 5, TIMESTAMP '2018-01-01 00:00:00') as c, dateadd('quarter', 1, DATE '2018-01-31') as d",
    );
    expect(r.rows).toEqual([
      {
        a: '2018-08-17 10:00:00',
        b: '2019-01-01 00:00:00',
        c: '2018-01-01 05:00:00',
        d: '2018-04-30 00:00:00',
      },
    ]);
    await expect(c.query("select dateadd('fortnight', 1, DATE '2018-01-01')")).rejects.toThrow(
      "dateadd: unknown date part 'fortnight'",
    );
  });

  it('iff, nvl, nvl2 and to_timestamp (text, epoch seconds, explicit format)', async () => {
    const r = await c.query(
      "select iff(1 > 2, 'a', 'b') as i, nvl(null, 2) as n, nvl2(null, 'x', 'y') as n2, to_timestamp('2018-08-20 10:00:00') as t, to_timestamp(0) as e, to_timestamp('20/08/2018', '%d/%m/%Y') as f",
    );
    expect(r.rows).toEqual([
      {
        i: 'b',
        n: 2,
        n2: 'y',
        t: '2018-08-20 10:00:00',
        e: '1970-01-01 00:00:00',
        f: '2018-08-20 00:00:00',
      },
    ]);
  });
});
