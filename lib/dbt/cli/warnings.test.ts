/**
 * dbt's parse warnings, through the CLI on copies of fixture `basic`: folder configs in
 * dbt_project.yml that apply to nothing, and property-file entries for models that do not exist.
 */
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

const PROJECT = `name: basic
version: '1.0'
config-version: 2
profile: basic
models:
  basic:
    staging:
      +materialized: view
    stagin:
      +materialized: table
    marts:
      customer_scroes:
        +tags: [oops]
      customer_scores:
        +meta: {owner: lab}
seeds:
  basic:
    customer:
      +column_types: {zip: varchar}
`;

describe('parse warnings', () => {
  it('a project whose configs all apply warns about nothing', async () => {
    const dir = await project();
    const run = await dbt(dir, 'ls');
    expect(run.code).toBe(0);
    expect(run.text).not.toContain('[WARNING]');
  });

  it('names every config path that matches no model or seed, in dbt words', async () => {
    const dir = await project();
    await writeProjectFile(dir, 'dbt_project.yml', PROJECT);
    const run = await dbt(dir, 'ls');
    expect(run.code).toBe(0);
    expect(run.text).toContain(
      '[WARNING]: Configuration paths exist in your dbt_project.yml file which do not apply to any resources.\nThere are 3 unused configuration paths:\n- models.basic.stagin\n- models.basic.marts.customer_scroes\n- seeds.basic.customer',
    );
    // the warning comes while dbt parses, before the Found line
    expect(run.text.indexOf('[WARNING]')).toBeLessThan(run.text.indexOf('Found 3 models'));
  });

  it('names a property-file entry for a model that does not exist, but not for a disabled one', async () => {
    const dir = await project();
    await writeProjectFile(
      dir,
      'models/marts/schema.yml',
      'version: 2\nmodels:\n  - name: customer_score\n    columns:\n      - name: customer_id\n  - name: customer_scores\n    config:\n      enabled: false\n',
    );
    // the singular test reads customer_scores: it goes too, or dbt could not parse the project
    await writeProjectFile(dir, 'tests/assert_scores_not_negative.sql', 'select 1 where false\n');
    const run = await dbt(dir, 'ls');
    expect(run.code).toBe(0);
    expect(run.text).toContain(
      "[WARNING]: Did not find matching node for patch with name 'customer_score' in the 'models' section of file 'models/marts/schema.yml'",
    );
    expect(run.text).not.toContain("patch with name 'customer_scores'");
  });
});
