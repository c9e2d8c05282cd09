/**
 * Benchmark of the grader on native DuckDB: the course solution graded end to end (data load, S0–S4,
 * comparisons), several times, median and spread.
 *   npm run -s bench:grade                      # SF1, 3 runs
 *   npm run -s bench:grade -- --scale 10 --runs 1
 */
import { parseArgs } from 'node:util';
import { solutionProjectFiles } from '@/lib/dbt/course-project.node';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { grade } from '@/lib/grader/grade';

async function main() {
  const { values } = parseArgs({
    options: { scale: { type: 'string', default: '1' }, runs: { type: 'string', default: '3' } },
  });
  const scale = Number(values.scale);
  const runs = Number(values.runs);
  const files = await solutionProjectFiles();
  const totals: number[] = [];
  for (let i = 0; i < runs; i++) {
    const connection = await openNodeConnection();
    const report = await grade({ files, connection, data: { kind: 'generated', scale, seed: 42 } });
    await connection.close();
    totals.push(report.durationMs);
    const steps = report.steps.map((s) => `${s.id} ${s.ms.toFixed(0)}`).join(', ');
    console.log(
      `run ${i + 1}: ${report.durationMs.toFixed(0)} ms (passed: ${report.passed}; steps ms: ${steps})`,
    );
  }
  totals.sort((a, b) => a - b);
  console.log(
    `grade solution at SF${scale}: median ${totals[Math.floor(runs / 2)]!.toFixed(0)} ms, min ${totals[0]!.toFixed(0)} ms, max ${totals[runs - 1]!.toFixed(0)} ms`,
  );
}

void main();
