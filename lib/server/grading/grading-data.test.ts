/**
 * The server grades on the data the build prebuilt: here a build from a small data/raw folder of
 * generated Kaggle-format CSVs, graded in the real sandbox (a few seconds per job).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLabData } from '@/lib/course/lab-data-build.node';
import { writeCourseCsvs } from '@/lib/data/csv-writer.node';
import { generateOlist } from '@/lib/data/generator/generate';
import { solutionProjectFiles, starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { serverGradingData } from './data';
import { gradeInSandbox } from './sandbox';

const ROOT = path.resolve(__dirname, '../../..');
let scratch: string;
let solution: ProjectFiles;
let starter: ProjectFiles;

beforeAll(async () => {
  solution = await solutionProjectFiles();
  starter = await starterProjectFiles();
  // Inside the project (the sandbox replaces /tmp with its own); tmp/ is git-ignored.
  mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
  scratch = mkdtempSync(path.join(ROOT, 'tmp', 'grading-data-'));
  const conn = await openNodeConnection();
  try {
    await conn.exec('CREATE SCHEMA g');
    await generateOlist(conn, { scale: 0.05, seed: 7 }, 'g');
    await writeCourseCsvs(conn, 'g', path.join(scratch, 'data/raw'), { naming: 'short' });
  } finally {
    await conn.close();
  }
  await buildLabData({
    outDir: path.join(scratch, 'public/data'),
    rawDir: path.join(scratch, 'data/raw'),
    projectRoot: scratch,
  });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('server grading on the build’s CSVs', () => {
  it('grades from the prebuilt file, on the same data and cut-off as the browser', async () => {
    const grading = serverGradingData(scratch);
    expect(grading.prebuilt).toBeDefined();
    const outcome = await gradeInSandbox(solution, { ...grading, projectRoot: ROOT });
    expect(outcome.kind, JSON.stringify(outcome).slice(0, 500)).toBe('report');
    if (outcome.kind !== 'report') return;
    expect(outcome.report.passed).toBe(true);
    expect(outcome.report.scenario.data).toBe('the real Olist CSVs (data/raw)');

    // Without the prebuilt file the job reads the CSVs themselves, with the same verdict.
    const fromCsv = await gradeInSandbox(starter, { data: grading.data, projectRoot: ROOT });
    expect(fromCsv.kind).toBe('report');
    if (fromCsv.kind === 'report') {
      expect(fromCsv.report.scenario.cutoffDay).toBe(outcome.report.scenario.cutoffDay);
      expect(fromCsv.report.checks.find((c) => c.id === 'materialized_incremental')?.status).toBe(
        'fail',
      );
    }
  }, 120_000);

  it('keeps the data files out of the model’s reach', async () => {
    const grading = serverGradingData(scratch);
    const csv = path.join(scratch, 'data/raw/orders.csv');
    const outcome = await gradeInSandbox(
      {
        ...starter,
        'models/marts/fct_orders.sql': `select * from read_csv('${csv}')`,
      },
      { ...grading, projectRoot: ROOT },
    );
    const text = JSON.stringify(outcome);
    expect(outcome.kind === 'error' || !outcome.report.passed).toBe(true);
    expect(text).toMatch(/disabled by configuration|Permission Error/);
  }, 60_000);
});
