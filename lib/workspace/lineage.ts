/**
 * The project DAG for the workspace's Lineage tab: sources, seeds and models with their configured
 * materialization, read with the engine's own parse phase (so `config()` in the SQL and folder
 * configs in `dbt_project.yml` count exactly as they do in a run), then laid out left to right.
 * Pure: the parse phase renders Jinja with `execute = false` and never touches the database.
 */
import { JinjaError, ProjectError } from '@/lib/dbt/errors';
import { Graph } from '@/lib/dbt/graph';
import type { Invocation } from '@/lib/dbt/invocation';
import { buildManifest } from '@/lib/dbt/manifest/build-manifest';
import type { ManifestNode } from '@/lib/dbt/manifest/nodes';
import { loadProject } from '@/lib/dbt/project/load-project';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { uniqueKeyColumns } from '@/lib/grader/model-config';

export type LineageKind = 'source' | 'seed' | 'model';

export interface IncrementalSettings {
  /** As configured; dbt-duckdb's default (`delete+insert`) when none is given. */
  strategy: string;
  uniqueKey: string[];
}

export interface LineageNode {
  /** The manifest's unique id (`model.olist_dbt.fct_orders`). */
  id: string;
  /** `fct_orders`, or `olist.orders` for a source table. */
  name: string;
  kind: LineageKind;
  /** `view`, `table`, `incremental`, `ephemeral` (as configured), or `seed` / `source`. */
  materialized: string;
  incremental?: IncrementalSettings;
  /** The file to open: the model's SQL, the seed's CSV, the YAML that declares the source. */
  path: string;
  parents: string[];
  children: string[];
  /** Longest path from a root. */
  column: number;
  /** Position inside the column, top to bottom. */
  row: number;
  /** Top-left corner of the node's box. */
  x: number;
  y: number;
}

export interface LineageEdge {
  from: string;
  to: string;
  /** SVG path data: a curve from the parent's right side to the child's left side. */
  d: string;
}

export interface Lineage {
  nodes: LineageNode[];
  edges: LineageEdge[];
  nodeWidth: number;
  nodeHeight: number;
  width: number;
  height: number;
}

export const NODE_HEIGHT = 46;
const MIN_NODE_WIDTH = 150;
/** Rough width of one character of the node label at the panel's 12px font. */
const CHAR_WIDTH = 7.2;
const GAP_X = 70;
const GAP_Y = 18;
const MARGIN = 16;
const SWEEPS = 6;

/** The parse phase takes a connection it never uses; this one says so if that ever changes. */
const NO_DATABASE: Connection = {
  adapter: 'wasm',
  query: () => Promise.reject(new Error('The lineage view does not query the database.')),
  exec: () => Promise.reject(new Error('The lineage view does not query the database.')),
  cancel: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

function parseInvocation(files: ProjectFiles): Invocation {
  const project = loadProject(files);
  const now = new Date();
  const schema = 'main';
  return {
    project,
    connection: NO_DATABASE,
    database: 'memory',
    schema,
    targetName: 'dev',
    target: {
      name: 'dev',
      target_name: 'dev',
      schema,
      database: 'memory',
      type: 'duckdb',
      threads: 1,
      profile_name: project.profile ?? project.name,
    },
    cliVars: {},
    runStartedAt: now,
    now: () => now,
    wallClock: () => now,
    fullRefresh: false,
    profile: false,
    which: 'compile',
    invocationId: 'lineage',
    log: () => undefined,
  };
}

/** A message that always says which file (and line, when known) is at fault. */
export function describeError(error: unknown): string {
  if (error instanceof ProjectError || error instanceof JinjaError) {
    const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ''}` : '';
    const named = error.file ? error.message.includes(error.file) : true;
    return named || !where ? error.message : `${where}: ${error.message}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `The project could not be read: ${message}`;
}

function incrementalSettings(config: Record<string, unknown>): IncrementalSettings {
  const raw = config.incremental_strategy;
  const strategy =
    raw === undefined || raw === null || raw === 'default' ? 'delete+insert' : String(raw);
  return { strategy, uniqueKey: uniqueKeyColumns(config) };
}

function toNode(node: ManifestNode): Omit<LineageNode, 'column' | 'row' | 'x' | 'y'> | null {
  const base = { id: node.uniqueId, path: node.file, parents: [], children: [] };
  if (node.resourceType === 'source') {
    return {
      ...base,
      name: `${node.sourceName}.${node.name}`,
      kind: 'source',
      materialized: 'source',
    };
  }
  if (node.resourceType === 'seed')
    return { ...base, name: node.name, kind: 'seed', materialized: 'seed' };
  if (node.resourceType !== 'model') return null; // tests are not part of the picture
  return {
    ...base,
    name: node.name,
    kind: 'model',
    materialized: node.materialized,
    ...(node.materialized === 'incremental'
      ? { incremental: incrementalSettings(node.config) }
      : {}),
  };
}

type Related = Pick<LineageNode, 'parents' | 'children'>;

const KIND_ORDER: Record<LineageKind, number> = { source: 0, seed: 1, model: 2 };

/** Column of each node: the longest path from a root, so every edge points to the right. */
function columnsOf(ids: string[], parents: Map<string, string[]>): Map<string, number> {
  const column = new Map<string, number>();
  const visit = (id: string): number => {
    const known = column.get(id);
    if (known !== undefined) return known;
    const ps = parents.get(id) ?? [];
    const value = ps.length === 0 ? 0 : Math.max(...ps.map(visit)) + 1;
    column.set(id, value);
    return value;
  };
  ids.forEach(visit);
  return column;
}

/** Edge crossings between each pair of neighbouring columns, edges taken as straight lines. */
export function countCrossings(
  edges: { from: string; to: string }[],
  column: Map<string, number>,
  rank: Map<string, number>,
): number {
  const at = (e: { from: string; to: string }, c: number) => {
    const c0 = column.get(e.from)!;
    const c1 = column.get(e.to)!;
    const r0 = rank.get(e.from)!;
    const r1 = rank.get(e.to)!;
    return r0 + ((r1 - r0) * (c - c0)) / (c1 - c0);
  };
  let crossings = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const a = edges[i]!;
      const b = edges[j]!;
      const start = Math.max(column.get(a.from)!, column.get(b.from)!);
      const end = Math.min(column.get(a.to)!, column.get(b.to)!);
      for (let c = start; c < end; c++) {
        const before = at(a, c) - at(b, c);
        const after = at(a, c + 1) - at(b, c + 1);
        if (before * after < 0) crossings++;
      }
    }
  }
  return crossings;
}

/**
 * Rows inside each column: start from kind and name, then sweep left to right (by the mean position
 * of the parents) and back (of the children), keeping the order with the fewest crossings. Positions
 * are taken relative to the column's height so long edges and short columns compare fairly.
 */
function orderRows(
  nodes: Map<string, Omit<LineageNode, 'row' | 'x' | 'y'>>,
  edges: { from: string; to: string }[],
): string[][] {
  const columnOf = new Map([...nodes].map(([id, n]) => [id, n.column]));
  const count = Math.max(0, ...columnOf.values()) + 1;
  let layers: string[][] = Array.from({ length: count }, () => []);
  const sorted = [...nodes.values()].sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.name.localeCompare(b.name),
  );
  for (const node of sorted) layers[node.column]!.push(node.id);

  const rankOf = (ls: string[][]) => {
    const rank = new Map<string, number>();
    for (const layer of ls) layer.forEach((id, i) => rank.set(id, (i + 0.5) / layer.length));
    return rank;
  };
  const sweep = (ls: string[][], neighbours: (n: Related) => string[], order: number[]) => {
    const next = ls.map((l) => [...l]);
    for (const c of order) {
      const rank = rankOf(next);
      const key = (id: string, index: number) => {
        const ns = neighbours(nodes.get(id)!);
        if (ns.length === 0) return (index + 0.5) / next[c]!.length;
        return ns.reduce((sum, n) => sum + rank.get(n)!, 0) / ns.length;
      };
      next[c] = next[c]!.map((id, i) => ({ id, k: key(id, i), i }))
        .sort((a, b) => a.k - b.k || a.i - b.i)
        .map((e) => e.id);
    }
    return next;
  };

  const forward = [...Array(count).keys()].slice(1);
  const backward = [...Array(count).keys()].reverse().slice(1);
  let best = layers;
  let bestCrossings = countCrossings(edges, columnOf, rankOf(layers));
  for (let i = 0; i < SWEEPS && bestCrossings > 0; i++) {
    layers = sweep(layers, (n) => n.parents, forward);
    layers = sweep(layers, (n) => n.children, backward);
    const crossings = countCrossings(edges, columnOf, rankOf(layers));
    if (crossings < bestCrossings) {
      best = layers;
      bestCrossings = crossings;
    }
  }
  return best;
}

function curve(from: LineageNode, to: LineageNode, width: number): string {
  const x1 = from.x + width;
  const y1 = from.y + NODE_HEIGHT / 2;
  const x2 = to.x;
  const y2 = to.y + NODE_HEIGHT / 2;
  const mid = (x1 + x2) / 2;
  return `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`;
}

/** Places the nodes: columns left to right, each column centred on the tallest one. */
function layout(
  nodes: Map<string, Omit<LineageNode, 'row' | 'x' | 'y'>>,
  edges: { from: string; to: string }[],
): Lineage {
  const layers = orderRows(nodes, edges);
  const longest = Math.max(0, ...[...nodes.values()].map((n) => n.name.length));
  const nodeWidth = Math.max(MIN_NODE_WIDTH, Math.ceil(longest * CHAR_WIDTH + 28));
  const tallest = Math.max(0, ...layers.map((l) => l.length));
  const pitch = NODE_HEIGHT + GAP_Y;
  const placed = new Map<string, LineageNode>();
  layers.forEach((layer, c) => {
    const offset = ((tallest - layer.length) * pitch) / 2;
    layer.forEach((id, row) => {
      placed.set(id, {
        ...nodes.get(id)!,
        row,
        x: MARGIN + c * (nodeWidth + GAP_X),
        y: MARGIN + offset + row * pitch,
      });
    });
  });
  const ordered = layers.flat().map((id) => placed.get(id)!);
  return {
    nodes: ordered,
    edges: edges.map((e) => ({
      ...e,
      d: curve(placed.get(e.from)!, placed.get(e.to)!, nodeWidth),
    })),
    nodeWidth,
    nodeHeight: NODE_HEIGHT,
    width:
      layers.length === 0
        ? 0
        : 2 * MARGIN + layers.length * nodeWidth + (layers.length - 1) * GAP_X,
    height: tallest === 0 ? 0 : 2 * MARGIN + tallest * pitch - GAP_Y,
  };
}

/** The project's DAG, laid out; `{ error }` naming the file when the project cannot be parsed. */
export async function buildLineage(files: ProjectFiles): Promise<Lineage | { error: string }> {
  try {
    const manifest = await buildManifest(parseInvocation(files));
    Graph.fromManifest(manifest).assertAcyclic();
    const nodes = new Map<string, Omit<LineageNode, 'row' | 'x' | 'y'>>();
    const found = [...manifest.nodes.values()]
      .map(toNode)
      .filter((n) => n !== null)
      .sort((a, b) => a.id.localeCompare(b.id));
    const edges: { from: string; to: string }[] = [];
    for (const node of found) {
      for (const parent of manifest.nodes.get(node.id)!.dependsOn) {
        edges.push({ from: parent, to: node.id });
        node.parents.push(parent);
        found.find((n) => n.id === parent)?.children.push(node.id);
      }
    }
    const parents = new Map(found.map((n) => [n.id, n.parents]));
    const column = columnsOf(
      found.map((n) => n.id),
      parents,
    );
    for (const node of found) nodes.set(node.id, { ...node, column: column.get(node.id)! });
    return layout(nodes, edges);
  } catch (error) {
    return { error: describeError(error) };
  }
}

export function isLineageError(value: Lineage | { error: string }): value is { error: string } {
  return 'error' in value;
}

/** The node a file defines (a model's SQL, a seed's CSV); sources share their YAML, so none. */
export function nodeForPath(lineage: Lineage, path: string): LineageNode | undefined {
  return lineage.nodes.find((n) => n.kind !== 'source' && n.path === path);
}

/** Every node upstream (ancestors) and downstream (descendants) of `id`. */
export function relatives(lineage: Lineage, id: string): { up: Set<string>; down: Set<string> } {
  const byId = new Map(lineage.nodes.map((n) => [n.id, n]));
  const walk = (start: string, next: (n: LineageNode) => string[]) => {
    const seen = new Set<string>();
    const stack = [...next(byId.get(start)!)];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...next(byId.get(id)!));
    }
    return seen;
  };
  if (!byId.has(id)) return { up: new Set(), down: new Set() };
  return { up: walk(id, (n) => n.parents), down: walk(id, (n) => n.children) };
}

/** `incremental (delete+insert, unique_key order_id)`, or just `view`. */
export function materializationLabel(node: LineageNode): string {
  if (!node.incremental) return node.materialized;
  const { strategy, uniqueKey } = node.incremental;
  const key = uniqueKey.length > 0 ? `unique_key ${uniqueKey.join(', ')}` : 'no unique_key';
  return `${node.materialized} (${strategy}, ${key})`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `fct_orders — incremental (delete+insert, unique_key order_id) · 3 parents · 0 children`. */
export function describeNode(node: LineageNode): string {
  const children = `${node.children.length} ${node.children.length === 1 ? 'child' : 'children'}`;
  return `${node.name} — ${materializationLabel(node)} · ${plural(node.parents.length, 'parent')} · ${children}`;
}
