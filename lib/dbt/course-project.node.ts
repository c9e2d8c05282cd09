/**
 * Node only: the course's dbt project as `ProjectFiles` — the starter the lab opens with
 * (`content/lab/project/`), the solution (the starter with `content/lab/solution/` laid over it) and
 * the solution's stretch version, which pushes the window into the heavy inputs (`content/lab/stretch/`).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readProjectFiles } from './project-files.node';
import type { ProjectFiles } from './types';

const LAB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../content/lab');

export const STARTER_DIR = path.join(LAB_DIR, 'project');
export const SOLUTION_DIR = path.join(LAB_DIR, 'solution');
export const STRETCH_DIR = path.join(LAB_DIR, 'stretch');

export function starterProjectFiles(): Promise<ProjectFiles> {
  return readProjectFiles(STARTER_DIR);
}

/** The starter with the solution's files replacing (or adding to) it. */
export async function solutionProjectFiles(): Promise<ProjectFiles> {
  return { ...(await starterProjectFiles()), ...(await readProjectFiles(SOLUTION_DIR)) };
}

/** The starter with the stretch version of the solution laid over it. */
export async function stretchProjectFiles(): Promise<ProjectFiles> {
  return { ...(await starterProjectFiles()), ...(await readProjectFiles(STRETCH_DIR)) };
}
