import { beforeAll, describe, expect, it } from 'vitest';
import { stretchProjectFiles, starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt/types';
import {
  buildLineage,
  countCrossings,
  describeNode,
  isLineageError,
  nodeForPath,
  relatives,
  type Lineage,
  type LineageNode,
} from './lineage';

const FCT = 'models/marts/fct_orders.sql';
let starter: ProjectFiles;
let solution: ProjectFiles;

beforeAll(async () => {
  starter = await starterProjectFiles();
  solution = await stretchProjectFiles();
});

async function lineageOf(files: ProjectFiles): Promise<Lineage> {
  const result = await buildLineage(files);
  if (isLineageError(result)) throw new Error(`unexpected error: ${result.error}`);
  return result;
}

function node(lineage: Lineage, name: string): LineageNode {
  const found = lineage.nodes.find((n) => n.name === name);
  if (!found) throw new Error(`no node ${name}`);
  return found;
}

const names = (lineage: Lineage, ids: Iterable<string>) =>
  [...ids].map((id) => lineage.nodes.find((n) => n.id === id)!.name).sort();

describe('lineage of the course project', () => {
  it('has the sources, the staging, intermediate and mart models, and no tests', async () => {
    const lineage = await lineageOf(starter);
    expect(lineage.nodes.filter((n) => n.kind === 'source').map((n) => n.name)).toEqual([
      'olist.customers',
      'olist.order_items',
      'olist.orders',
      'olist.payments',
      'olist.products',
    ]);
    expect(lineage.nodes.filter((n) => n.kind === 'model')).toHaveLength(10);
    expect(lineage.nodes.every((n) => n.kind !== ('test' as string))).toBe(true);
  });

  it('links fct_orders to the models it reads, and through them to the sources', async () => {
    const lineage = await lineageOf(starter);
    const fct = node(lineage, 'fct_orders');
    expect(names(lineage, fct.parents)).toEqual(['int_orders_enriched']);
    expect(names(lineage, node(lineage, 'int_orders_enriched').parents)).toEqual([
      'int_order_items_agg',
      'int_payments_agg',
      'stg_orders',
    ]);
    const { up, down } = relatives(lineage, fct.id);
    expect(names(lineage, up)).toEqual([
      'int_order_items_agg',
      'int_orders_enriched',
      'int_payments_agg',
      'olist.order_items',
      'olist.orders',
      'olist.payments',
      'stg_order_items',
      'stg_orders',
      'stg_payments',
    ]);
    expect(down.size).toBe(0);
  });

  it("follows the solution's fct_orders straight to the staging models", async () => {
    const lineage = await lineageOf(solution);
    expect(names(lineage, node(lineage, 'fct_orders').parents)).toEqual([
      'stg_order_items',
      'stg_orders',
      'stg_payments',
    ]);
    expect(names(lineage, node(lineage, 'stg_orders').children)).toEqual([
      'fct_orders',
      'int_orders_enriched',
    ]);
  });

  it('puts sources first and every edge pointing to a later column', async () => {
    const lineage = await lineageOf(starter);
    for (const n of lineage.nodes) expect(n.column === 0).toBe(n.kind === 'source');
    const column = new Map(lineage.nodes.map((n) => [n.id, n.column]));
    for (const e of lineage.edges) expect(column.get(e.to)!).toBeGreaterThan(column.get(e.from)!);
    // longest path: source → stg → int agg → int_orders_enriched → fct_orders
    expect(node(lineage, 'stg_orders').column).toBe(1);
    expect(node(lineage, 'int_orders_enriched').column).toBe(3);
    expect(node(lineage, 'fct_orders').column).toBe(4);
    expect(node(lineage, 'dim_customers').column).toBe(2);
  });

  it('reads materializations from the folder configs in dbt_project.yml', async () => {
    const lineage = await lineageOf(starter);
    expect(node(lineage, 'stg_orders').materialized).toBe('view');
    expect(node(lineage, 'int_orders_enriched').materialized).toBe('view');
    expect(node(lineage, 'fct_orders').materialized).toBe('table');
    expect(node(lineage, 'dim_customers').materialized).toBe('table');
    expect(node(lineage, 'olist.orders').materialized).toBe('source');
  });

  it('changes the fct_orders node when its config() makes it incremental', async () => {
    const before = node(await lineageOf(starter), 'fct_orders');
    expect(before.incremental).toBeUndefined();

    const after = node(await lineageOf(solution), 'fct_orders');
    expect(after.materialized).toBe('incremental');
    expect(after.incremental).toEqual({ strategy: 'delete+insert', uniqueKey: ['order_id'] });
    expect(describeNode(after)).toBe(
      'fct_orders — incremental (delete+insert, unique_key order_id) · 3 parents · 0 children',
    );

    const merge = `{{ config(materialized='incremental', incremental_strategy='merge', unique_key=['order_id', 'customer_id']) }}\n${starter[FCT]}`;
    const merged = node(await lineageOf({ ...starter, [FCT]: merge }), 'fct_orders');
    expect(merged.incremental).toEqual({
      strategy: 'merge',
      uniqueKey: ['order_id', 'customer_id'],
    });
  });

  it('lets config() and property files override the folder config', async () => {
    const lineage = await lineageOf({
      ...starter,
      'models/staging/stg_products.sql': `{{ config(materialized='ephemeral') }}\n${starter['models/staging/stg_products.sql']}`,
      'models/marts/schema.yml': `version: 2\nmodels:\n  - name: dim_customers\n    config:\n      materialized: view\n`,
    });
    expect(node(lineage, 'stg_products').materialized).toBe('ephemeral');
    expect(node(lineage, 'dim_customers').materialized).toBe('view');
  });

  it('shows seeds as roots that models can read', async () => {
    const lineage = await lineageOf({
      ...starter,
      'seeds/states.csv': 'code,name\nSP,São Paulo\n',
      'models/marts/dim_states.sql': "select * from {{ ref('states') }}",
    });
    const seed = node(lineage, 'states');
    expect(seed).toMatchObject({ kind: 'seed', materialized: 'seed', column: 0 });
    expect(names(lineage, seed.children)).toEqual(['dim_states']);
    expect(nodeForPath(lineage, 'seeds/states.csv')?.id).toBe(seed.id);
  });

  it('finds the node of the open file, but not for a YAML file', async () => {
    const lineage = await lineageOf(starter);
    expect(nodeForPath(lineage, FCT)?.name).toBe('fct_orders');
    expect(nodeForPath(lineage, 'models/staging/_sources.yml')).toBeUndefined();
  });
});

describe('lineage layout', () => {
  it('gives boxes that do not overlap and fit in the drawing', async () => {
    const lineage = await lineageOf(starter);
    const { nodeWidth: w, nodeHeight: h } = lineage;
    for (const a of lineage.nodes) {
      expect(a.x + w).toBeLessThanOrEqual(lineage.width);
      expect(a.y + h).toBeLessThanOrEqual(lineage.height);
      for (const b of lineage.nodes) {
        if (a === b) continue;
        const apart = a.x + w <= b.x || b.x + w <= a.x || a.y + h <= b.y || b.y + h <= a.y;
        expect(apart, `${a.name} overlaps ${b.name}`).toBe(true);
      }
    }
    expect(w).toBeGreaterThanOrEqual('int_order_items_agg'.length * 7);
  });

  it('draws each edge from the right side of the parent to the left side of the child', async () => {
    const lineage = await lineageOf(starter);
    const byId = new Map(lineage.nodes.map((n) => [n.id, n]));
    for (const e of lineage.edges) {
      const from = byId.get(e.from)!;
      const to = byId.get(e.to)!;
      expect(
        e.d.startsWith(`M ${from.x + lineage.nodeWidth} ${from.y + lineage.nodeHeight / 2} C`),
      ).toBe(true);
      expect(e.d.endsWith(`${to.x} ${to.y + lineage.nodeHeight / 2}`)).toBe(true);
    }
  });

  it('orders rows to remove crossings that name order would make', async () => {
    // By name, b_model (reading source z) would sit above z_model (reading source a): a crossing.
    const files = {
      'dbt_project.yml': 'name: demo\n',
      'models/sources.yml':
        'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: a\n      - name: z\n',
      'models/b_model.sql': "select * from {{ source('raw', 'z') }}",
      'models/z_model.sql': "select * from {{ source('raw', 'a') }}",
      'models/top.sql': "select * from {{ ref('b_model') }} join {{ ref('z_model') }} using (id)",
    };
    const lineage = await lineageOf(files);
    const column = new Map(lineage.nodes.map((n) => [n.id, n.column]));
    const rank = new Map(lineage.nodes.map((n) => [n.id, n.row]));
    expect(countCrossings(lineage.edges, column, rank)).toBe(0);
    expect(node(lineage, 'z_model').row).toBe(0);
    expect(node(lineage, 'b_model').row).toBe(1);
  });

  it('is the same for the same files', async () => {
    expect(await lineageOf(starter)).toEqual(await lineageOf({ ...starter }));
  });
});

describe('lineage of a broken project', () => {
  it('names the file with a Jinja syntax error instead of throwing', async () => {
    const result = await buildLineage({ ...starter, [FCT]: 'select {% if %} 1' });
    expect(isLineageError(result)).toBe(true);
    const { error } = result as { error: string };
    expect(error).toContain('models/marts/fct_orders.sql');
    expect(error).toMatch(/Compilation Error/);
  });

  it('names the YAML file that does not parse', async () => {
    const result = await buildLineage({
      ...starter,
      'models/marts/schema.yml': 'models:\n  - name: [\n',
    });
    expect(result).toEqual({ error: expect.stringContaining('models/marts/schema.yml') });
  });

  it('names the model whose ref points nowhere, and reports a cycle', async () => {
    const missing = await buildLineage({
      ...starter,
      [FCT]: "select * from {{ ref('fct_order') }}",
    });
    expect(missing).toEqual({
      error: expect.stringMatching(/fct_orders\.sql.*'fct_order' which was not found/),
    });
    const cycle = await buildLineage({
      ...starter,
      'models/staging/stg_orders.sql': "select * from {{ ref('fct_orders') }}",
    });
    expect(cycle).toEqual({ error: expect.stringContaining('Found a cycle') });
  });

  it('explains a missing dbt_project.yml', async () => {
    const rest = { ...starter };
    delete rest['dbt_project.yml'];
    expect(await buildLineage(rest)).toEqual({
      error: expect.stringContaining('No dbt_project.yml'),
    });
  });
});
