import { describe, expect, it } from 'vitest';
import { starterProjectFiles } from '@/lib/dbt/course-project.node';
import { exercisePaths, exerciseTitle, isExercise, withExerciseAsModel } from './exercises';
import { LAB_MODEL_PATH } from './types';

describe('debugging exercises', () => {
  it('are the .sql files under exercises/, each with a title', async () => {
    const files = await starterProjectFiles();
    const paths = exercisePaths(files);
    expect(paths).toHaveLength(4);
    expect(paths.map((p) => exerciseTitle(files[p]!))).toEqual([
      'the count grows',
      'history is gone',
      'new orders go missing',
      'the second run fails',
    ]);
    expect(isExercise(LAB_MODEL_PATH)).toBe(false);
    expect(isExercise('exercises/notes.md')).toBe(false);
  });

  it('stand in for fct_orders on a copy of the project', async () => {
    const files = await starterProjectFiles();
    const [first] = exercisePaths(files);
    const copy = withExerciseAsModel(files, first!);
    expect(copy[LAB_MODEL_PATH]).toBe(files[first!]);
    expect(files[LAB_MODEL_PATH]).not.toBe(files[first!]); // the original is untouched
  });
});
