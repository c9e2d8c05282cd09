/**
 * dbt's parse phase: every model and singular test is rendered once with `execute = false` to
 * collect its `config()`, `ref()` and `source()` calls. A Jinja error here, an unknown ref or source,
 * or a bad config makes the whole project unparseable (exit code 2), as in dbt.
 */
import { JinjaError, ProjectError } from '../errors';
import type { Invocation } from '../invocation';
import { buildContext } from '../jinja/context';
import { renderTemplate } from '../jinja/environment';
import { configFromTree, mergeConfig, tagsOf, type NodeConfig } from '../project/config';
import type { ProjectFile } from '../project/load-project';
import { Relation } from '../relation';
import { isMicrobatch, microbatchConfig } from '../materialize/microbatch';
import { genericTests } from './generic-tests';
import { projectWarnings } from './project-warnings';
import type { Manifest, ManifestNode, ModelNode, SeedNode, SourceNode, TestNode } from './nodes';

interface ParseResult {
  config: NodeConfig;
  refs: string[];
  sources: [string, string][];
}

/** Renders `text` in parse mode and returns what it asked for. */
export async function parseRender(
  inv: Invocation,
  file: ProjectFile,
  resourceType: string,
  baseConfig: NodeConfig,
  thisRelation: Relation | null,
): Promise<ParseResult> {
  const result: ParseResult = { config: {}, refs: [], sources: [] };
  const context = buildContext({
    node: {
      uniqueId: '',
      name: file.name,
      file: file.path,
      resourceType,
      config: baseConfig,
      fqn: file.fqn,
    },
    projectName: inv.project.name,
    execute: false,
    isIncremental: false,
    shouldFullRefresh: false,
    thisRelation,
    ref: (name) => {
      result.refs.push(name);
      return new Relation(inv.database, inv.schema, name);
    },
    source: (sourceName, tableName) => {
      result.sources.push([sourceName, tableName]);
      return new Relation(inv.database, sourceName, tableName);
    },
    onConfig: (config) => (result.config = mergeConfig(result.config, config)),
    vars: { cli: inv.cliVars, project: inv.project.vars },
    target: inv.target,
    runStartedAt: inv.runStartedAt,
    now: inv.now,
    log: () => undefined,
    getRelation: () => null,
    invocationId: inv.invocationId,
    flags: { FULL_REFRESH: inv.fullRefresh, WHICH: inv.which },
    macros: inv.project.macros,
  });
  await renderTemplate(file.text, file.path, context, inv.project.macros);
  return result;
}

/** `schema` config ⇒ `<target schema>_<custom>` (dbt's default generate_schema_name). */
export function relationFor(inv: Invocation, name: string, config: NodeConfig): Relation {
  const custom = typeof config.schema === 'string' && config.schema ? config.schema : undefined;
  const schema = custom ? `${inv.schema}_${custom}` : inv.schema;
  const alias = typeof config.alias === 'string' && config.alias ? config.alias : name;
  const database =
    typeof config.database === 'string' && config.database ? config.database : inv.database;
  return new Relation(database, schema, alias);
}

async function renderField(inv: Invocation, value: string, file: string): Promise<string> {
  if (!value.includes('{{') && !value.includes('{%')) return value;
  const context = buildContext({
    node: { uniqueId: '', name: 'sources', file, resourceType: 'source', config: {} },
    projectName: inv.project.name,
    execute: false,
    isIncremental: false,
    shouldFullRefresh: false,
    thisRelation: null,
    ref: (name) => new Relation(null, null, name),
    source: (s, t) => new Relation(null, s, t),
    vars: { cli: inv.cliVars, project: inv.project.vars },
    target: inv.target,
    runStartedAt: inv.runStartedAt,
    now: inv.now,
    log: () => undefined,
    getRelation: () => null,
    invocationId: inv.invocationId,
    flags: {},
  });
  return (await renderTemplate(value, file, context)).trim();
}

async function sourceNodes(inv: Invocation): Promise<SourceNode[]> {
  const nodes: SourceNode[] = [];
  for (const table of inv.project.sources) {
    const database = table.database
      ? await renderField(inv, table.database, table.file)
      : inv.database;
    const schema = await renderField(inv, table.schema, table.file);
    const identifier = await renderField(inv, table.identifier, table.file);
    nodes.push({
      resourceType: 'source',
      uniqueId: `source.${inv.project.name}.${table.sourceName}.${table.name}`,
      name: table.name,
      sourceName: table.sourceName,
      file: table.file,
      fqn: [inv.project.name, table.sourceName, table.name],
      tags: tagsOf(table.config),
      config: table.config,
      relation: new Relation(database, schema, identifier, 'table'),
      dependsOn: [],
    });
  }
  return nodes;
}

function resolveDependencies(
  manifest: Manifest,
  owner: { uniqueId: string; file: string; resourceType: string },
  parsed: ParseResult,
): string[] {
  const label = `${owner.resourceType === 'test' ? 'Test' : 'Model'} '${owner.uniqueId}' (${owner.file})`;
  const deps: string[] = [];
  for (const name of parsed.refs) {
    const id = manifest.refs.get(name);
    if (!id) {
      throw new ProjectError(
        `${label} depends on a node named '${name}' which was not found`,
        owner.file,
        undefined,
        'jinja',
      );
    }
    deps.push(id);
  }
  for (const [sourceName, tableName] of parsed.sources) {
    const id = manifest.sources.get(`${sourceName}.${tableName}`);
    if (!id) {
      throw new ProjectError(
        `${label} depends on a source named '${sourceName}.${tableName}' which was not found`,
        owner.file,
        undefined,
        'jinja',
      );
    }
    deps.push(id);
  }
  return [...new Set(deps)];
}

function wrapJinja(error: unknown, file: ProjectFile, kind: string): never {
  if (error instanceof JinjaError) {
    const where = error.line ? `${error.file || file.path}:${error.line}` : error.file || file.path;
    throw new ProjectError(
      `Compilation Error in ${kind} ${file.name} (${file.path})\n  ${where}: ${error.message}`,
      error.file || file.path,
      error.line,
      'jinja',
    );
  }
  throw error;
}

export async function buildManifest(inv: Invocation): Promise<Manifest> {
  const { project } = inv;
  const manifest: Manifest = { project, nodes: new Map(), refs: new Map(), sources: new Map() };
  for (const source of await sourceNodes(inv)) {
    manifest.nodes.set(source.uniqueId, source);
    manifest.sources.set(`${source.sourceName}.${source.name}`, source.uniqueId);
  }

  const disabled = new Set<string>();
  const seeds: SeedNode[] = [];
  for (const file of project.seeds) {
    const props = project.seedProperties.get(file.name);
    const config = mergeConfig(configFromTree(project.seedsTree, file.fqn), props?.config ?? {});
    if (config.enabled === false) {
      disabled.add(file.name);
      continue;
    }
    const node: SeedNode = {
      resourceType: 'seed',
      uniqueId: `seed.${project.name}.${file.name}`,
      name: file.name,
      file: file.path,
      fqn: file.fqn,
      config,
      tags: tagsOf(config),
      dependsOn: [],
      csv: file.text,
      relation: relationFor(inv, file.name, config).withType('table'),
    };
    seeds.push(node);
    manifest.refs.set(node.name, node.uniqueId);
  }

  const parsedModels: { node: ModelNode; parsed: ParseResult }[] = [];
  for (const file of project.models) {
    const props = project.modelProperties.get(file.name);
    const base = mergeConfig(configFromTree(project.modelsTree, file.fqn), props?.config ?? {});
    let parsed: ParseResult;
    try {
      parsed = await parseRender(inv, file, 'model', base, relationFor(inv, file.name, base));
    } catch (error) {
      wrapJinja(error, file, 'model');
    }
    const config = mergeConfig(
      mergeConfig(base, parsed.config),
      (inv.modelConfig?.[file.name] ?? {}) as NodeConfig,
    );
    if (config.enabled === false) {
      disabled.add(file.name);
      continue;
    }
    const materialized = typeof config.materialized === 'string' ? config.materialized : 'view';
    config.materialized = materialized;
    if (isMicrobatch(config)) microbatchConfig(file.name, file.path, config);
    const node: ModelNode = {
      resourceType: 'model',
      uniqueId: `model.${project.name}.${file.name}`,
      name: file.name,
      file: file.path,
      fqn: file.fqn,
      config,
      tags: tagsOf(config),
      dependsOn: [],
      raw: file.text,
      materialized,
      relation: relationFor(inv, file.name, config),
    };
    parsedModels.push({ node, parsed });
    manifest.refs.set(node.name, node.uniqueId);
  }

  for (const seed of seeds) manifest.nodes.set(seed.uniqueId, seed);
  for (const { node, parsed } of parsedModels) {
    node.dependsOn = resolveDependencies(manifest, node, parsed);
    manifest.nodes.set(node.uniqueId, node);
  }

  for (const file of project.singularTests) {
    const config = configFromTree(project.testsTree, file.fqn);
    let parsed: ParseResult;
    try {
      parsed = await parseRender(inv, file, 'test', config, null);
    } catch (error) {
      wrapJinja(error, file, 'test');
    }
    const merged = mergeConfig(config, parsed.config);
    if (merged.enabled === false) continue;
    const node: TestNode = {
      resourceType: 'test',
      uniqueId: `test.${project.name}.${file.name}`,
      name: file.name,
      file: file.path,
      fqn: file.fqn,
      config: merged,
      tags: tagsOf(merged),
      dependsOn: [],
      raw: file.text,
    };
    node.dependsOn = resolveDependencies(manifest, node, parsed);
    manifest.nodes.set(node.uniqueId, node);
  }

  for (const test of genericTests(inv, manifest)) {
    if (!manifest.nodes.has(test.uniqueId)) manifest.nodes.set(test.uniqueId, test);
  }
  for (const warning of projectWarnings(manifest, disabled)) inv.log(warning);
  return manifest;
}

export type { ManifestNode };
