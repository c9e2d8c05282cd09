/**
 * DuckDB-WASM hands results over as Apache Arrow. These helpers turn Arrow types back into DuckDB's
 * type names and Arrow values into the same `Value`s the Node adapter produces.
 */
import { DataType, Type, TimeUnit, util, type Field } from 'apache-arrow';
import type { Value } from './connection';
import { decimalValue, formatDate, formatTimestampMicros, integerValue } from './values';

export function duckdbTypeName(type: DataType): string {
  if (DataType.isInt(type)) {
    const names: Record<number, string> = {
      8: 'TINYINT',
      16: 'SMALLINT',
      32: 'INTEGER',
      64: 'BIGINT',
    };
    const name = names[type.bitWidth] ?? 'HUGEINT';
    return type.isSigned ? name : `U${name}`;
  }
  if (DataType.isFloat(type)) return type.precision === 2 ? 'DOUBLE' : 'FLOAT';
  if (DataType.isDecimal(type)) return `DECIMAL(${type.precision},${type.scale})`;
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'VARCHAR';
  if (DataType.isBool(type)) return 'BOOLEAN';
  if (DataType.isDate(type)) return 'DATE';
  if (DataType.isTimestamp(type)) return type.timezone ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP';
  if (DataType.isTime(type)) return 'TIME';
  if (DataType.isInterval(type)) return 'INTERVAL';
  if (DataType.isBinary(type) || DataType.isLargeBinary(type)) return 'BLOB';
  if (DataType.isNull(type)) return '"NULL"';
  if (DataType.isList(type)) return `${duckdbTypeName(type.children[0]!.type)}[]`;
  if (DataType.isStruct(type)) {
    const fields = type.children.map((f: Field) => `"${f.name}" ${duckdbTypeName(f.type)}`);
    return `STRUCT(${fields.join(', ')})`;
  }
  return String(type);
}

/** Converts one Arrow cell of the given type. */
export function arrowValue(type: DataType, raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  if (DataType.isDecimal(type)) return decimalValue(util.bigNumToBigInt(raw as never), type.scale);
  if (DataType.isTimestamp(type)) return formatTimestampMicros(toMicros(raw as number, type.unit));
  switch (type.typeId) {
    case Type.Int:
      return typeof raw === 'bigint' ? integerValue(raw) : (raw as number);
    case Type.Date:
      return formatDate(Math.round((raw as number) / 86_400_000));
    case Type.List: {
      const child = type.children[0]!.type;
      return Array.from(raw as Iterable<unknown>, (item) => arrowValue(child, item));
    }
    case Type.Struct: {
      const out: { [key: string]: Value } = {};
      const row = raw as Record<string, unknown>;
      for (const field of type.children as Field[])
        out[field.name] = arrowValue(field.type, row[field.name]);
      return out;
    }
    default:
      if (typeof raw === 'boolean' || typeof raw === 'number' || typeof raw === 'string')
        return raw;
      if (typeof raw === 'bigint') return integerValue(raw);
      return String(raw);
  }
}

/** Arrow's getter returns milliseconds (fractional for micro/nano units); DuckDB keeps microseconds. */
function toMicros(milliseconds: number, unit: TimeUnit): bigint {
  const micros = unit === TimeUnit.SECOND ? milliseconds * 1000 : Math.round(milliseconds * 1000);
  return BigInt(micros);
}
