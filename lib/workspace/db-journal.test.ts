import { describe, expect, it } from 'vitest';
import {
  appendEntry,
  changesDatabase,
  describeSummary,
  EMPTY_JOURNAL,
  parseJournal,
  sqlMayWrite,
  summarizeJournal,
} from './db-journal';

describe('database journal', () => {
  it('keeps the newest entries under the cap and says older ones were dropped', () => {
    let journal = EMPTY_JOURNAL;
    for (let i = 0; i < 5; i++) journal = appendEntry(journal, { kind: 'sql', sql: `s${i}` }, 3);
    expect(journal.entries.map((e) => (e.kind === 'sql' ? e.sql : ''))).toEqual(['s2', 's3', 's4']);
    expect(journal.truncated).toBe(true);
    expect(appendEntry(EMPTY_JOURNAL, { kind: 'reset-data' }).truncated).toBe(false);
  });

  it('reads a damaged or foreign record as empty instead of failing', () => {
    expect(parseJournal(undefined)).toEqual(EMPTY_JOURNAL);
    expect(parseJournal({ entries: [{ kind: 'event', id: 'meteor' }], truncated: false })).toEqual(
      EMPTY_JOURNAL,
    );
    const good = { entries: [{ kind: 'dbt', argv: ['run'] }], truncated: false };
    expect(parseJournal(good)).toEqual(good);
  });

  it('journals only the dbt commands that build', () => {
    expect(['run', 'build', 'seed', 'run-operation'].every(changesDatabase)).toBe(true);
    expect(['show', 'compile', 'ls', 'test'].some(changesDatabase)).toBe(false);
  });

  it('tells console reads from statements that may write', () => {
    for (const sql of [
      'select count(*) from raw.orders',
      '  -- how many?\nSELECT 1;',
      'with x as (select 1) select * from x',
      'from raw.orders limit 5',
      'describe raw.orders',
      'select 1; select 2;',
    ])
      expect(sqlMayWrite(sql), sql).toBe(false);
    for (const sql of [
      "update raw.orders set order_purchase_timestamp = now() where order_id = 'x'",
      'select 1; delete from raw.payments',
      'create table t as select 1',
      'insert into raw.orders select * from raw.orders limit 1',
      'set threads = 1',
    ])
      expect(sqlMayWrite(sql), sql).toBe(true);
  });

  it('summarizes what a rebuild will replay', () => {
    let journal = appendEntry(EMPTY_JOURNAL, { kind: 'event', id: 'new_orders' });
    journal = appendEntry(journal, { kind: 'dbt', argv: ['run'] });
    journal = appendEntry(journal, { kind: 'dbt', argv: ['run'] });
    journal = appendEntry(journal, { kind: 'sql', sql: 'update x set y = 1' });
    expect(describeSummary(summarizeJournal(journal))).toBe(
      '1 data step, 2 dbt commands, 1 SQL statement',
    );
  });
});
