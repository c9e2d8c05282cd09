/**
 * The microbatch strategy through the CLI (fixture `microbatch`), with explicit windows: dbt's batch
 * lines, refs filtered to each batch, delete+insert per window, and dbt's errors. The lookback
 * without flags depends on "now": the behaviour suite covers it under the lab clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyFixture,
  dbt,
  query,
  removeDir,
  writeProjectFile,
  type CliRun,
} from '../testing/cli-harness.node';

let dir: string;
let first: CliRun;
let late: CliRun;
let afterFirst: string[];

const WINDOW = ['--event-time-start', '2018-08-11', '--event-time-end', '2018-08-15'];

beforeAll(async () => {
  dir = await copyFixture('microbatch');
  first = await dbt(dir, 'run', '-s', '+daily', ...WINDOW);
  afterFirst = await daily();
  late = await dbt(
    dir,
    'run',
    '-s',
    '+daily',
    '--vars',
    '{late: true}',
    '--event-time-start',
    '2018-08-12',
    '--event-time-end',
    '2018-08-13',
  );
});

afterAll(() => removeDir(dir));

async function daily(): Promise<string[]> {
  const rows = await query<{ id: number; payload: string; batch_id: string }>(
    dir,
    'select id, payload, batch_id from daily order by id',
  );
  return rows.map((r) => `${r.id}:${r.payload}:${r.batch_id}`);
}

describe('microbatch', () => {
  it('builds one batch per day of the window, each from its own slice of the refs', async () => {
    expect(first.code, first.text).toBe(0);
    expect(afterFirst).toEqual(['1:a:20180811', '2:b:20180812', '3:c:20180813', '4:d:20180814']);
  });

  it("logs dbt's lines: the model START, one START and OK per batch, SUCCESS for the model", () => {
    const lines = first.text.split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(/^2 of 2 START sql microbatch model main\.daily \.+ \[RUN\]$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^Batch 1 of 4 START batch 2018-08-11 of main\.daily \.+ \[RUN\]$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Batch 1 of 4 OK created batch 2018-08-11 of main\.daily \.+ \[CREATE 1 in \d+\.\d\ds\]$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^Batch 4 of 4 OK created batch 2018-08-14 of main\.daily \.+ \[INSERT 1 in \d+\.\d\ds\]$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^2 of 2 OK created sql microbatch model main\.daily \.+ \[SUCCESS in \d+\.\d\ds\]$/,
      ),
    );
    // the batch line is dbt's progress line with `Batch ` in front: 80 columns, then the status
    const batchLine = lines.find((l) => l.startsWith('Batch 1 of 4 START'))!;
    expect(batchLine.indexOf(' [RUN]')).toBe('Batch '.length + 80);
  });

  it('a window over one day replaces that day only: late rows land, others stay as they were', async () => {
    expect(late.code, late.text).toBe(0);
    expect(late.text).toMatch(
      /Batch 1 of 1 OK created batch 2018-08-12 of main\.daily \.+ \[INSERT 2, DELETE 1 in/,
    );
    expect(await daily()).toEqual([
      '1:a:20180811',
      '2:b:20180812',
      '3:c:20180813',
      '4:d:20180814',
      '5:late:20180812',
    ]);
  });

  it('the batch SQL reads the refs through the window, as dbt renders it', async () => {
    const compiledRun = await dbt(
      dir,
      'run',
      '-s',
      'daily',
      '--event-time-start',
      '2018-08-13',
      '--event-time-end',
      '2018-08-14',
    );
    expect(compiledRun.code).toBe(0);
    const [row] = await query<{ batch_start: string }>(
      dir,
      'select batch_start from daily where id = 3',
    );
    expect(row!.batch_start).toBe('2018-08-13 00:00:00+00:00');
  });

  it("a unique_key: the first batch builds, the incremental ones fail with dbt-duckdb's message (partial success)", async () => {
    const run = await dbt(dir, 'run', '-s', 'keyed', ...WINDOW);
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/Batch 1 of 4 OK created batch 2018-08-11 of main\.keyed/);
    expect(run.text).toMatch(
      /Batch 2 of 4 ERROR creating batch 2018-08-12 of main\.keyed \.+ \[ERROR in/,
    );
    expect(run.text).toMatch(
      /1 of 1 PARTIALLY created sql microbatch model main\.keyed \.+ \[PARTIAL SUCCESS \(1\/4\) in/,
    );
    expect(run.text).toContain("microbatch incremental strategy does not support 'unique_key'");
    expect(run.text).toContain('Completed with 0 errors, 1 partial success, and 0 warnings:');
  });

  it("the window flags follow dbt's rules", async () => {
    const alone = await dbt(dir, 'run', '--event-time-start', '2018-08-11');
    expect(alone.code).toBe(2);
    expect(alone.text).toContain(
      'When specifying `--event-time-start`, `--event-time-end` must also be present.',
    );
    const reversed = await dbt(
      dir,
      'run',
      '--event-time-start',
      '2018-08-12',
      '--event-time-end',
      '2018-08-11',
    );
    expect(reversed.code).toBe(2);
    expect(reversed.text).toContain(
      'Value for `--event-time-start` must be less than `--event-time-end`',
    );
    const bad = await dbt(
      dir,
      'run',
      '--event-time-start',
      'yesterday',
      '--event-time-end',
      '2018-08-11',
    );
    expect(bad.text).toContain("Invalid value for '--event-time-start': 'yesterday'");
  });

  it('a microbatch model without begin, or with a bad batch_size, fails parsing as in dbt', async () => {
    const copy = await copyFixture('microbatch');
    try {
      await writeProjectFile(
        copy,
        'models/keyed.sql',
        "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_ts', batch_size='day') }}\nselect 1 as id",
      );
      const noBegin = await dbt(copy, 'ls');
      expect(noBegin.code).toBe(2);
      expect(noBegin.text).toContain(
        "Parsing Error\n  Microbatch model 'keyed' must provide a 'begin' (datetime) config that indicates the earliest timestamp the microbatch model should be built from.",
      );
      await writeProjectFile(
        copy,
        'models/keyed.sql',
        "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_ts', batch_size='week', begin='2018-08-01') }}\nselect 1 as id",
      );
      expect((await dbt(copy, 'ls')).text).toContain(
        "Microbatch model 'keyed' must provide a 'batch_size' config that is one of ['hour', 'day', 'month', 'year'], but got: week.",
      );
    } finally {
      await removeDir(copy);
    }
  });
});
