/**
 * Node only: `dbt clean` — removes the project's `clean-targets` (default `target` and
 * `dbt_packages`), refusing any path outside the project or holding its sources, as dbt does. The
 * CLI keeps its DuckDB file in `target/` by default, so cleaning also resets the lab database.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { ProjectFiles } from '../types';

export async function cleanProject(
  projectDir: string,
  files: ProjectFiles,
  print: (line: string) => void,
): Promise<number> {
  let targets = ['target', 'dbt_packages'];
  let sources: string[] = [];
  try {
    const project = (YAML.parse(files['dbt_project.yml'] ?? '') ?? {}) as Record<string, unknown>;
    if (Array.isArray(project['clean-targets'])) targets = project['clean-targets'].map(String);
    for (const key of [
      'model-paths',
      'seed-paths',
      'test-paths',
      'macro-paths',
      'snapshot-paths',
    ]) {
      const value = project[key];
      sources = sources.concat(Array.isArray(value) ? value.map(String) : []);
    }
  } catch {
    // a broken dbt_project.yml keeps dbt's default clean-targets
  }
  const protectedPaths = new Set(
    [...sources, 'models', 'seeds', 'tests', 'macros', 'snapshots'].map((p) =>
      path.resolve(projectDir, p),
    ),
  );
  for (const target of targets) {
    const full = path.resolve(projectDir, target);
    const inside = full.startsWith(projectDir + path.sep);
    if (!inside || protectedPaths.has(full)) {
      print(`ERROR: not cleaning ${target}/* because it is protected`);
      continue;
    }
    print(`Checking ${target}/*`);
    await rm(full, { recursive: true, force: true });
    print(`Cleaned ${target}/*`);
  }
  print('Finished cleaning all paths.');
  return 0;
}
