import { describe, expect, it } from 'vitest';
import { getLabClock, loadLabData } from '@/lib/data';
import { parseArgs, runDbt, UsageError } from '@/lib/dbt';
import { stretchProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { sourceLineFor } from './line-map';
import { errorMarkers } from './markers';

describe('compiled line → file line', () => {
  const source = [
    "{{ config(materialized='incremental',", //  1
    "    unique_key='order_id') }}", //           2
    'select', //                                  3
    '    order_id,', //                           4
    "    {{ var('extra', 'null') }} as extra,", // 5
    '    total', //                               6
    "from {{ ref('stg') }}", //                   7
    '{% if is_incremental() %}', //               8
    'where ts > (select max(ts) from {{ this }})', // 9
    '{% endif %}', //                            10
    'order by tottal', //                        11
  ].join('\n');

  it('follows lines that a false if-block removed', () => {
    const firstBuild = [
      'select',
      '    order_id,',
      '    null as extra,',
      '    total',
      'from "memory"."main"."stg"',
      '',
      'order by tottal',
    ].join('\n');
    expect(sourceLineFor(source, firstBuild, 7)).toBe(11);
    expect(sourceLineFor(source, firstBuild, 3)).toBe(5);
    expect(sourceLineFor(source, firstBuild, 1)).toBe(3);
  });

  it('follows the incremental branch and skips lines a macro added', () => {
    const incremental = [
      'select',
      '    order_id,',
      '    null as extra,',
      '    total',
      'from "memory"."main"."stg"',
      '',
      'where ts > (select max(ts) from "memory"."main"."fct")',
      '-- a macro wrote this line',
      '',
      'order by tottal',
    ].join('\n');
    expect(sourceLineFor(source, incremental, 7)).toBe(9);
    expect(sourceLineFor(source, incremental, 10)).toBe(11);
    expect(sourceLineFor(source, incremental, 8)).toBe(10); // nearest matched line above, +1
  });

  it('gives null for a line outside the compiled SQL', () => {
    expect(sourceLineFor(source, 'select 1', 2)).toBeNull();
  });
});

describe('SQL error markers on the real engine', () => {
  async function run(connection: Connection, files: ProjectFiles, line: string) {
    const command = parseArgs(line.split(' '));
    if (command instanceof UsageError) throw command;
    return runDbt(command, { connection, files, clock: await getLabClock(connection) });
  }

  it('lands on the file line of a typo below the incremental block, in both branches', async () => {
    const files = await stretchProjectFiles();
    const good = files['models/marts/fct_orders.sql']!;
    const lines = good.split('\n');
    const at = lines.findIndex((l) => l.includes('coalesce(items.order_item_row_count'));
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.includes('{% endif %}')));
    const typo = [...lines];
    typo[at] = typo[at]!.replace('items.order_item_row_count', 'items.order_item_rows_count');
    const bad = { ...files, 'models/marts/fct_orders.sql': typo.join('\n') };
    const connection = await openNodeConnection();
    try {
      await loadLabData(connection, { kind: 'generated', scale: 0.01, seed: 3 });
      await run(connection, files, 'run -s +fct_orders --exclude fct_orders');
      const first = await run(connection, bad, 'run -s fct_orders');
      expect(first.results[0]?.incremental).toBeUndefined();
      expect(errorMarkers(first, bad).map((m) => m.line)).toEqual([at + 1]);

      await run(connection, files, 'run -s fct_orders');
      const incremental = await run(connection, bad, 'run -s fct_orders');
      expect(incremental.results[0]?.compiledSql).toContain('interval 3 day');
      expect(errorMarkers(incremental, bad).map((m) => m.line)).toEqual([at + 1]);
    } finally {
      await connection.close();
    }
  });
});
