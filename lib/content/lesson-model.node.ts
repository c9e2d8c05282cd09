/**
 * The incremental `fct_orders` the implementation guide builds (`content/lessons/models/`), compiled
 * by the lab's own dbt engine inside the course project, so the SQL a lesson shows for a first build
 * and for an incremental run is exactly what the workspace will run. Node only: used at build time
 * and by the content check.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { compileModel } from '@/lib/dbt';
import { readProjectFiles } from '@/lib/dbt/project-files.node';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { CONTENT_ROOT } from './lessons.node';

export const LESSON_MODEL_FILE = path.join(CONTENT_ROOT, 'lessons', 'models', 'fct_orders.sql');
export const STARTER_PROJECT_DIR = path.join(CONTENT_ROOT, 'lab', 'project');
const MODEL_PATH = 'models/marts/fct_orders.sql';

export interface LessonModel {
  /** The model file as the lesson shows it. */
  source: string;
  /** Compiled with `is_incremental()` false: first run and `--full-refresh`. */
  firstBuildSql: string;
  /** Compiled with `is_incremental()` true. */
  incrementalSql: string;
}

let compiled: Promise<LessonModel> | null = null;

async function compileLessonModel(): Promise<LessonModel> {
  const source = await readFile(LESSON_MODEL_FILE, 'utf8');
  const files = { ...(await readProjectFiles(STARTER_PROJECT_DIR)), [MODEL_PATH]: source };
  // An empty in-memory database: compiling needs the database's name, not its data.
  const connection = await openNodeConnection();
  try {
    const branches = await compileModel({ connection, files }, 'fct_orders');
    if (branches.incrementalSql === null)
      throw new Error(`${LESSON_MODEL_FILE} is not an incremental model`);
    return {
      source,
      firstBuildSql: branches.firstBuildSql,
      incrementalSql: branches.incrementalSql,
    };
  } finally {
    await connection.close();
  }
}

export function loadLessonModel(): Promise<LessonModel> {
  compiled ??= compileLessonModel().catch((error: unknown) => {
    compiled = null;
    throw error;
  });
  return compiled;
}
