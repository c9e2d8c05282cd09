/** Finding the day count of a model's window, in the forms the course and its fixtures write it. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { solutionProjectFiles, stretchProjectFiles } from '@/lib/dbt/course-project.node';
import { findLookback, incrementalBlocks, maskComments, withWidth } from './lookback-site';
import { modelAtWidth } from './lookback';

const MODEL = 'models/marts/fct_orders.sql';
const fixture = (name: string) =>
  readFile(path.join(__dirname, '../grader/fixtures', name), 'utf8');

describe('findLookback', () => {
  it('finds the solution’s 3 days once, not the forms its comments mention', async () => {
    const text = (await solutionProjectFiles())[MODEL]!;
    const found = findLookback(text);
    expect(found.kind).toBe('literal');
    if (found.kind !== 'literal') return;
    expect(found.current).toBe(3);
    expect(found.sites).toHaveLength(1);
    const at7 = withWidth(text, found, 7);
    expect(at7).toContain("where order_purchase_ts >= dateadd('day', -7, current_timestamp)");
    // the comments still say 3
    expect(at7).toContain("dbt.dateadd('day', -3, 'current_timestamp')");
  });

  it.each([
    ['the stretch version', async () => (await stretchProjectFiles())[MODEL]!],
    ['the merge fixture (interval 3 day)', () => fixture('solution-merge.sql')],
    ['the Snowflake fixture (DATEADD)', () => fixture('solution-snowflake.sql')],
    ['a high-water mark minus 3 days', () => fixture('solution-max-lookback.sql')],
    ['run_query with timedelta(days=3)', () => fixture('solution-run-query.sql')],
    [
      'the instructions’ dbt.dateadd',
      async () =>
        "select 1 as id\n{% if is_incremental() %}\nwhere ts >= {{ dbt.dateadd('day', -3, 'current_timestamp') }}\n{% endif %}",
    ],
    [
      'interval with a string',
      async () => "{% if is_incremental() %} where ts >= now() - interval '3 days' {% endif %}",
    ],
  ])('%s: 3 days', async (_name, read) => {
    const found = findLookback(await read());
    expect(found.kind).toBe('literal');
    expect(found.kind === 'literal' && found.current).toBe(3);
  });

  it('a var: its default, else the project’s value', () => {
    expect(
      findLookback("where ts >= current_timestamp - interval {{ var('lookback_days', 5) }} day"),
    ).toEqual({ kind: 'var', name: 'lookback_days', current: 5 });
    expect(
      findLookback('where ts >= current_timestamp - to_days({{ var("lookback_days") }})', {
        projectVars: { lookback_days: 2 },
      }),
    ).toEqual({ kind: 'var', name: 'lookback_days', current: 2 });
  });

  it('no day count, or two different ones: says why', async () => {
    const none = findLookback(await fixture('mistake-no-lookback.sql'));
    expect(none.kind).toBe('none');
    expect(none.kind === 'none' && none.reason).toMatch(/No day count/);
    const two = findLookback(
      '{% if is_incremental() %} where a >= now() - interval 1 day and b >= now() - interval 3 day {% endif %}',
    );
    expect(two.kind === 'none' && two.reason).toMatch(/several day counts \(1, 3\)/);
  });

  it('prefers the is_incremental() block to day counts elsewhere in the model', () => {
    const text = `select order_id, ts + interval 1 day as due from t
{% if is_incremental() %}
where ts >= current_timestamp - interval 4 day
{% endif %}`;
    const found = findLookback(text);
    expect(found.kind === 'literal' && found.current).toBe(4);
  });
});

describe('helpers', () => {
  it('maskComments keeps offsets and strings', () => {
    const text = "select '--not a comment' as a -- a comment\n/* block */ {# jinja #} 1";
    const masked = maskComments(text);
    expect(masked).toHaveLength(text.length);
    expect(masked).toContain("'--not a comment'");
    expect(masked).not.toMatch(/a comment\n|block|jinja/);
  });

  it('incrementalBlocks counts nested ifs', () => {
    const text =
      '{% if is_incremental() %} a {% if x %} b {% endif %} c {% endif %} d {% if y %} e {% endif %}';
    const [[start, end]] = incrementalBlocks(text) as [[number, number]];
    expect(text.slice(start, end)).toBe(
      '{% if is_incremental() %} a {% if x %} b {% endif %} c {% endif %}',
    );
  });

  it('modelAtWidth replaces each var() call with the width', () => {
    const text =
      "where ts >= {{ dbt.dateadd('day', -var('lookback_days', 3), 'current_timestamp') }}";
    expect(modelAtWidth(text, { kind: 'var', name: 'lookback_days', current: 3 }, 7)).toBe(
      "where ts >= {{ dbt.dateadd('day', -(7), 'current_timestamp') }}",
    );
  });
});
