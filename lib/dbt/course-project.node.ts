/**
 * Node only: the course's dbt project as `ProjectFiles` — the starter the lab opens with
 * (`content/lab/project/`) and the solution (the starter with `content/lab/solution/` laid over it).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readProjectFiles } from './project-files.node';
import type { ProjectFiles } from './types';

const LAB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content/lab');

export const STARTER_DIR = path.join(LAB_DIR, 'project');
export const SOLUTION_DIR = path.join(LAB_DIR, 'solution');

export function starterProjectFiles(): Promise<ProjectFiles> {
  return readProjectFiles(STARTER_DIR);
}

/** The starter with the solution's files replacing (or adding to) it. */
export async function solutionProjectFiles(): Promise<ProjectFiles> {
  return { ...(await starterProjectFiles()), ...(await readProjectFiles(SOLUTION_DIR)) };
}
