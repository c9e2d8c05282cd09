/**
 * Query results as dbt's Jinja sees them (dbt hands templates an agate Table): `result.columns[0]`,
 * `result.columns['id'].values()`, `result.rows[0][0]`, `result.column_names`, `print_table()`.
 * Values are Python-like: timestamps are datetimes, dates dates, NULL is None.
 */
import type { Column } from '@/lib/engine/connection';
import {
  HostObject,
  isNumber,
  num,
  pyRepr,
  pyStr,
  toJinja,
  tuple,
  type Kwargs,
  type Value,
} from '@/lib/jinja';
import { dateFromSql, datetimeFromSql } from './datetime';

/** A DuckDB value (as the Connection returns it) as a template value. */
export function sqlValue(value: unknown, type: string): Value {
  if (value === null || value === undefined) return null;
  const t = type.toUpperCase();
  if (typeof value === 'string') {
    if (t === 'DATE') return dateFromSql(value);
    if (t.startsWith('TIMESTAMP') || t === 'DATETIME') {
      try {
        return datetimeFromSql(value, t.includes('TIME ZONE') || t === 'TIMESTAMPTZ');
      } catch {
        return value; // infinity and other special timestamps stay text
      }
    }
  }
  return toJinja(value);
}

function indexOf(key: Value, names: readonly string[], size: number): number | undefined {
  if (isNumber(key) && Number.isInteger(num(key))) {
    const i = num(key) < 0 ? num(key) + size : num(key);
    return i >= 0 && i < size ? i : undefined;
  }
  if (typeof key === 'string') {
    const i = names.indexOf(key);
    return i === -1 ? undefined : i;
  }
  return undefined;
}

/** agate's MappedSequence: values reachable by position and, when it has keys, by name. */
abstract class MappedSequence extends HostObject {
  protected abstract readonly items: Value[];
  protected abstract readonly keyNames: readonly string[];

  override getItem(key: Value): Value | undefined {
    const i = indexOf(key, this.keyNames, this.items.length);
    return i === undefined ? undefined : this.items[i];
  }
  override iterate(): Value[] {
    return [...this.items];
  }
  override length(): number {
    return this.items.length;
  }
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'keys':
        return () => [...this.keyNames];
      case 'values':
        return () => tuple([...this.items]);
      case 'items':
        return () => this.keyNames.map((k, i) => tuple([k, this.items[i] ?? null]));
      case 'dict':
        return () => new Map(this.keyNames.map((k, i) => [k, this.items[i] ?? null]));
      case 'get':
        return (args) => this.getItem(args[0] ?? null) ?? args[1] ?? null;
      default:
        return undefined;
    }
  }
}

export class AgateRow extends MappedSequence {
  readonly typeName = 'Row';
  constructor(
    protected readonly items: Value[],
    protected readonly keyNames: readonly string[],
  ) {
    super();
  }
  override repr(): string {
    return `<agate.Row: (${this.items.map((v) => pyRepr(v)).join(', ')}${this.items.length === 1 ? ',' : ''})>`;
  }
}

export class AgateColumn extends MappedSequence {
  readonly typeName = 'Column';
  protected readonly keyNames: readonly string[] = [];
  constructor(
    readonly columnName: string,
    readonly dataType: string,
    protected readonly items: Value[],
  ) {
    super();
  }
  override getAttr(name: string): Value | undefined {
    if (name === 'name') return this.columnName;
    if (name === 'data_type') return this.dataType;
    return super.getAttr(name);
  }
  override repr(): string {
    return `<agate.Column: (${this.items.map((v) => pyRepr(v)).join(', ')})>`;
  }
}

class Sequence extends MappedSequence {
  readonly typeName = 'MappedSequence';
  constructor(
    protected readonly items: Value[],
    protected readonly keyNames: readonly string[],
  ) {
    super();
  }
  override repr(): string {
    return `<agate.MappedSequence: (${this.items.map((v) => pyStr(v)).join(', ')})>`;
  }
}

export class AgateTable extends HostObject {
  readonly typeName = 'Table';
  readonly rows: AgateRow[];
  readonly columns: AgateColumn[];
  readonly names: string[];

  constructor(
    columns: Column[],
    rawRows: Record<string, unknown>[],
    private readonly print: (text: string) => void = () => undefined,
  ) {
    super();
    this.names = columns.map((c) => c.name);
    const values = rawRows.map((row) => columns.map((c) => sqlValue(row[c.name], c.type)));
    this.rows = values.map((v) => new AgateRow(v, this.names));
    this.columns = columns.map(
      (c, i) =>
        new AgateColumn(
          c.name,
          c.type,
          values.map((v) => v[i]!),
        ),
    );
  }

  /** `[[…], …]`: the `data` of `load_result()`. */
  data(): Value[] {
    return this.rows.map((row) => tuple(row.iterate()));
  }

  printTable(maxRows = 20): string {
    const widths = this.names.map((name, i) =>
      Math.max(
        3,
        name.length,
        ...this.rows.slice(0, maxRows).map((r) => pyStr(r.iterate()[i] ?? null).length),
      ),
    );
    const line = (cells: string[]) =>
      `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    const lines = [
      line(this.names),
      `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
      ...this.rows
        .slice(0, maxRows)
        .map((r) => line(r.iterate().map((v) => (v === null ? '' : pyStr(v))))),
    ];
    if (this.rows.length > maxRows)
      lines.push(`| ${widths.map((w) => '...'.padEnd(w)).join(' | ')} |`);
    return lines.join('\n');
  }

  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'columns':
        return new Sequence(this.columns, this.names);
      case 'rows':
        return new Sequence(this.rows, []);
      case 'column_names':
        return tuple([...this.names]);
      case 'column_types':
        return tuple(this.columns.map((c) => c.dataType));
      case 'print_table':
        return (args: Value[], kwargs: Kwargs) => {
          const max = kwargs.get('max_rows') ?? args[0];
          this.print(this.printTable(max !== undefined && isNumber(max) ? num(max) : 20));
          return null;
        };
      default:
        return undefined;
    }
  }
  override iterate(): Value[] {
    return [...this.rows];
  }
  override length(): number {
    return this.rows.length;
  }
  override repr(): string {
    return '<agate.table.Table object>';
  }
}

/** dbt-duckdb's AdapterResponse: prints `OK`. */
export class AdapterResponse extends HostObject {
  readonly typeName = 'AdapterResponse';
  constructor(private readonly rowsAffected: number | null = null) {
    super();
  }
  override str(): string {
    return 'OK';
  }
  override repr(): string {
    return "AdapterResponse(_message='OK')";
  }
  override getAttr(name: string): Value | undefined {
    if (name === '_message' || name === 'code') return 'OK';
    if (name === 'rows_affected') return this.rowsAffected;
    return undefined;
  }
}
