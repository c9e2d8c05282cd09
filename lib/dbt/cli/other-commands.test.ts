/**
 * dbt's other commands through the CLI (fixture `basic`): parse, run-operation and debug run; deps,
 * clean, snapshot, docs, source and init answer with what they would do and why the lab does
 * without; a project whose packages are missing fails as dbt fails.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, dbt, query, removeDir, writeProjectFile } from '../testing/cli-harness.node';

let dir: string;

beforeAll(async () => {
  dir = await copyFixture('basic');
  await writeProjectFile(
    dir,
    'macros/ops.sql',
    [
      '{% macro make_table(name, rows=2) %}',
      "  {% do run_query('create or replace table ' ~ name ~ ' as select range as n from range(' ~ rows ~ ')') %}",
      "  {{ log('made ' ~ name ~ ' with ' ~ rows ~ ' rows', info=True) }}",
      '{% endmacro %}',
      "{% macro broken() %}{{ exceptions.raise_compiler_error('the operation refused') }}{% endmacro %}",
    ].join('\n'),
  );
});
afterAll(() => removeDir(dir));

describe('other commands', () => {
  it('parse reads the project and reports what it found, exit 0', async () => {
    const run = await dbt(dir, 'parse');
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/^Found 3 models, 5 data tests, 1 seed, 4 macros$/m);
  });

  it('run-operation calls a macro with --args, runs its SQL and prints its log', async () => {
    const run = await dbt(dir, 'run-operation', 'make_table', '--args', '{name: op_made, rows: 3}');
    expect(run.code, run.text).toBe(0);
    expect(run.text).toContain('made op_made with 3 rows');
    expect(await query(dir, 'select count(*)::int as n from op_made')).toEqual([{ n: 3 }]);
  });

  it('run-operation names a missing macro and reports a failing one, exit 1', async () => {
    const missing = await dbt(dir, 'run-operation', 'no_such_macro');
    expect(missing.code).toBe(1);
    expect(missing.text).toContain(
      'Encountered an error while running operation: Runtime Error\n  dbt could not find a macro with the name "no_such_macro" in any package',
    );
    const broken = await dbt(dir, 'run-operation', 'broken');
    expect(broken.code).toBe(1);
    expect(broken.text).toContain(
      'Encountered an error while running operation: Compilation Error in macro broken (macros/ops.sql)',
    );
    expect(broken.text).toContain('the operation refused');
    expect((await dbt(dir, 'run-operation')).text).toContain('dbt run-operation needs a macro');
  });

  it('debug checks the project and the connection', async () => {
    const run = await dbt(dir, 'debug');
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/adapter version: DuckDB v1\.4\.\d/);
    expect(run.text).toContain('  Connection test: [OK connection ok]');
    expect(run.text).toContain('All checks passed!');
    await writeProjectFile(dir, 'models/broken.sql', 'select {{ 1 +  }}');
    const broken = await dbt(dir, 'debug');
    expect(broken.code).toBe(1);
    expect(broken.text).toContain('dbt_project.yml file [ERROR invalid]');
    expect(broken.text).toContain('1 check failed:');
    await writeProjectFile(dir, 'models/broken.sql', 'select 1 as ok');
  });

  it('deps, docs, source, init and snapshot say why the lab does without them', async () => {
    const deps = await dbt(dir, 'deps');
    expect(deps.code).toBe(0);
    expect(deps.text).toContain('Warning: No packages were found in packages.yml');
    for (const [argv, words] of [
      [['docs', 'generate'], 'dbt docs generate is not available in this lab'],
      [['docs', 'serve'], 'dbt docs serve is not available in this lab'],
      [['source', 'freshness'], 'dbt source freshness is not available in this lab'],
      [['init'], 'dbt init is not available in this lab'],
    ] as const) {
      const run = await dbt(dir, ...argv);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.text).toContain(words);
    }
    const snapshot = await dbt(dir, 'snapshot');
    expect(snapshot.code).toBe(0);
    expect(snapshot.text).toContain(
      'Nothing to do. Try checking your model configs and model specification args',
    );
    await mkdir(path.join(dir, 'snapshots'), { recursive: true });
    await writeFile(
      path.join(dir, 'snapshots', 'customers_snapshot.sql'),
      "{% snapshot customers_snapshot %}{{ config(strategy='check', unique_key='id', check_cols='all') }}select * from {{ ref('customers') }}{% endsnapshot %}",
    );
    const withSnapshot = await dbt(dir, 'snapshot');
    expect(withSnapshot.code).toBe(1);
    expect(withSnapshot.text).toContain(
      'dbt snapshot is not available in this lab (found snapshots/customers_snapshot.sql)',
    );
  });

  it('a project whose packages are not installed fails as dbt does, and deps says why it cannot help', async () => {
    const copy = await copyFixture('basic');
    try {
      await writeProjectFile(
        copy,
        'packages.yml',
        'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n',
      );
      const run = await dbt(copy, 'run');
      expect(run.code).toBe(2);
      expect(run.text).toContain(
        'Compilation Error\n  dbt found 1 package(s) specified in packages.yml, but only 0 package(s) installed in dbt_packages. Run "dbt deps" to install package dependencies.',
      );
      expect(run.text).toContain('The lab cannot install packages');
      const deps = await dbt(copy, 'deps');
      expect(deps.code).toBe(1);
      expect(deps.text).toContain('packages.yml asks for:\n  - dbt-labs/dbt_utils (1.3.0)');
      // an installed package counts: the check passes
      await mkdir(path.join(copy, 'dbt_packages', 'dbt_utils'), { recursive: true });
      await writeFile(
        path.join(copy, 'dbt_packages', 'dbt_utils', 'dbt_project.yml'),
        'name: dbt_utils\n',
      );
      expect((await dbt(copy, 'ls')).code).toBe(0);
    } finally {
      await removeDir(copy);
    }
  });

  it('clean removes target/ (the CLI database with it) and refuses protected paths', async () => {
    expect(existsSync(path.join(dir, 'target', 'dbt.duckdb'))).toBe(true);
    const run = await dbt(dir, 'clean');
    expect(run.code).toBe(0);
    expect(run.text).toBe(
      'Checking target/*\nCleaned target/*\nChecking dbt_packages/*\nCleaned dbt_packages/*\nFinished cleaning all paths.',
    );
    expect(existsSync(path.join(dir, 'target'))).toBe(false);
    await writeProjectFile(
      dir,
      'dbt_project.yml',
      "name: basic\nversion: '1.0'\nconfig-version: 2\nprofile: basic\nclean-targets: [models, ../outside, target]\n",
    );
    const guarded = await dbt(dir, 'clean');
    expect(guarded.text).toContain('ERROR: not cleaning models/* because it is protected');
    expect(guarded.text).toContain('ERROR: not cleaning ../outside/* because it is protected');
    expect(existsSync(path.join(dir, 'models'))).toBe(true);
  });
});
