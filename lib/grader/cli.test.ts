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

  it('exits 2 on a bad invocation', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['nope.sql', '--scale', '0.1'])).code).toBe(2);
    const bad = await run([path.join(FIXTURES, 'solution-merge.sql'), '--scale', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--scale/);
  });
});
