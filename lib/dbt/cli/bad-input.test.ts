/**
 * Bad input gets a clear message and the right exit code: Jinja syntax errors with file and line,
 * unknown refs and sources, unknown columns, bad selectors, cycles, malformed YAML, a missing project
 * (each on a broken copy of fixture `basic`).
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyFixture, dbt, removeDir, writeProjectFile } from '../testing/cli-harness.node';

const dirs: string[] = [];
async function project(): Promise<string> {
  const dir = await copyFixture('basic');
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('bad input', () => {
  it('a Jinja syntax error names the file and the line of the unclosed block (exit 2)', async () => {
    const dir = await project();
    await writeProjectFile(
      dir,
      'models/marts/customer_scores.sql',
      "select 1 as id\nfrom {{ ref('stg_customers') }}\n{% if is_incremental() %}\nwhere 1 = 1\n",
    );
    const run = await dbt(dir, 'run');
    expect(run.code).toBe(2);
    expect(run.text).toContain(
      'Compilation Error in model customer_scores (models/marts/customer_scores.sql)',
    );
    expect(run.text).toContain(
      "models/marts/customer_scores.sql:3: Unexpected end of template: the '{% if %}' block opened on line 3 is never closed (add '{% endif %}').",
    );
  });

  it('an unknown tag and an unknown macro are reported with their line', async () => {
    const dir = await project();
    await writeProjectFile(
      dir,
      'models/marts/customer_scores.sql',
      'select 1 as id\n{% endfi %}\n',
    );
    const tag = await dbt(dir, 'compile');
    expect(tag.code).toBe(2);
    expect(tag.text).toContain(
      "models/marts/customer_scores.sql:2: Encountered unknown tag 'endfi'.",
    );
    await writeProjectFile(
      dir,
      'models/marts/customer_scores.sql',
      "select 1 as id,\n  {{ no_such_macro('x') }} as y\n",
    );
    const macro = await dbt(dir, 'run');
    expect(macro.code).toBe(2);
    expect(macro.text).toContain(
      "models/marts/customer_scores.sql:2: 'no_such_macro' is undefined.",
    );
  });

  it('an unknown ref or source stops the parse (exit 2) with dbt’s message', async () => {
    const dir = await project();
    await writeProjectFile(
      dir,
      'models/marts/customer_scores.sql',
      "select * from {{ ref('stg_customer') }}\n",
    );
    const ref = await dbt(dir, 'run');
    expect(ref.code).toBe(2);
    expect(ref.text).toContain(
      "Model 'model.basic.customer_scores' (models/marts/customer_scores.sql) depends on a node named 'stg_customer' which was not found",
    );
    await writeProjectFile(
      dir,
      'models/marts/customer_scores.sql',
      "select * from {{ source('olist', 'orders') }}\n",
    );
    const source = await dbt(dir, 'run');
    expect(source.code).toBe(2);
    expect(source.text).toContain("depends on a source named 'olist.orders' which was not found");
  });

  it('an unknown column is a runtime error with DuckDB’s message and the compiled line; downstream is skipped', async () => {
    const dir = await project();
    await writeProjectFile(
      dir,
      'models/staging/stg_customers.sql',
      "select\n    id as customer_id,\n    nope as customer_name\nfrom {{ ref('customers') }}\n",
    );
    const run = await dbt(dir, 'build');
    expect(run.code).toBe(1);
    expect(run.text).toContain(
      'Runtime Error in model stg_customers (models/staging/stg_customers.sql)',
    );
    expect(run.text).toContain('Binder Error: Referenced column "nope" not found in FROM clause!');
    expect(run.text).toContain('LINE 3:     nope as customer_name');
    expect(run.text).toMatch(/SKIP relation main\.customer_scores/);
    expect(run.text).toMatch(/Done\. PASS=1 WARN=0 ERROR=1 SKIP=\d+ NO-OP=0 TOTAL=\d+/);
  });

  it('a Snowflake function gets a hint naming the DuckDB form', async () => {
    const dir = await project();
    await writeProjectFile(
      dir,
      'models/staging/stg_customers.sql',
      "select id as customer_id, to_varchar(signup_date) as d\nfrom {{ ref('customers') }}\n",
    );
    const run = await dbt(dir, 'build', '-s', 'customers', 'stg_customers');
    expect(run.code).toBe(1);
    expect(run.text).toContain('Hint: TO_VARCHAR is Snowflake; in DuckDB write CAST(x AS VARCHAR)');
  });

  it('selectors: an unknown method is a bad invocation (2); no match warns, suggests and does nothing (0)', async () => {
    const dir = await project();
    const method = await dbt(dir, 'run', '-s', 'foo:bar');
    expect(method.code).toBe(2);
    expect(method.text).toContain("'foo' is not a valid method name");
    const typo = await dbt(dir, 'run', '-s', 'customer_score');
    expect(typo.code).toBe(0);
    expect(typo.text).toContain(
      "The selection criterion 'customer_score' does not match any enabled nodes. Did you mean 'customer_scores'?",
    );
    expect(typo.text).toContain('Nothing to do.');
  });

  it('cyclic refs are reported as dbt does (exit 2)', async () => {
    const dir = await project();
    await writeProjectFile(
      dir,
      'models/staging/stg_customers.sql',
      "select * from {{ ref('customer_scores') }}\n",
    );
    const run = await dbt(dir, 'run');
    expect(run.code).toBe(2);
    expect(run.text).toContain(
      'Found a cycle: model.basic.active_customers --> model.basic.customer_scores --> model.basic.stg_customers --> model.basic.active_customers',
    );
  });

  it('malformed YAML names the file and the line (exit 2)', async () => {
    const dir = await project();
    await writeProjectFile(
      dir,
      'models/marts/schema.yml',
      'version: 2\nmodels:\n  - name: customer_scores\n    columns:\n      - name: customer_id\n     tests: [unique]\n',
    );
    const run = await dbt(dir, 'run');
    expect(run.code).toBe(2);
    expect(run.text).toMatch(/Syntax error near line 6 in models\/marts\/schema\.yml/);
    await writeProjectFile(
      dir,
      'models/marts/schema.yml',
      'version: 2\nmodels:\n  - columns: []\n',
    );
    const shape = await dbt(dir, 'run');
    expect(shape.code).toBe(2);
    expect(shape.text).toContain('Invalid models/marts/schema.yml: models[0].name:');
  });

  it('a missing project, an unknown command or bad --vars are bad invocations (exit 2)', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'dbt-empty-'));
    dirs.push(empty);
    const missing = await dbt(empty, 'run');
    expect(missing.code).toBe(2);
    expect(missing.text).toContain('No dbt_project.yml found at expected path');
    const dir = await project();
    expect((await dbt(dir, 'runn')).text).toContain("No such command 'runn'.");
    expect((await dbt(dir, 'runn')).code).toBe(2);
    const vars = await dbt(dir, 'run', '--vars', '[1, 2]');
    expect(vars.code).toBe(2);
    expect(vars.text).toContain('--vars must be a YAML dictionary');
  });

  it('a failing data test exits 1 and says how many rows failed', async () => {
    const dir = await project();
    await writeProjectFile(
      dir,
      'tests/assert_scores_not_negative.sql',
      "select * from {{ ref('customer_scores') }} where score < 1\n",
    );
    const run = await dbt(dir, 'build');
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/FAIL 1 assert_scores_not_negative \.+ \[FAIL 1 in [\d.]+s\]/);
    expect(run.text).toContain(
      'Failure in test assert_scores_not_negative (tests/assert_scores_not_negative.sql)',
    );
    expect(run.text).toContain('Got 1 result, configured to fail if != 0');
  });

  it('a trailing ; fails as in dbt, with the reason; a second statement is named as such', async () => {
    const dir = await project();
    await writeProjectFile(
      dir,
      'models/marts/customer_scores.sql',
      "select 1 as id\nfrom {{ ref('stg_customers') }};\n",
    );
    const run = await dbt(dir, 'run', '-s', 'customer_scores');
    expect(run.code).toBe(1);
    expect(run.text).toContain(
      'Runtime Error in model customer_scores (models/marts/customer_scores.sql)',
    );
    expect(run.text).toContain('Parser Error: syntax error at or near ";"');
    expect(run.text).toMatch(/LINE 2: from "\w+"\."main"\."stg_customers";\n\s+\^/);
    expect(run.text).toContain(
      "Hint: models/marts/customer_scores.sql ends with ';'. dbt runs a model as create … as ( <your select> ), so the ';' ends that statement inside the parentheses.",
    );
    const show = await dbt(dir, 'show', '-s', 'customer_scores');
    expect(show.code).toBe(1);
    expect(show.text).toContain("ends with ';'");
    const inline = await dbt(dir, 'show', '--inline', 'select 42 as answer;');
    expect(inline.code).toBe(0);
    await writeProjectFile(
      dir,
      'models/marts/customer_scores.sql',
      'select 1 as id; select 2 as id\n',
    );
    const two = await dbt(dir, 'run', '-s', 'customer_scores');
    expect(two.code).toBe(1);
    expect(two.text).toContain('holds more than one statement');
  });
});
