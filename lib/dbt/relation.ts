/**
 * A relation as dbt-duckdb renders it: `"db"."schema"."identifier"`, each part double-quoted. Jinja
 * sees it as `this` / `ref()` / `source()`, with `.database`, `.schema`, `.identifier`, `.name`,
 * `.is_table`…, `.include(…)`, `.incorporate(…)` and `.render()` — and nothing else.
 */
import { HostObject, isDict, truthy, type Kwargs, type Value } from '@/lib/jinja';

export type RelationType = 'table' | 'view' | 'cte' | null;

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function part(kwargs: Kwargs, name: string, current: string | null): string | null {
  if (!kwargs.has(name)) return current;
  const value = kwargs.get(name);
  return value === null || value === undefined ? null : String(value);
}

export class Relation extends HostObject {
  readonly typeName = 'DuckDBRelation';

  constructor(
    readonly database: string | null,
    readonly schema: string | null,
    readonly identifier: string,
    readonly type: RelationType = null,
    /** Parts left out of the rendered name by `include(database=False)` and friends. */
    private readonly omit: { database?: boolean; schema?: boolean; identifier?: boolean } = {},
  ) {
    super();
  }

  get name(): string {
    return this.identifier;
  }

  render(): string {
    if (this.type === 'cte') return this.identifier;
    const parts: (string | null)[] = [
      this.omit.database ? null : this.database,
      this.omit.schema ? null : this.schema,
      this.omit.identifier ? null : this.identifier,
    ];
    return parts
      .filter((p): p is string => p !== null && p !== '')
      .map(quoteIdentifier)
      .join('.');
  }

  /** `schema.identifier`, unquoted: how the run log names a node. */
  displayName(): string {
    return this.schema ? `${this.schema}.${this.identifier}` : this.identifier;
  }

  withIdentifier(identifier: string): Relation {
    return new Relation(this.database, this.schema, identifier, this.type);
  }

  withType(type: RelationType): Relation {
    return new Relation(this.database, this.schema, this.identifier, type, this.omit);
  }

  override str(): string {
    return this.render();
  }

  toString(): string {
    return this.render();
  }

  override repr(): string {
    return `<DuckDBRelation ${this.render()}>`;
  }

  override equals(other: Value): boolean {
    return other instanceof Relation && other.render() === this.render();
  }

  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'database':
        return this.database;
      case 'schema':
        return this.schema;
      case 'identifier':
      case 'name':
      case 'table':
        return this.identifier;
      case 'type':
        return this.type;
      case 'is_table':
        return this.type === 'table';
      case 'is_view':
        return this.type === 'view';
      case 'is_cte':
        return this.type === 'cte';
      case 'is_materialized_view':
        return false;
      case 'render':
        return () => this.render();
      case 'quote':
        return () => this;
      case 'include':
        return (_args, kwargs) =>
          new Relation(this.database, this.schema, this.identifier, this.type, {
            database: kwargs.has('database')
              ? !truthy(kwargs.get('database')!)
              : this.omit.database,
            schema: kwargs.has('schema') ? !truthy(kwargs.get('schema')!) : this.omit.schema,
            identifier: kwargs.has('identifier')
              ? !truthy(kwargs.get('identifier')!)
              : this.omit.identifier,
          });
      case 'incorporate':
      case 'replace_path':
        return (_args, kwargs) => {
          const path = kwargs.get('path');
          const parts: Kwargs = isDict(path) ? (path as unknown as Kwargs) : kwargs;
          const type = kwargs.has('type')
            ? (String(kwargs.get('type')) as RelationType)
            : this.type;
          return new Relation(
            part(parts, 'database', this.database),
            part(parts, 'schema', this.schema),
            part(parts, 'identifier', this.identifier) ?? this.identifier,
            type,
            this.omit,
          );
        };
      case 'without_identifier':
        return () =>
          new Relation(this.database, this.schema, this.identifier, this.type, {
            ...this.omit,
            identifier: true,
          });
      default:
        return undefined;
    }
  }
}
