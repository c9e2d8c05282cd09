/**
 * A relation as dbt-duckdb renders it: `"db"."schema"."identifier"`, each part double-quoted. Jinja
 * sees it as `this` / `ref()` / `source()`, with `.database`, `.schema`, `.identifier`, `.name`.
 */

export type RelationType = 'table' | 'view' | 'cte' | null;

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** A SQL string literal. */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export class Relation {
  constructor(
    readonly database: string | null,
    readonly schema: string | null,
    readonly identifier: string,
    readonly type: RelationType = null,
  ) {}

  get name(): string {
    return this.identifier;
  }

  get table(): string {
    return this.identifier;
  }

  get is_table(): boolean {
    return this.type === 'table';
  }

  get is_view(): boolean {
    return this.type === 'view';
  }

  get is_cte(): boolean {
    return this.type === 'cte';
  }

  render(): string {
    if (this.type === 'cte') return this.identifier;
    return [this.database, this.schema, this.identifier]
      .filter((part): part is string => part !== null && part !== '')
      .map(quoteIdentifier)
      .join('.');
  }

  /** `schema.identifier`, unquoted: how the run log names a node. */
  displayName(): string {
    return this.schema ? `${this.schema}.${this.identifier}` : this.identifier;
  }

  toString(): string {
    return this.render();
  }

  /** dbt's `relation.include(database=False)` etc. */
  include(...args: unknown[]): Relation {
    const kw = (args[args.length - 1] ?? {}) as Record<string, unknown>;
    return new Relation(
      kw.database === false ? null : this.database,
      kw.schema === false ? null : this.schema,
      this.identifier,
      this.type,
    );
  }

  incorporate(...args: unknown[]): Relation {
    const kw = (args[args.length - 1] ?? {}) as { type?: RelationType };
    return new Relation(this.database, this.schema, this.identifier, kw.type ?? this.type);
  }

  withIdentifier(identifier: string): Relation {
    return new Relation(this.database, this.schema, identifier, this.type);
  }
}
