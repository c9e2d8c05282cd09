/**
 * The lab's debugging exercises: broken versions of fct_orders under `exercises/` in the starter
 * project. dbt never builds them (they sit outside `models/`); the Compiled SQL tab and the grader
 * treat the open exercise as fct_orders, on a copy of the project, so the student's own model and
 * tables stay as they are.
 */
import type { ProjectFiles } from '@/lib/dbt/types';
import { LAB_MODEL_PATH } from './types';

export const EXERCISE_DIR = 'exercises/';

export function isExercise(path: string): boolean {
  return path.startsWith(EXERCISE_DIR) && path.endsWith('.sql');
}

export function exercisePaths(files: ProjectFiles): string[] {
  return Object.keys(files).filter(isExercise).sort();
}

/** The project with the exercise's text as fct_orders. */
export function withExerciseAsModel(files: ProjectFiles, exercise: string): ProjectFiles {
  return { ...files, [LAB_MODEL_PATH]: files[exercise] ?? '' };
}

/** "the count grows", from the exercise's first line (`-- Debugging exercise 1 of 4: …`). */
export function exerciseTitle(text: string): string | null {
  return /^--\s*Debugging exercise \d+ of \d+:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? null;
}
