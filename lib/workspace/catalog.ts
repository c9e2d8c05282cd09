/**
 * The live database's relations and their columns, for the editor's column completion: what the
 * student's models and the raw tables really hold now, types included, not only what YAML documents.
 */
import type { Connection } from '@/lib/engine/connection';
import { KEPT_SCHEMA } from './kept-database';

export interface CatalogColumn {
  name: string;
  type: string;
}

export interface CatalogRelation {
  schema: string;
  name: string;
  columns: CatalogColumn[];
}

/** The lab's own bookkeeping schemas: not something a model reads. */
const HIDDEN_SCHEMAS = ['lab_full', 'lab_state', KEPT_SCHEMA, 'information_schema', 'pg_catalog'];

export async function readCatalog(connection: Connection): Promise<CatalogRelation[]> {
  const hidden = HIDDEN_SCHEMAS.map((s) => `'${s}'`).join(', ');
  const result = await connection.query<{
    table_schema: string;
    table_name: string;
    column_name: string;
    data_type: string;
  }>(
    `select table_schema, table_name, column_name, data_type
     from information_schema.columns
     where table_catalog = current_database() and table_schema not in (${hidden})
       and table_name not like '%__dbt_tmp%'
     order by table_schema, table_name, ordinal_position`,
    { maxRows: 20_000 },
  );
  const relations = new Map<string, CatalogRelation>();
  for (const row of result.rows) {
    const key = `${row.table_schema}.${row.table_name}`;
    let relation = relations.get(key);
    if (!relation) {
      relation = { schema: row.table_schema, name: row.table_name, columns: [] };
      relations.set(key, relation);
    }
    relation.columns.push({ name: row.column_name, type: row.data_type });
  }
  return [...relations.values()];
}
