/**
 * The parts of dbt's Jinja that touch the database: `run_query()`, `{% call statement(...) %}` with
 * `load_result()` / `store_result()`, and `adapter` (`get_relation`, `get_columns_in_relation`,
 * `execute`, `dispatch`). At parse time (`execute` false) nothing runs: `statement` renders
 * nothing, `run_query` and `load_result` return None, as in dbt.
 */
import type { Connection, QueryResult } from '@/lib/engine/connection';
import {
  HostObject,
  Macro,
  pyStr,
  TemplateRuntimeError,
  truthy,
  tuple,
  type CallContext,
  type JinjaFunction,
  type Kwargs,
  type Value,
} from '@/lib/jinja';
import { CompilationError } from '../errors';
import { toNodeError } from '../materialize/sql';
import { quoteIdentifier, quoteLiteral, Relation } from '../relation';
import { AdapterResponse, AgateTable } from './agate';

export interface StoredResult {
  response: AdapterResponse;
  table: AgateTable;
}

export interface QueryHost {
  /** null at parse time: templates cannot run SQL then. */
  connection: Connection | null;
  /** Results stored by `statement(name)` during this node's render. */
  results: Map<string, StoredResult>;
  getRelation(database: string, schema: string, identifier: string): Relation | null;
  /** Where `print_table()` writes. */
  print(text: string): void;
  macros: ReadonlyMap<string, Macro>;
  projectName: string;
}

function arg(args: Value[], kwargs: Kwargs, index: number, name: string): Value | undefined {
  return kwargs.has(name) ? kwargs.get(name) : args[index];
}

/** Runs SQL for a template; DuckDB's errors become the node's SQL error. */
async function runSql(host: QueryHost, sql: string, fetch: boolean): Promise<StoredResult> {
  const connection = host.connection!;
  let result: QueryResult | undefined;
  try {
    if (fetch) result = await connection.query(sql);
    else await connection.exec(sql);
  } catch (error) {
    throw toNodeError(error);
  }
  const table = new AgateTable(result?.columns ?? [], result?.rows ?? [], host.print);
  return { response: new AdapterResponse(null), table };
}

function storedAsDict(stored: StoredResult): Value {
  return new Map<string, Value>([
    ['response', stored.response],
    ['data', stored.table.data()],
    ['table', stored.table],
  ]);
}

export function queryFunctions(host: QueryHost): Record<string, JinjaFunction> {
  const statement: JinjaFunction = async (args, kwargs, ctx: CallContext) => {
    if (!host.connection) return '';
    const caller = kwargs.get('caller');
    if (!caller)
      throw new TemplateRuntimeError(
        'statement() must be used as {% call statement(...) %}…{% endcall %}',
      );
    const name = arg(args, kwargs, 0, 'name') ?? null;
    const fetch = truthy(arg(args, kwargs, 1, 'fetch_result') ?? false);
    const sql = pyStr(await ctx.call(caller, []));
    const stored = await runSql(host, sql, fetch);
    if (name !== null) host.results.set(pyStr(name), stored);
    return '';
  };
  return {
    statement,
    run_query: async (args) => {
      if (!host.connection) return null;
      const sql = pyStr(args[0] ?? '');
      const stored = await runSql(host, sql, true);
      host.results.set('run_query_statement', stored);
      return stored.table;
    },
    load_result: (args) => {
      const stored = host.results.get(pyStr(args[0] ?? ''));
      return stored ? storedAsDict(stored) : null;
    },
    store_result: (args, kwargs) => {
      const name = pyStr(arg(args, kwargs, 0, 'name') ?? '');
      const table = arg(args, kwargs, 2, 'agate_table');
      host.results.set(name, {
        response: new AdapterResponse(null),
        table: table instanceof AgateTable ? table : new AgateTable([], [], host.print),
      });
      return '';
    },
    load_relation: (args) => {
      const relation = args[0];
      if (!(relation instanceof Relation)) return null;
      return host.getRelation(relation.database ?? '', relation.schema ?? '', relation.identifier);
    },
  };
}

/** A column as `adapter.get_columns_in_relation` returns it (dbt-duckdb's DuckDBColumn). */
export class ColumnObject extends HostObject {
  readonly typeName = 'DuckDBColumn';
  constructor(
    readonly column: string,
    readonly dtype: string,
  ) {
    super();
  }
  private get dataType(): string {
    return /^(VARCHAR|TEXT|STRING|CHARACTER VARYING)$/i.test(this.dtype)
      ? 'character varying(256)'
      : this.dtype;
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'name':
      case 'column':
        return this.column;
      case 'dtype':
        return this.dtype;
      case 'data_type':
        return this.dataType;
      case 'quoted':
        return quoteIdentifier(this.column);
      case 'char_size':
      case 'numeric_precision':
      case 'numeric_scale':
        return null;
      case 'is_string':
        return () => /^(VARCHAR|TEXT|STRING|CHAR)/i.test(this.dtype);
      case 'is_number':
      case 'is_numeric':
        return () =>
          /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC)/i.test(
            this.dtype,
          );
      case 'is_integer':
        return () =>
          /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/i.test(
            this.dtype,
          );
      case 'is_float':
        return () => /^(FLOAT|REAL|DOUBLE)$/i.test(this.dtype);
      case 'literal':
        return (args) => `cast(${pyStr(args[0] ?? '')} as ${this.dtype})`;
      default:
        return undefined;
    }
  }
  override repr(): string {
    return `<Column ${this.column} (${this.dataType})>`;
  }
}

async function columnsOf(host: QueryHost, relation: Value): Promise<Value> {
  if (!host.connection) return [];
  if (!(relation instanceof Relation)) {
    throw new TemplateRuntimeError(
      'get_columns_in_relation() needs a relation (this, ref(…) or source(…))',
    );
  }
  const where = [
    relation.database ? `table_catalog = ${quoteLiteral(relation.database)}` : '',
    relation.schema ? `table_schema = ${quoteLiteral(relation.schema)}` : '',
    `table_name = ${quoteLiteral(relation.identifier)}`,
  ].filter(Boolean);
  const result = await host.connection.query<{ column_name: string; data_type: string }>(
    `select column_name, data_type from information_schema.columns where ${where.join(' and ')} order by ordinal_position`,
  );
  return result.rows.map((r) => new ColumnObject(r.column_name, r.data_type));
}

/** `adapter`: what dbt-duckdb's adapter offers templates. */
export class AdapterObject extends HostObject {
  readonly typeName = 'DuckDBAdapter';
  constructor(private readonly host: QueryHost) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    const host = this.host;
    switch (name) {
      case 'type':
        return () => 'duckdb';
      case 'quote':
        return (args) => quoteIdentifier(pyStr(args[0] ?? ''));
      case 'quote_as_configured':
        return (args) => quoteIdentifier(pyStr(args[0] ?? ''));
      case 'get_relation':
        return (args, kwargs) =>
          host.getRelation(
            pyStr(arg(args, kwargs, 0, 'database') ?? ''),
            pyStr(arg(args, kwargs, 1, 'schema') ?? ''),
            pyStr(arg(args, kwargs, 2, 'identifier') ?? ''),
          );
      case 'get_columns_in_relation':
        return (args, kwargs) => columnsOf(host, arg(args, kwargs, 0, 'relation') ?? null);
      case 'execute':
        return async (args, kwargs) => {
          if (!host.connection)
            return tuple([new AdapterResponse(null), new AgateTable([], [], host.print)]);
          const sql = pyStr(arg(args, kwargs, 0, 'sql') ?? '');
          const stored = await runSql(host, sql, truthy(arg(args, kwargs, 2, 'fetch') ?? false));
          return tuple([stored.response, stored.table]);
        };
      case 'dispatch':
        return (args, kwargs) => {
          const macroName = pyStr(arg(args, kwargs, 0, 'macro_name') ?? '');
          const candidates = [`duckdb__${macroName}`, `default__${macroName}`];
          for (const candidate of candidates) {
            const macro = host.macros.get(candidate);
            if (macro) return macro;
          }
          throw new CompilationError(
            `In dispatch: No macro named '${macroName}' found within namespace: '${host.projectName}'\n    Searched for: ${candidates.map((c) => `'${host.projectName}.${c}'`).join(', ')}`,
          );
        };
      default:
        return undefined;
    }
  }
}
