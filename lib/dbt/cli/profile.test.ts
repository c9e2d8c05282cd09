/**
 * Where the CLI keeps its state: the profile's DuckDB `path` (relative to the project) and `schema`
 * from profiles.yml, a custom `schema` config as `<target schema>_<custom>`, and the database name
 * taken from the file stem, as dbt-duckdb does.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { copyFixture, dbt, removeDir, writeProjectFile } from '../testing/cli-harness.node';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map(removeDir)));

describe('profiles.yml', () => {
  it('uses the profile target’s path and schema; a custom schema is appended to it', async () => {
    const dir = await copyFixture('basic');
    dirs.push(dir);
    await writeProjectFile(
      dir,
      'profiles.yml',
      'basic:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: state/lab.duckdb\n      schema: analytics\n',
    );
    await writeProjectFile(
      dir,
      'models/marts/extra.sql',
      "{{ config(schema='reporting') }}\nselect '{{ this }}' as me, '{{ target.name }}/{{ target.schema }}' as t",
    );
    const run = await dbt(dir, 'build', '-s', '+extra', 'customers');
    expect(run.code, run.text).toBe(0);
    expect(run.text).toContain('OK created sql table model analytics_reporting.extra');
    expect(existsSync(path.join(dir, 'target', 'dbt.duckdb'))).toBe(false);
    const connection = await openNodeConnection({ path: path.join(dir, 'state', 'lab.duckdb') });
    try {
      const rows = (await connection.query('select me, t from analytics_reporting.extra')).rows;
      expect(rows).toEqual([{ me: '"lab"."analytics_reporting"."extra"', t: 'dev/analytics' }]);
      const seeded = (await connection.query('select count(*)::int as n from analytics.customers'))
        .rows;
      expect(seeded).toEqual([{ n: 4 }]);
    } finally {
      await connection.close();
    }
    const wrongTarget = await dbt(dir, 'run', '--target', 'prod');
    expect(wrongTarget.code).toBe(2);
    expect(wrongTarget.text).toContain("does not have a target named 'prod'");
  });
});
