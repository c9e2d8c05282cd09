/**
 * What exists in the database, as dbt's relation cache knows it: read from
 * `information_schema.tables` (BASE TABLE → table, VIEW → view). `is_incremental()` and
 * `adapter.get_relation` answer from it, synchronously, inside Jinja.
 */
import type { Connection } from '@/lib/engine/connection';
import { quoteLiteral, Relation, type RelationType } from './relation';

export class RelationCache {
  private readonly entries = new Map<string, Relation>();

  static key(database: string | null, schema: string | null, identifier: string): string {
    return `${database ?? ''}.${schema ?? ''}.${identifier}`.toLowerCase();
  }

  add(relation: Relation): void {
    this.entries.set(
      RelationCache.key(relation.database, relation.schema, relation.identifier),
      relation,
    );
  }

  get(database: string | null, schema: string | null, identifier: string): Relation | null {
    return this.entries.get(RelationCache.key(database, schema, identifier)) ?? null;
  }

  /** The existing relation behind `relation`, with its actual type, or null. */
  lookup(relation: Relation): Relation | null {
    return this.get(relation.database, relation.schema, relation.identifier);
  }

  static async load(connection: Connection, database: string): Promise<RelationCache> {
    const cache = new RelationCache();
    const result = await connection.query<{
      table_schema: string;
      table_name: string;
      table_type: string;
    }>(
      `select table_schema, table_name, table_type from information_schema.tables where table_catalog = ${quoteLiteral(database)}`,
    );
    for (const row of result.rows) {
      const type: RelationType = row.table_type === 'VIEW' ? 'view' : 'table';
      cache.add(new Relation(database, row.table_schema, row.table_name, type));
    }
    return cache;
  }
}
