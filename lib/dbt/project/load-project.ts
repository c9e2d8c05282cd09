/**
 * Reads a dbt project from its files: `dbt_project.yml`, models, property files, seeds, singular
 * tests and macros. Pure: no Jinja and no database yet (see manifest.ts for the parse phase).
 */
import { ProjectError } from '../errors';
import type { Macro } from '@/lib/jinja';
import { loadMacros, type MacroSource } from '../jinja/environment';
import type { ProjectFiles } from '../types';
import type { NodeConfig } from './config';
import { parseYaml, validate } from './yaml';
import {
  projectFileSchema,
  propertiesFileSchema,
  type NodeProperties,
  type SourceYaml,
  type TestDef,
} from './schemas';

export interface ProjectFile {
  name: string;
  /** Path from the project root, e.g. `models/marts/fct_orders.sql`. */
  path: string;
  text: string;
  /** `[project, ...folders, name]`, what dbt's folder configs and `fqn` selectors match. */
  fqn: string[];
}

export interface ColumnProperties {
  name: string;
  tests: TestDef[];
}

export interface NodePropertiesInfo {
  file: string;
  config: NodeConfig;
  columns: ColumnProperties[];
  tests: TestDef[];
}

export interface SourceTable {
  sourceName: string;
  name: string;
  identifier: string;
  /** As written (may hold Jinja); resolved in the manifest. */
  database?: string;
  schema: string;
  file: string;
  config: NodeConfig;
  meta: Record<string, unknown>;
  columns: ColumnProperties[];
  tests: TestDef[];
}

export interface Project {
  files: ProjectFiles;
  name: string;
  profile?: string;
  vars: Record<string, unknown>;
  modelsTree: unknown;
  seedsTree: unknown;
  testsTree: unknown;
  models: ProjectFile[];
  seeds: ProjectFile[];
  singularTests: ProjectFile[];
  macroFiles: MacroSource[];
  /** Every macro of the project by name (names are unique, as dbt requires). */
  macros: Map<string, Macro>;
  modelProperties: Map<string, NodePropertiesInfo>;
  seedProperties: Map<string, NodePropertiesInfo>;
  sources: SourceTable[];
  paths: { models: string[]; seeds: string[]; tests: string[]; macros: string[] };
}

export const PROJECT_FILE = 'dbt_project.yml';

export function normalizePath(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+/g, '/');
}

function normalizeFiles(files: ProjectFiles): ProjectFiles {
  const out: ProjectFiles = {};
  for (const [path, text] of Object.entries(files)) out[normalizePath(path)] = text;
  return out;
}

function underPath(file: string, root: string): string | undefined {
  const prefix = root.replace(/\/+$/, '') + '/';
  return file.startsWith(prefix) ? file.slice(prefix.length) : undefined;
}

/** Files under any of `roots` with one of the extensions, with their path inside the root. */
function collect(files: ProjectFiles, roots: string[], extensions: string[]) {
  const found: { path: string; relative: string; text: string }[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (!extensions.some((ext) => path.endsWith(ext))) continue;
    for (const root of roots) {
      const relative = underPath(path, root);
      if (relative !== undefined) {
        found.push({ path, relative, text });
        break;
      }
    }
  }
  return found.sort((a, b) => a.path.localeCompare(b.path));
}

function toProjectFile(
  projectName: string,
  entry: { path: string; relative: string; text: string },
) {
  const parts = entry.relative.split('/');
  const fileName = parts.pop()!;
  const name = fileName.replace(/\.(sql|csv)$/, '');
  return { name, path: entry.path, text: entry.text, fqn: [projectName, ...parts, name] };
}

function testsOf(entry: { tests?: TestDef[] | null; data_tests?: TestDef[] | null }): TestDef[] {
  return [...(entry.data_tests ?? []), ...(entry.tests ?? [])];
}

function nodeProperties(entry: NodeProperties, file: string): NodePropertiesInfo {
  return {
    file,
    config: entry.config ?? {},
    columns: (entry.columns ?? []).map((c) => ({ name: c.name, tests: testsOf(c) })),
    tests: testsOf(entry),
  };
}

function sourceTables(source: SourceYaml, file: string): SourceTable[] {
  return (source.tables ?? []).map((table) => ({
    sourceName: source.name,
    name: table.name,
    identifier: table.identifier ?? table.name,
    database: source.database ?? undefined,
    schema: source.schema ?? source.name,
    file,
    config: { ...(source.config ?? {}), ...(table.config ?? {}) },
    meta: { ...(source.meta ?? {}), ...(table.meta ?? {}) },
    columns: (table.columns ?? []).map((c) => ({ name: c.name, tests: testsOf(c) })),
    tests: testsOf(table),
  }));
}

function rejectDuplicates(items: ProjectFile[], kind: string): void {
  const seen = new Map<string, string>();
  for (const item of items) {
    const other = seen.get(item.name);
    if (other) {
      throw new ProjectError(
        `dbt found two ${kind} with the name "${item.name}": ${other} and ${item.path}. Rename one of them.`,
        item.path,
      );
    }
    seen.set(item.name, item.path);
  }
}

export function loadProject(input: ProjectFiles): Project {
  const files = normalizeFiles(input);
  const projectText = files[PROJECT_FILE];
  if (projectText === undefined) {
    throw new ProjectError(
      `No ${PROJECT_FILE} found at expected path ${PROJECT_FILE}. Verify that each entry within --project-dir contains a valid dbt project.`,
      PROJECT_FILE,
    );
  }
  const yaml = validate(projectFileSchema, parseYaml(projectText, PROJECT_FILE), PROJECT_FILE);
  const paths = {
    models: yaml['model-paths'] ?? yaml['source-paths'] ?? ['models'],
    seeds: yaml['seed-paths'] ?? yaml['data-paths'] ?? ['seeds'],
    tests: yaml['test-paths'] ?? ['tests'],
    macros: yaml['macro-paths'] ?? ['macros'],
  };
  const models = collect(files, paths.models, ['.sql']).map((e) => toProjectFile(yaml.name, e));
  const seeds = collect(files, paths.seeds, ['.csv']).map((e) => toProjectFile(yaml.name, e));
  rejectDuplicates([...models, ...seeds], 'resources');
  const singularTests = collect(files, paths.tests, ['.sql']).map((e) =>
    toProjectFile(yaml.name, e),
  );
  const macroFiles = collect(files, paths.macros, ['.sql']).map((e) => ({
    file: e.path,
    source: e.text,
  }));
  const macros = loadMacros(macroFiles, yaml.name);

  const modelProperties = new Map<string, NodePropertiesInfo>();
  const seedProperties = new Map<string, NodePropertiesInfo>();
  const sources: SourceTable[] = [];
  const propertyRoots = [...paths.models, ...paths.seeds];
  for (const entry of collect(files, propertyRoots, ['.yml', '.yaml'])) {
    const parsed = validate(propertiesFileSchema, parseYaml(entry.text, entry.path), entry.path);
    for (const [list, target, kind] of [
      [parsed.models, modelProperties, 'model'],
      [parsed.seeds, seedProperties, 'seed'],
    ] as const) {
      for (const item of list ?? []) {
        const previous = target.get(item.name);
        if (previous) {
          throw new ProjectError(
            `dbt found two property entries for the ${kind} "${item.name}" (in ${previous.file} and ${entry.path}).`,
            entry.path,
          );
        }
        target.set(item.name, nodeProperties(item, entry.path));
      }
    }
    for (const source of parsed.sources ?? []) {
      for (const table of sourceTables(source, entry.path)) {
        if (sources.some((s) => s.sourceName === table.sourceName && s.name === table.name)) {
          throw new ProjectError(
            `dbt found two sources with the name "${table.sourceName}_${table.name}".`,
            entry.path,
          );
        }
        sources.push(table);
      }
    }
  }

  return {
    files,
    name: yaml.name,
    profile: yaml.profile,
    vars: yaml.vars ?? {},
    modelsTree: yaml.models ?? {},
    seedsTree: yaml.seeds ?? {},
    testsTree: yaml.data_tests ?? yaml.tests ?? {},
    models,
    seeds,
    singularTests,
    macroFiles,
    macros,
    modelProperties,
    seedProperties,
    sources,
    paths,
  };
}
