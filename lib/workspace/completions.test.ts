import { describe, expect, it } from 'vitest';
import { completionsAt } from './completions';

const files = {
  'dbt_project.yml': 'name: lab\nversion: "1.0.0"\nprofile: lab\n',
  'models/staging/stg_orders.sql': "select * from {{ source('olist', 'orders') }}",
  'models/marts/fct_orders.sql': "select * from {{ ref('stg_orders') }}",
  'models/staging/_sources.yml': `version: 2
sources:
  - name: olist
    schema: raw
    tables:
      - name: orders
        columns:
          - name: order_purchase_timestamp
      - name: payments
`,
  'models/marts/schema.yml': `version: 2
models:
  - name: fct_orders
    columns:
      - name: order_id
`,
};

const labels = (line: string) => completionsAt(files, line).map((s) => `${s.kind}:${s.label}`);

describe('editor completions', () => {
  it('offers models in ref and sources and their tables in source', () => {
    expect(labels("from {{ ref('st")).toEqual(['model:fct_orders', 'model:stg_orders']);
    expect(labels('from {{ source("')).toEqual(['source:olist']);
    expect(labels("from {{ source('olist', '")).toEqual(['table:orders', 'table:payments']);
    expect(labels("from {{ source('nope', '")).toEqual([]);
  });

  it('offers Jinja names inside an open tag, documented columns elsewhere', () => {
    expect(labels('{% if is_')).toContain('jinja:is_incremental');
    expect(labels("{{ config(materialized='table') }} select ")).toEqual([
      'column:order_id',
      'column:order_purchase_timestamp',
    ]);
  });

  it('offers nothing while the project YAML is broken', () => {
    expect(completionsAt({ ...files, 'dbt_project.yml': 'name: [' }, "ref('")).toEqual([]);
  });
});

describe('column completion from the database', () => {
  it('offers the columns of the live relations with their types, the project’s own first', () => {
    const catalog = [
      { schema: 'main', name: 'scratch', columns: [{ name: 'note', type: 'VARCHAR' }] },
      {
        schema: 'raw',
        name: 'orders',
        columns: [
          { name: 'order_id', type: 'VARCHAR' },
          { name: 'order_purchase_timestamp', type: 'TIMESTAMP' },
        ],
      },
    ];
    const found = completionsAt(files, 'select ', catalog).filter((s) => s.kind === 'column');
    expect(found.map((s) => s.label)).toEqual(['order_id', 'order_purchase_timestamp', 'note']);
    expect(found[0]!.detail).toBe('VARCHAR · raw.orders');
    // inside ref('…') it is still models only
    expect(completionsAt(files, "{{ ref('", catalog).every((s) => s.kind === 'model')).toBe(true);
  });
});
