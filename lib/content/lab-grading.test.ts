/**
 * The lab's content agrees with its grader: the solution and the model the implementation guide
 * builds pass every check, and the starter (a plain table model) fails. Graded on generated data at a
 * tenth of the real size, like the lessons' runnable blocks.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readProjectFiles } from '@/lib/dbt/project-files.node';
import type { ProjectFiles } from '@/lib/dbt';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { grade } from '@/lib/grader/grade';
import type { GradeReport } from '@/lib/grader/types';
import { LESSON_DATA_SOURCE } from './lesson-data';
import { LESSON_MODEL_FILE, STARTER_PROJECT_DIR } from './lesson-model.node';
import { CONTENT_ROOT } from './lessons.node';

const MODEL_PATH = 'models/marts/fct_orders.sql';

async function gradeFiles(files: ProjectFiles): Promise<GradeReport> {
  const connection = await openNodeConnection();
  try {
    return await grade({ files, connection, data: LESSON_DATA_SOURCE });
  } finally {
    await connection.close();
  }
}

const summary = (report: GradeReport) =>
  Object.fromEntries(report.checks.map((check) => [check.id, check.status]));

describe('the lab against its grader', () => {
  let starter: ProjectFiles;

  beforeAll(async () => {
    starter = await readProjectFiles(STARTER_PROJECT_DIR);
  });

  it('fails the starter project', async () => {
    const report = await gradeFiles(starter);
    expect(report.passed).toBe(false);
    expect(summary(report)).toMatchObject({ materialized_incremental: 'fail' });
  });

  it('passes the solution', async () => {
    const solution = await readProjectFiles(path.join(CONTENT_ROOT, 'lab', 'solution'));
    const report = await gradeFiles({ ...starter, ...solution });
    expect(summary(report)).toEqual(
      Object.fromEntries(report.checks.map((check) => [check.id, 'pass'])),
    );
    expect(report.passed).toBe(true);
  });

  it('passes the model the implementation guide builds', async () => {
    const lessonModel = await readFile(LESSON_MODEL_FILE, 'utf8');
    const report = await gradeFiles({ ...starter, [MODEL_PATH]: lessonModel });
    expect(summary(report)).toEqual(
      Object.fromEntries(report.checks.map((check) => [check.id, 'pass'])),
    );
  });
});
