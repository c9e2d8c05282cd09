/**
 * Python's `str()` and `repr()` of template values, so a template prints what dbt's Jinja prints:
 * `None`, `True`, `[1, None]`, `{'a': 'b'}`, `2.0`, `1e-05`.
 */
import {
  HostObject,
  isMacro,
  isTuple,
  Namespace,
  PyFloat,
  Undefined,
  type DictKey,
  type Value,
} from './values';

/** Python's repr of a float: shortest round-trip digits, exponent below 1e-4 and from 1e16. */
export function formatFloat(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = n.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  // between 1e-4 and 1e16 JavaScript also writes fixed notation with the shortest digits
  const text = String(n);
  return text.includes('.') ? text : `${text}.0`;
}

export function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

function reprKey(key: DictKey): string {
  return pyRepr(key);
}

export function pyRepr(value: Value, seen: Set<unknown> = new Set()): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : formatFloat(value);
  if (value instanceof PyFloat) return formatFloat(value.value);
  if (typeof value === 'string') return reprString(value);
  if (value instanceof Undefined) return '';
  if (Array.isArray(value)) {
    if (seen.has(value)) return isTuple(value) ? '(...)' : '[...]';
    seen.add(value);
    const items = value.map((v) => pyRepr(v, seen));
    seen.delete(value);
    if (isTuple(value)) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    return `[${items.join(', ')}]`;
  }
  if (value instanceof Map) {
    if (seen.has(value)) return '{...}';
    seen.add(value);
    const items = [...value].map(([k, v]) => `${reprKey(k)}: ${pyRepr(v, seen)}`);
    seen.delete(value);
    return `{${items.join(', ')}}`;
  }
  if (value instanceof Namespace) {
    const items = [...value.attrs].map(([k, v]) => `${k}=${pyRepr(v, seen)}`);
    return `<Namespace {${items.join(', ')}}>`;
  }
  if (value instanceof HostObject) return value.repr();
  if (isMacro(value)) return `<Macro '${value.name}'>`;
  return `<function ${(value as { name?: string }).name || 'anonymous'}>`;
}

/** Python's `str()`: strings as they are, Undefined empty, everything else its repr. */
export function pyStr(value: Value): string {
  if (typeof value === 'string') return value;
  if (value instanceof Undefined) return '';
  if (value instanceof HostObject) return value.str();
  return pyRepr(value);
}

/**
 * `x` with `digits` decimals as Python writes it: correctly rounded, an exact tie going to the even
 * digit (`'%.1f' % 2.25` is `2.2`; JavaScript's toFixed gives `2.3`).
 */
export function toFixedPython(x: number, digits: number): string {
  if (!Number.isFinite(x)) return formatFloat(x);
  const plain = x.toFixed(digits);
  // toFixed with enough digits is the exact decimal value of the binary number
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 30));
  const cut = exact.indexOf('.') + 1 + digits - (digits === 0 ? 1 : 0);
  const rest = exact.slice(digits === 0 ? exact.indexOf('.') + 1 : cut);
  if (!/^50*$/.test(rest)) return plain;
  const kept = digits === 0 ? exact.slice(0, exact.indexOf('.')) : exact.slice(0, cut);
  const last = Number(kept[kept.length - 1]);
  const down = kept.replace(/\.$/, '');
  if (last % 2 === 0) return (x < 0 ? '-' : '') + down;
  return plain;
}

/** Python's `round(x, digits)`. */
export function pyRound(x: number, digits = 0): number {
  return Number(toFixedPython(x, digits));
}
