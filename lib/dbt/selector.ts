/**
 * Node selection as dbt does it: `-s` / `--exclude` take space-separated criteria (union), each
 * criterion may be a comma-separated intersection; a criterion is `[N]+][@]method:value[+[N]]` with
 * methods `fqn` (the default: a name, a folder, `stg_*`), `path`, `tag`, `source`, `resource_type`,
 * `config.<key>` and `test_type`.
 */
import { UsageError } from './errors';
import type { Graph } from './graph';
import type { Manifest, ManifestNode } from './manifest/nodes';

const METHODS = new Set(['fqn', 'path', 'file', 'tag', 'source', 'resource_type', 'test_type']);

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

function globMatch(value: string, pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?')
    ? globToRegExp(pattern).test(value)
    : value === pattern;
}

function fqnMatch(fqn: string[], selector: string): boolean {
  if (globMatch(fqn[fqn.length - 1]!, selector)) return true;
  const parts = selector.split('.');
  if (parts.length > fqn.length) return false;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '*') return true;
    if (!globMatch(fqn[i]!, parts[i]!)) return false;
  }
  return true;
}

function pathMatch(file: string, selector: string): boolean {
  const clean = selector.replace(/^\.\//, '').replace(/\/+$/, '');
  if (clean === '' || clean === '.') return true;
  if (globMatch(file, clean)) return true;
  return file.startsWith(`${clean}/`);
}

function methodMatches(
  node: ManifestNode,
  method: string,
  value: string,
  project: string,
): boolean {
  switch (method) {
    case 'fqn':
      return (
        fqnMatch(node.fqn, value) || (node.fqn[0] === project && fqnMatch(node.fqn.slice(1), value))
      );
    case 'path':
      return pathMatch(node.file, value);
    case 'file':
      return (
        globMatch(node.file.split('/').pop()!, value) ||
        globMatch(
          node.file
            .split('/')
            .pop()!
            .replace(/\.\w+$/, ''),
          value,
        )
      );
    case 'tag':
      return node.tags.some((tag) => globMatch(tag, value));
    case 'source': {
      if (node.resourceType !== 'source') return false;
      const [source, table] = value.split('.');
      return (
        globMatch(node.sourceName, source!) && (table === undefined || globMatch(node.name, table))
      );
    }
    case 'resource_type':
      return node.resourceType === value || (value === 'test' && node.resourceType === 'test');
    case 'test_type':
      if (node.resourceType !== 'test') return false;
      return value === 'generic'
        ? Boolean(node.generic)
        : value === 'singular'
          ? !node.generic
          : false;
    default: {
      const key = method.slice('config.'.length);
      const configValue = node.config[key];
      if (Array.isArray(configValue)) return configValue.map(String).includes(value);
      return configValue !== undefined && globMatch(String(configValue), value);
    }
  }
}

interface Criterion {
  parents: number;
  children: number;
  at: boolean;
  method: string;
  value: string;
}

export function parseCriterion(text: string): Criterion {
  const match = /^(@)?(?:(\d*)\+)?(.+?)(?:\+(\d*))?$/.exec(text);
  if (!match || !match[3]) throw new UsageError(`Invalid selector: '${text}'`);
  const body = match[3];
  const colon = body.indexOf(':');
  let method = 'fqn';
  let value = body;
  if (colon > 0) {
    method = body.slice(0, colon);
    value = body.slice(colon + 1);
    if (!METHODS.has(method) && !/^config\.\w+$/.test(method)) {
      throw new UsageError(
        `'${method}' is not a valid method name in selector '${text}'. Use a name, path:, tag:, source:, resource_type:, config.<key>: or test_type:.`,
      );
    }
  } else if (body.includes('/') || /\.(sql|csv|ya?ml)$/.test(body)) {
    method = 'path';
  }
  if (value === '') throw new UsageError(`Invalid selector: '${text}' has no value`);
  const plusDepth = (digits: string | undefined, present: boolean) =>
    !present ? 0 : digits ? Number(digits) : Infinity;
  const hasParents = text.slice(match[1] ? 1 : 0).match(/^\d*\+/) !== null;
  const hasChildren = /\+\d*$/.test(text);
  return {
    at: Boolean(match[1]),
    parents: plusDepth(match[2], hasParents),
    children: plusDepth(match[4], hasChildren),
    method,
    value,
  };
}

function applyCriterion(manifest: Manifest, graph: Graph, criterion: Criterion): Set<string> {
  const base = new Set<string>();
  for (const node of manifest.nodes.values()) {
    if (methodMatches(node, criterion.method, criterion.value, manifest.project.name))
      base.add(node.uniqueId);
  }
  const out = new Set(base);
  for (const id of base) {
    if (criterion.parents > 0) for (const a of graph.ancestors(id, criterion.parents)) out.add(a);
    if (criterion.children > 0 || criterion.at) {
      for (const d of graph.descendants(id, criterion.at ? Infinity : criterion.children)) {
        out.add(d);
        if (criterion.at) for (const a of graph.ancestors(d)) out.add(a);
      }
    }
  }
  return out;
}

/**
 * dbt's eager indirect selection, per criterion: a test comes with any node it tests, so
 * `fct_orders` selects its tests and `resource_type:test,fct_orders` selects only those.
 */
function withEagerTests(manifest: Manifest, ids: Set<string>): Set<string> {
  const out = new Set(ids);
  for (const node of manifest.nodes.values()) {
    if (node.resourceType === 'test' && node.dependsOn.some((parent) => ids.has(parent))) {
      out.add(node.uniqueId);
    }
  }
  return out;
}

/** Splits `-s` values into criteria: several flags, or several names in one quoted value. */
export function splitSelectors(values: string[]): string[] {
  return values.flatMap((v) => v.split(/\s+/)).filter(Boolean);
}

function suggestion(manifest: Manifest, value: string): string {
  let best: { name: string; distance: number } | undefined;
  for (const node of manifest.nodes.values()) {
    const d = editDistance(node.name, value);
    if (d <= 3 && (!best || d < best.distance)) best = { name: node.name, distance: d };
  }
  return best ? ` Did you mean '${best.name}'?` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

export interface Selection {
  selected: Set<string>;
  warnings: string[];
}

/** Nodes chosen by `--select` (everything when empty) minus `--exclude`. */
export function selectNodes(
  manifest: Manifest,
  graph: Graph,
  select: string[],
  exclude: string[],
): Selection {
  const warnings: string[] = [];
  const evaluate = (texts: string[]): Set<string> => {
    const union = new Set<string>();
    for (const text of splitSelectors(texts)) {
      let intersection: Set<string> | undefined;
      for (const part of text.split(',').filter(Boolean)) {
        const ids = withEagerTests(manifest, applyCriterion(manifest, graph, parseCriterion(part)));
        intersection = intersection ? new Set([...intersection].filter((id) => ids.has(id))) : ids;
      }
      if (!intersection || intersection.size === 0) {
        warnings.push(
          `The selection criterion '${text}' does not match any enabled nodes.${suggestion(manifest, text.replace(/^\d*\+|\+\d*$/g, ''))}`,
        );
      }
      for (const id of intersection ?? []) union.add(id);
    }
    return union;
  };
  const selected =
    splitSelectors(select).length > 0 ? evaluate(select) : new Set(manifest.nodes.keys());
  if (splitSelectors(exclude).length > 0) {
    for (const id of evaluate(exclude)) selected.delete(id);
  }
  return { selected, warnings };
}
