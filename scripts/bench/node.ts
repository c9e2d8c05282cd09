/**
 * The Node half of `npm run bench` on native DuckDB: lib/bench/fct-orders.ts (the code the browser
 * half runs on DuckDB-WASM) and the grader on the course solution, on the data the server grades on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchFctOrders, type BenchModel, type FctOrdersFigures } from '@/lib/bench/fct-orders';
import { spread, type Spread } from '@/lib/bench/stats';
import { solutionProjectFiles, stretchProjectFiles } from '@/lib/dbt/course-project.node';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { describeSource } from '@/lib/data/load';
import { grade } from '@/lib/grader/grade';
import { serverGradingData } from '@/lib/server/grading/data';
import { prebuiltFill } from '@/lib/server/grading/prebuilt-fill';

export async function benchModels(names: string[]): Promise<BenchModel[]> {
  const all: Record<string, () => Promise<BenchModel['files']>> = {
    solution: solutionProjectFiles,
    stretch: stretchProjectFiles,
  };
  return Promise.all(
    names.map(async (name) => {
      const files = all[name];
      if (!files) throw new Error(`No model version named ${name} (solution, stretch)`);
      return { name, files: await files() };
    }),
  );
}

export async function measureNodeFctOrders(
  options: {
    scale: number;
    models: string[];
    runs: number;
    straight: boolean;
    profile: boolean;
    warmUp: boolean;
  },
  log: (line: string) => void,
): Promise<FctOrdersFigures> {
  const connection = await openNodeConnection();
  try {
    return await benchFctOrders({
      connection,
      data: { kind: 'generated', scale: options.scale, seed: 42 },
      models: await benchModels(options.models),
      runs: options.runs,
      straight: options.straight,
      profile: options.profile,
      warmUp: options.warmUp,
      onLog: (line) => log(`node SF${options.scale}: ${line}`),
    });
  } finally {
    await connection.close();
  }
}

export interface NodeGrading {
  /** `grade()` end to end: data load, S0–S4, comparisons. */
  ms: Spread;
  /** The data load alone (the report's duration minus its steps), median. */
  loadMs: number;
  steps: Record<string, number>;
  data: string;
  passed: boolean;
}

/** The solution graded in process, `runs` times, each on a fresh connection. */
export async function measureNodeGrading(
  runs: number,
  log: (line: string) => void,
): Promise<NodeGrading> {
  const files = (await benchModels(['solution']))[0]!.files;
  const totals: number[] = [];
  const loads: number[] = [];
  let steps: Record<string, number> = {};
  let passed = true;
  // As the server's grading process does: the build's prebuilt data inflated and copied, when the
  // build made one (else generated or imported), all inside the figure.
  const { data, prebuilt } = serverGradingData(process.cwd());
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const connection = await openNodeConnection();
    const scratch = prebuilt ? mkdtempSync(path.join(tmpdir(), 'lab-bench-grade-')) : null;
    try {
      const fillFull = prebuilt && scratch ? await prebuiltFill(prebuilt, scratch) : undefined;
      const report = await grade({ files, connection, data, ...(fillFull && { fillFull }) });
      const total = performance.now() - started;
      totals.push(total);
      const stepMs = report.steps.reduce((sum, s) => sum + s.ms, 0);
      loads.push(total - stepMs);
      steps = Object.fromEntries(report.steps.map((s) => [s.id, Math.round(s.ms)]));
      passed &&= report.passed;
      log(`node grading run ${i + 1}: ${total.toFixed(0)} ms (passed: ${report.passed})`);
    } finally {
      await connection.close();
      if (scratch) rmSync(scratch, { recursive: true, force: true });
    }
  }
  return {
    ms: spread(totals),
    loadMs: spread(loads).median,
    steps,
    data: `${describeSource(data).label}${prebuilt ? ', from the prebuilt file' : ', generated in each grading'}`,
    passed,
  };
}
