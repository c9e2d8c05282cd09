import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli.node';

const FIXTURES = path.join(__dirname, 'fixtures');

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('grade CLI', () => {
  it('prints one JSON array for several files and exits 1 when one fails', async () => {
    const { code, out } = await run([
      path.join(FIXTURES, 'solution-merge.sql'),
      path.join(FIXTURES, 'mistake-no-filter.sql'),
      '--json',
      '--scale',
      '0.1',
    ]);
    expect(code).toBe(1);
    const docs = JSON.parse(out) as { passed: boolean; checks: { id: string; status: string }[] }[];
    expect(docs.map((d) => d.passed)).toEqual([true, false]);
    expect(docs[1]!.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([
      'incremental_filter',
    ]);
    expect(Object.keys(docs[0]!.checks[0]!)).toEqual(['id', 'status', 'message', 'hint']);
  });

  it('prints the step table and the checks, exit 0 when all pass', async () => {
    const { code, out } = await run([
      path.join(FIXTURES, 'solution-snowflake.sql'),
      '--scale',
      '0.1',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/PASSED \(8\/8 checks/);
    expect(out).toMatch(/S1 Rerun, no new data\s+\d+\s+0\s+0/);
    expect(out).toMatch(/✓ matches_full_refresh/);
  });

  it('grades a model that reads its high-water mark with run_query, inside the locked-down database', async () => {
    const { code, out } = await run([
      path.join(FIXTURES, 'solution-run-query.sql'),
      '--json',
      '--scale',
      '0.1',
    ]);
    expect(code).toBe(0);
    expect((JSON.parse(out) as { passed: boolean }).passed).toBe(true);
  });

  it('SQL a template runs cannot read or write files on the grading machine', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'grade-escape-'));
    const model = path.join(dir, 'fct_orders.sql');
    const written = path.join(dir, 'written.csv');
    await writeFile(
      model,
      `{% if execute %}{% do run_query("copy (select 1) to '${written}'") %}{% endif %}\nselect * from read_text('${model}')`,
    );
    try {
      const { code, out } = await run([model, '--json', '--scale', '0.1']);
      expect(code).toBe(1);
      const report = JSON.parse(out) as {
        checks: { id: string; status: string; message: string }[];
      };
      expect(report.checks[0]!.status).toBe('error');
      expect(report.checks[0]!.message).toMatch(/disabled by configuration|Permission Error/);
      await expect(access(written)).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on a bad invocation', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['nope.sql', '--scale', '0.1'])).code).toBe(2);
    const bad = await run([path.join(FIXTURES, 'solution-merge.sql'), '--scale', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--scale/);
  });
});
