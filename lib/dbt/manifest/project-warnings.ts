/**
 * dbt's parse warnings about the project's own configuration: folder configs in dbt_project.yml
 * that apply to nothing (a typo in a folder name silently configures nothing), and property-file
 * entries for models or seeds that do not exist.
 */
import { isConfigKey } from '../project/config';
import type { Project } from '../project/load-project';
import type { Manifest } from './nodes';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The folder paths a config tree names (`[olist_dbt, staging]`), not its config keys. */
function treePaths(tree: unknown, prefix: string[] = []): string[][] {
  if (!isRecord(tree)) return [];
  const paths: string[][] = [];
  for (const [key, value] of Object.entries(tree)) {
    if (!isRecord(value) || isConfigKey(key)) continue;
    const path = [...prefix, key];
    paths.push(path, ...treePaths(value, path));
  }
  return paths;
}

const TREES = [
  ['models', 'model', (p: Project) => p.modelsTree],
  ['seeds', 'seed', (p: Project) => p.seedsTree],
  ['data_tests', 'test', (p: Project) => p.testsTree],
] as const;

export function unusedConfigPaths(manifest: Manifest): string[] {
  const unused: string[] = [];
  for (const [section, type, tree] of TREES) {
    const fqns = [...manifest.nodes.values()]
      .filter((n) => n.resourceType === type)
      .map((n) => n.fqn);
    for (const path of treePaths(tree(manifest.project))) {
      const used = fqns.some((fqn) => path.every((part, i) => fqn[i] === part));
      // a leaf of the path: only its deepest unused level is worth reporting
      if (!used) unused.push([section, ...path].join('.'));
    }
  }
  return unused.filter((p) => !unused.some((other) => other !== p && p.startsWith(`${other}.`)));
}

export function projectWarnings(manifest: Manifest, disabled: Set<string>): string[] {
  const warnings: string[] = [];
  const unused = unusedConfigPaths(manifest);
  if (unused.length > 0) {
    warnings.push(
      `[WARNING]: Configuration paths exist in your dbt_project.yml file which do not apply to any resources.\nThere are ${unused.length} unused configuration paths:\n${unused.map((u) => `- ${u}`).join('\n')}`,
    );
  }
  const { project } = manifest;
  for (const [props, section, type] of [
    [project.modelProperties, 'models', 'model'],
    [project.seedProperties, 'seeds', 'seed'],
  ] as const) {
    for (const [name, info] of props) {
      const id = manifest.refs.get(name);
      const node = id ? manifest.nodes.get(id) : undefined;
      if ((node && node.resourceType === type) || disabled.has(name)) continue;
      warnings.push(
        `[WARNING]: Did not find matching node for patch with name '${name}' in the '${section}' section of file '${info.file}'`,
      );
    }
  }
  return warnings;
}
