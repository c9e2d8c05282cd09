/**
 * Generic tests from property files (`unique`, `not_null`, `accepted_values`, `relationships`) on
 * models, seeds and sources, named the way dbt names them (`unique_fct_orders_order_id`).
 */
import { ProjectError } from '../errors';
import type { Invocation } from '../invocation';
import { configFromTree, mergeConfig, tagsOf, type NodeConfig } from '../project/config';
import type { NodePropertiesInfo } from '../project/load-project';
import type { TestDef } from '../project/schemas';
import type { GenericTestSpec, Manifest, TestNode } from './nodes';

const BUILT_IN = new Set(['unique', 'not_null', 'accepted_values', 'relationships']);
const CONFIG_KEYS = new Set([
  'severity',
  'where',
  'enabled',
  'tags',
  'error_if',
  'warn_if',
  'limit',
  'store_failures',
  'meta',
]);

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** dbt's generated test name: `<test>_<target>_<flattened args>`, shortened past 63 characters. */
export function testName(
  test: string,
  targetName: string,
  args: Record<string, unknown>,
  isSource: boolean,
): string {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    const value = args[key];
    const parts =
      value && typeof value === 'object'
        ? Array.isArray(value)
          ? value
          : Object.values(value)
        : [value];
    flat.push(...parts.map((p) => String(p).replace(/[^0-9a-zA-Z_]+/g, '_')));
  }
  const prefix = isSource ? `source_${test}` : test;
  const full = `${prefix}_${targetName}_${flat.join('__')}`;
  return full.length >= 64 ? `${full.slice(0, 30)}_${hash(full)}` : full;
}

interface Owner {
  uniqueId: string;
  targetName: string;
  isSource: boolean;
  fqn: string[];
}

function parseDef(
  def: TestDef,
  file: string,
): { name: string; args: Record<string, unknown>; config: NodeConfig } {
  if (typeof def === 'string') return { name: def, args: {}, config: {} };
  const entries = Object.entries(def);
  if (entries.length !== 1) {
    throw new ProjectError(
      `Invalid test in ${file}: ${JSON.stringify(def)} (one test name per entry)`,
      file,
    );
  }
  const [name, body] = entries[0]!;
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const args: Record<string, unknown> = {};
  let config: NodeConfig = (raw.config as NodeConfig) ?? {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'config') continue;
    if (key === 'arguments' && value && typeof value === 'object') Object.assign(args, value);
    else if (CONFIG_KEYS.has(key)) config = { ...config, [key]: value };
    else args[key] = value;
  }
  return { name, args, config };
}

function refsIn(expression: string): { refs: string[]; sources: [string, string][] } {
  const refs = [...expression.matchAll(/ref\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  const sources = [
    ...expression.matchAll(/source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => [m[1]!, m[2]!] as [string, string]);
  return { refs, sources };
}

function buildTest(
  inv: Invocation,
  manifest: Manifest,
  owner: Owner,
  file: string,
  def: TestDef,
  column: string | undefined,
): TestNode {
  const { name, args, config } = parseDef(def, file);
  if (!BUILT_IN.has(name)) {
    throw new ProjectError(
      `Compilation Error in ${file}: the generic test '${name}' is not available (the lab has unique, not_null, accepted_values and relationships).`,
      file,
    );
  }
  const allArgs = column !== undefined ? { column_name: column, ...args } : args;
  const columnName = (allArgs.column_name as string | undefined) ?? undefined;
  if (name !== 'relationships' && name !== 'accepted_values' && !columnName) {
    throw new ProjectError(`The ${name} test in ${file} needs a column (column_name).`, file);
  }
  const dependsOn = [owner.uniqueId];
  if (name === 'relationships') {
    const to = String(allArgs.to ?? '');
    const found = refsIn(to);
    for (const ref of found.refs) {
      const id = manifest.refs.get(ref);
      if (!id)
        throw new ProjectError(
          `Test in ${file} depends on a node named '${ref}' which was not found`,
          file,
        );
      dependsOn.push(id);
    }
    for (const [s, t] of found.sources) {
      const id = manifest.sources.get(`${s}.${t}`);
      if (!id)
        throw new ProjectError(
          `Test in ${file} depends on a source named '${s}.${t}' which was not found`,
          file,
        );
      dependsOn.push(id);
    }
    if (found.refs.length + found.sources.length === 0) {
      throw new ProjectError(
        `The relationships test in ${file} needs 'to: ref(...)' or 'to: source(...)'.`,
        file,
      );
    }
  }
  if (name === 'accepted_values' && !Array.isArray(allArgs.values)) {
    throw new ProjectError(`The accepted_values test in ${file} needs a list of 'values'.`, file);
  }
  const generatedName = testName(name, owner.targetName, allArgs, owner.isSource);
  const merged = mergeConfig(
    configFromTree(inv.project.testsTree, [inv.project.name, generatedName]),
    config,
  );
  const spec: GenericTestSpec = {
    testName: name as GenericTestSpec['testName'],
    attachedTo: owner.uniqueId,
    column: columnName,
    args: allArgs,
  };
  return {
    resourceType: 'test',
    uniqueId: `test.${inv.project.name}.${generatedName}`,
    name: generatedName,
    file,
    fqn: [...owner.fqn.slice(0, -1), generatedName],
    config: merged,
    tags: tagsOf(merged),
    dependsOn: [...new Set(dependsOn)],
    generic: spec,
  };
}

function testsFor(
  inv: Invocation,
  manifest: Manifest,
  owner: Owner,
  props: { file: string; columns: NodePropertiesInfo['columns']; tests: TestDef[] },
): TestNode[] {
  const out: TestNode[] = [];
  for (const column of props.columns) {
    for (const def of column.tests)
      out.push(buildTest(inv, manifest, owner, props.file, def, column.name));
  }
  for (const def of props.tests)
    out.push(buildTest(inv, manifest, owner, props.file, def, undefined));
  return out;
}

export function genericTests(inv: Invocation, manifest: Manifest): TestNode[] {
  const out: TestNode[] = [];
  const { project } = inv;
  for (const [props, kind] of [
    [project.modelProperties, 'model'],
    [project.seedProperties, 'seed'],
  ] as const) {
    for (const [name, info] of props) {
      const id = manifest.refs.get(name);
      const node = id ? manifest.nodes.get(id) : undefined;
      if (!node || node.resourceType !== kind) continue; // properties for a missing node: ignored
      out.push(
        ...testsFor(
          inv,
          manifest,
          { uniqueId: node.uniqueId, targetName: name, isSource: false, fqn: node.fqn },
          info,
        ),
      );
    }
  }
  for (const table of project.sources) {
    const id = manifest.sources.get(`${table.sourceName}.${table.name}`)!;
    const owner = {
      uniqueId: id,
      targetName: `${table.sourceName}_${table.name}`,
      isSource: true,
      fqn: [project.name, table.sourceName, table.name],
    };
    out.push(...testsFor(inv, manifest, owner, table));
  }
  return out;
}
