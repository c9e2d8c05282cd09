import { describe, expect, it } from 'vitest';
import { applyTimelineEvent, getLabClock, loadLabData } from '@/lib/data';
import { parseArgs, runDbt, UsageError } from '@/lib/dbt';
import { readFile } from 'node:fs/promises';
import { solutionProjectFiles, starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { buildDay10 } from './day10';
import { appendEntry, EMPTY_JOURNAL, type Journal } from './db-journal';
import { replayJournal } from './replay';

const SOURCE = { kind: 'generated', scale: 0.05, seed: 7 } as const;

async function dbt(connection: Connection, files: ProjectFiles, line: string) {
  const command = parseArgs(line.split(' '));
  if (command instanceof UsageError) throw command;
  return runDbt(command, { connection, files, clock: await getLabClock(connection) });
}

/** Rows of fct_orders, sorted, as one comparable string. */
async function snapshot(connection: Connection): Promise<string[]> {
  const result = await connection.query('select * from main.fct_orders order by all', {
    maxRows: 1_000_000,
  });
  return result.rows.map((row) => JSON.stringify(row));
}

describe('rebuilding the lab database from its journal', () => {
  it('gives the same fct_orders as the session it replays, including a model that misses late data', async () => {
    // A model without a lookback misses late payments, so only an exact replay of the session
    // (not a fresh full build) reproduces its table.
    const noLookback: ProjectFiles = {
      ...(await starterProjectFiles()),
      'models/marts/fct_orders.sql': await readFile(
        new URL('../grader/fixtures/mistake-no-lookback.sql', import.meta.url),
        'utf8',
      ),
    };
    const starter = await starterProjectFiles();
    const original = await openNodeConnection();
    const fresh = await openNodeConnection();
    try {
      // As the lab does: data, then Day 10's project, then the student's steps.
      await loadLabData(original, SOURCE);
      await buildDay10(original, starter);
      let journal: Journal = EMPTY_JOURNAL;
      const steps: [string, () => Promise<unknown>][] = [
        ['run -s +fct_orders', () => dbt(original, noLookback, 'run -s +fct_orders')],
        ['new_orders', () => applyTimelineEvent(original, 'new_orders')],
        ['run -s fct_orders', () => dbt(original, noLookback, 'run -s fct_orders')],
        ['late_payments', () => applyTimelineEvent(original, 'late_payments')],
        ['run -s fct_orders', () => dbt(original, noLookback, 'run -s fct_orders')],
      ];
      for (const [name, step] of steps) {
        await step();
        journal = appendEntry(
          journal,
          name.startsWith('run')
            ? { kind: 'dbt', argv: name.split(' ') }
            : { kind: 'event', id: name as 'new_orders' },
        );
      }
      journal = appendEntry(journal, {
        kind: 'sql',
        sql: "create table main.note as select 'kept' as text",
      });
      await original.exec("create table main.note as select 'kept' as text");

      await loadLabData(fresh, SOURCE);
      await buildDay10(fresh, starter);
      const seen: string[] = [];
      const outcome = await replayJournal(
        fresh,
        noLookback,
        starter,
        journal,
        (done, total, what) => seen.push(`${done + 1}/${total} ${what}`),
      );
      expect(outcome.failures).toEqual([]);
      expect(seen[0]).toBe('1/6 dbt run -s +fct_orders');
      expect(await getLabClock(fresh)).toBe(await getLabClock(original));
      expect(await snapshot(fresh)).toEqual(await snapshot(original));
      expect((await fresh.query('select text from main.note')).rows).toEqual([{ text: 'kept' }]);
      // And the replayed table is not what a fresh full build would give (the missed late data).
      const replayed = await snapshot(fresh);
      await dbt(fresh, noLookback, 'run -s fct_orders --full-refresh');
      expect(await snapshot(fresh)).not.toEqual(replayed);
    } finally {
      await original.close();
      await fresh.close();
    }
  });

  it('counts a step that fails now and goes on with the rest', async () => {
    const starter = await starterProjectFiles();
    const connection = await openNodeConnection();
    try {
      await loadLabData(connection, SOURCE);
      let journal = appendEntry(EMPTY_JOURNAL, { kind: 'sql', sql: 'select * from nowhere' });
      journal = appendEntry(journal, { kind: 'dbt', argv: ['run', '--no-such-flag'] });
      journal = appendEntry(journal, { kind: 'event', id: 'new_orders' });
      const outcome = await replayJournal(connection, starter, starter, journal);
      expect(outcome.failures.map((f) => f.message.split(':')[0])).toEqual([
        'SQL',
        'dbt run --no-such-flag',
      ]);
      expect(await getLabClock(connection)).toBe('2018-08-15 23:59:59');
    } finally {
      await connection.close();
    }
  });

  it('a data reset replays as Day 10 again: the data at the cut-off and the starter built on it', async () => {
    const starter = await starterProjectFiles();
    const solution = await solutionProjectFiles();
    const connection = await openNodeConnection();
    try {
      await loadLabData(connection, SOURCE);
      await buildDay10(connection, starter);
      const day10 = await snapshot(connection);
      let journal = appendEntry(EMPTY_JOURNAL, { kind: 'event', id: 'new_orders' });
      journal = appendEntry(journal, { kind: 'dbt', argv: ['run', '-s', 'fct_orders'] });
      journal = appendEntry(journal, { kind: 'reset-data' });
      const outcome = await replayJournal(connection, solution, starter, journal);
      expect(outcome.failures).toEqual([]);
      expect(await getLabClock(connection)).toBe('2018-08-14 23:59:59');
      // The student's incremental table is replaced by the starter's table, row for row.
      expect(await snapshot(connection)).toEqual(day10);
      const kind = await connection.query<{ type: string }>(
        "select table_type as type from information_schema.tables where table_name = 'fct_orders'",
      );
      expect(kind.rows).toEqual([{ type: 'BASE TABLE' }]);
    } finally {
      await connection.close();
    }
  });
});
