/**
 * The DAG of a manifest: parents/children, ancestors/descendants for `+` selectors, a cycle check
 * with dbt's message, and a deterministic run order.
 */
import { ProjectError } from './errors';
import type { Manifest } from './manifest/nodes';

export class Graph {
  readonly parents = new Map<string, Set<string>>();
  readonly children = new Map<string, Set<string>>();

  constructor(ids: Iterable<string>, edges: Iterable<[parent: string, child: string]>) {
    for (const id of ids) {
      this.parents.set(id, new Set());
      this.children.set(id, new Set());
    }
    for (const [parent, child] of edges) this.addEdge(parent, child);
  }

  static fromManifest(manifest: Manifest): Graph {
    const edges: [string, string][] = [];
    for (const node of manifest.nodes.values()) {
      for (const parent of node.dependsOn) edges.push([parent, node.uniqueId]);
    }
    return new Graph(manifest.nodes.keys(), edges);
  }

  addEdge(parent: string, child: string): void {
    if (parent === child) return;
    this.parents.get(child)?.add(parent);
    this.children.get(parent)?.add(child);
  }

  private walk(start: string, next: Map<string, Set<string>>, depth = Infinity): Set<string> {
    const seen = new Set<string>();
    let frontier = [start];
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const following: string[] = [];
      for (const id of frontier) {
        for (const other of next.get(id) ?? []) {
          if (!seen.has(other)) {
            seen.add(other);
            following.push(other);
          }
        }
      }
      frontier = following;
    }
    return seen;
  }

  ancestors(id: string, depth?: number): Set<string> {
    return this.walk(id, this.parents, depth);
  }

  descendants(id: string, depth?: number): Set<string> {
    return this.walk(id, this.children, depth);
  }

  /** Throws dbt's "Found a cycle" error when the graph is not a DAG. */
  assertAcyclic(): void {
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (id: string): string[] | undefined => {
      state.set(id, 'visiting');
      stack.push(id);
      for (const child of [...(this.children.get(id) ?? [])].sort()) {
        const s = state.get(child);
        if (s === 'visiting') return [...stack.slice(stack.indexOf(child)), child];
        if (s === undefined) {
          const cycle = visit(child);
          if (cycle) return cycle;
        }
      }
      stack.pop();
      state.set(id, 'done');
      return undefined;
    };
    for (const id of [...this.parents.keys()].sort()) {
      if (state.has(id)) continue;
      const cycle = visit(id);
      if (cycle) throw new ProjectError(`Found a cycle: ${cycle.join(' --> ')}`);
    }
  }

  /** The given nodes in dependency order (parents first); ties broken by name for stable logs. */
  order(ids: Set<string>): string[] {
    const indegree = new Map<string, number>();
    for (const id of ids) {
      let count = 0;
      for (const p of this.ancestorsWithin(id, ids)) if (ids.has(p)) count++;
      indegree.set(id, count);
    }
    const ready = [...ids].filter((id) => indegree.get(id) === 0).sort();
    const out: string[] = [];
    while (ready.length > 0) {
      const id = ready.shift()!;
      out.push(id);
      for (const child of this.childrenWithin(id, ids)) {
        const left = indegree.get(child)! - 1;
        indegree.set(child, left);
        if (left === 0) {
          ready.push(child);
          ready.sort();
        }
      }
    }
    return out;
  }

  /**
   * Selected parents of a node, looking through unselected nodes in between (so `a → b → c` with
   * only a and c selected still runs a before c).
   */
  private ancestorsWithin(id: string, ids: Set<string>): Set<string> {
    const found = new Set<string>();
    const stack = [...(this.parents.get(id) ?? [])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      if (ids.has(p)) found.add(p);
      else stack.push(...(this.parents.get(p) ?? []));
    }
    return found;
  }

  private childrenWithin(id: string, ids: Set<string>): Set<string> {
    const found = new Set<string>();
    const stack = [...(this.children.get(id) ?? [])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      if (ids.has(c)) found.add(c);
      else stack.push(...(this.children.get(c) ?? []));
    }
    return found;
  }
}
