import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { parseArgs, runDbt, UsageError } from '../index';
import type { DbtResult } from '../types';
import { logicRecord, normalizeLogic } from './logic-guard';

describe('normalizeLogic', () => {
  it('ignores whitespace and comments, keeps quoted text and word boundaries', () => {
    const a = normalizeLogic('select  a,\n  count( * ) as n -- why\nfrom t /* all */ group by a');
    expect(a).toBe('select a,count(*)as n from t group by a');
    expect(normalizeLogic('select a , count(*) as n from t group by a')).toBe(a);
    expect(normalizeLogic("select 'a  -- b' as x")).toBe("select'a  -- b'as x");
    expect(normalizeLogic('select a from t')).not.toBe(normalizeLogic('select afrom t'));
    expect(normalizeLogic('select "My  Col" from t')).toContain('"My  Col"');
  });
});

const PROJECT = "name: p\nversion: '1.0'\nprofile: p\n";
const SOURCE = 'select range as id, range % 3 as kind from range(100)';
const TABLE_MODEL = `{{ config(materialized='table') }}\n-- one row per id\nselect id, kind\nfrom {{ ref('src') }}`;
const INCREMENTAL = (column: string) => `{{ config(materialized='incremental', unique_key='id') }}
-- one row per id, now incremental
select id,   ${column}
from {{ ref('src') }}
{% if is_incremental() %}
where id >= 90
{% endif %}`;

describe('logicRecord', () => {
  it('keeps a model-sized logic as is and digests a huge one', () => {
    expect(logicRecord('select  1')).toBe('select 1');
    const huge = `select ${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(', ')} from t`;
    const record = logicRecord(huge);
    expect(record).toMatch(/^digest:[0-9a-f]{16}:\d+$/);
    expect(logicRecord(huge.replace('c4999', 'c5000'))).not.toBe(record);
    expect(logicRecord(huge.replaceAll(', ', ',\n  '))).toBe(record);
  });
});

describe('the logic-change guard', () => {
  let connection: Connection;
  beforeEach(async () => {
    connection = await openNodeConnection();
  });
  afterEach(async () => {
    await connection.close();
  });

  async function run(model: string, ...flags: string[]): Promise<DbtResult & { text: string }> {
    const command = parseArgs(['run', ...flags]);
    if (command instanceof UsageError) throw command;
    const lines: string[] = [];
    const result = await runDbt(command, {
      connection,
      files: { 'dbt_project.yml': PROJECT, 'models/src.sql': SOURCE, 'models/m.sql': model },
      onLog: (line) => lines.push(line),
    });
    expect(result.exitCode).toBe(0);
    return { ...result, text: lines.join('\n') };
  }
  const m = (result: DbtResult) => result.results.find((r) => r.name === 'm')!;

  it('stays quiet when a table model becomes incremental with the same logic', async () => {
    await run(TABLE_MODEL);
    const first = await run(INCREMENTAL('kind'));
    expect(m(first).incremental).toBe(true);
    expect(m(first).logicChanged).toBeUndefined();
    expect(first.text).not.toContain('Logic change');
  });

  it('warns while old and new logic are mixed, until a full refresh', async () => {
    await run(TABLE_MODEL);
    await run(INCREMENTAL('kind'));
    const changed = await run(INCREMENTAL('kind * 10 as kind'));
    expect(m(changed).incremental).toBe(true);
    expect(m(changed).logicChanged).toBe(true);
    expect(changed.text).toContain(
      '[WARNING]: Logic change in m: its SQL differs from the SQL that built the rows already in main.m.',
    );
    expect(changed.text).toContain('older rows keep the old logic');
    expect(changed.text).toContain('dbt run -s m --full-refresh');
    expect(changed.text).toMatch(/rows built with: .*select id,kind from/);
    expect(changed.text).toMatch(/the model now: +.*select id,kind\*10 as kind from/);
    // The table really is mixed: the window has the new logic, older rows the old.
    const mixed = await connection.query<{ n: number }>(
      'select count(*)::int as n from m where kind >= 10',
    );
    expect(mixed.rows[0]!.n).toBeGreaterThan(0);
    expect(mixed.rows[0]!.n).toBeLessThan(10);
    // Still mixed on the next run with the same new logic.
    expect(m(await run(INCREMENTAL('kind * 10 as kind'))).logicChanged).toBe(true);
    const refreshed = await run(INCREMENTAL('kind * 10 as kind'), '--full-refresh');
    expect(m(refreshed).incremental).toBe(false);
    expect(refreshed.text).not.toContain('Logic change');
    const after = await run(INCREMENTAL('kind * 10 as kind'));
    expect(m(after).logicChanged).toBeUndefined();
    expect(after.text).not.toContain('Logic change');
  });

  it('ignores a change of comments or layout only', async () => {
    await run(INCREMENTAL('kind'));
    const relaid = await run(
      INCREMENTAL('kind').replace('select id,   kind', '/* tidied */ select\n  id,\n  kind'),
    );
    expect(m(relaid).logicChanged).toBeUndefined();
  });

  it('says nothing about a table built outside the engine (no record of its logic)', async () => {
    await run(INCREMENTAL('kind'));
    await connection.exec(
      'create or replace table m as select range as id, 0 as kind from range(100)',
    );
    const result = await run(INCREMENTAL('kind * 10 as kind'));
    expect(m(result).incremental).toBe(true);
    expect(m(result).logicChanged).toBeUndefined();
  });
});
