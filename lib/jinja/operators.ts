/**
 * Python's operators on template values: arithmetic, `~`, comparisons, equality, `in`, slicing and
 * iteration. Type errors are worded as Python words them.
 */
import { TemplateLimitError, TemplateRuntimeError } from './errors';
import { percentFormat } from './python-format';
import { pyStr } from './python-str';
import {
  dictKey,
  float,
  HostObject,
  isDict,
  isFloat,
  isNumber,
  isTuple,
  Namespace,
  NOT_IMPLEMENTED,
  num,
  PyFloat,
  tuple,
  typeName,
  Undefined,
  type Value,
} from './values';

/** The longest string or list a template may build (the output has its own budget). */
export const MAX_SEQUENCE = 10_000_000;

function checkSize(length: number): void {
  if (length > MAX_SEQUENCE) {
    throw new TemplateLimitError(
      `the template built a value of ${length.toLocaleString('en-US')} items or characters; the limit is ${MAX_SEQUENCE.toLocaleString('en-US')}`,
    );
  }
}

function undefinedError(value: Undefined): never {
  throw new TemplateRuntimeError(value.hint);
}

function unsupported(op: string, a: Value, b: Value): never {
  throw new TemplateRuntimeError(
    `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`,
  );
}

function numeric(a: Value, b: Value): boolean {
  return isNumber(a) && isNumber(b);
}

function intOrFloat(result: number, a: Value, b: Value): number | PyFloat {
  return isFloat(a) || isFloat(b) ? float(result) : result;
}

function repeat(sequence: string | Value[], times: Value): string | Value[] {
  const n = Math.max(0, Math.trunc(num(times)));
  checkSize(sequence.length * n);
  if (typeof sequence === 'string') return sequence.repeat(n);
  const out: Value[] = [];
  for (let i = 0; i < n; i++) out.push(...sequence);
  return isTuple(sequence) ? tuple(out) : out;
}

function pyMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

export function binaryOp(op: string, a: Value, b: Value): Value {
  if (op === '~') {
    const s = pyStr(a) + pyStr(b);
    checkSize(s.length);
    return s;
  }
  if (a instanceof HostObject && a.binary) {
    const r = a.binary(op, b, false);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  if (b instanceof HostObject && b.binary) {
    const r = b.binary(op, a, true);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  if (a instanceof Undefined) undefinedError(a);
  if (b instanceof Undefined) undefinedError(b);
  switch (op) {
    case '+':
      if (numeric(a, b)) return intOrFloat(num(a) + num(b), a, b);
      if (typeof a === 'string' && typeof b === 'string') {
        checkSize(a.length + b.length);
        return a + b;
      }
      if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
        checkSize(a.length + b.length);
        return isTuple(a) ? tuple([...a, ...b]) : [...a, ...b];
      }
      if (typeof a === 'string' || typeof b === 'string') {
        if (typeof a === 'string') {
          throw new TemplateRuntimeError(`can only concatenate str (not "${typeName(b)}") to str`);
        }
      }
      return unsupported('+', a, b);
    case '-':
      if (numeric(a, b)) return intOrFloat(num(a) - num(b), a, b);
      return unsupported('-', a, b);
    case '*':
      if (numeric(a, b)) return intOrFloat(num(a) * num(b), a, b);
      if ((typeof a === 'string' || Array.isArray(a)) && isNumber(b) && !isFloat(b))
        return repeat(a, b);
      if ((typeof b === 'string' || Array.isArray(b)) && isNumber(a) && !isFloat(a))
        return repeat(b, a);
      return unsupported('*', a, b);
    case '/':
      if (numeric(a, b)) {
        if (num(b) === 0) throw new TemplateRuntimeError('division by zero');
        return float(num(a) / num(b));
      }
      return unsupported('/', a, b);
    case '//':
      if (numeric(a, b)) {
        if (num(b) === 0) throw new TemplateRuntimeError('integer division or modulo by zero');
        return intOrFloat(Math.floor(num(a) / num(b)), a, b);
      }
      return unsupported('//', a, b);
    case '%':
      if (typeof a === 'string') return percentFormat(a, b);
      if (numeric(a, b)) {
        if (num(b) === 0) throw new TemplateRuntimeError('integer division or modulo by zero');
        return intOrFloat(pyMod(num(a), num(b)), a, b);
      }
      return unsupported('%', a, b);
    case '**':
      if (numeric(a, b)) {
        const result = num(a) ** num(b);
        return isFloat(a) || isFloat(b) || num(b) < 0 ? float(result) : result;
      }
      return unsupported('** or pow()', a, b);
    default:
      throw new TemplateRuntimeError(`unknown operator ${op}`);
  }
}

export function unaryOp(op: '-' | '+', value: Value): Value {
  if (value instanceof HostObject && value.binary) {
    const r = value.binary(op === '-' ? 'neg' : 'pos', null, false);
    if (r !== NOT_IMPLEMENTED) return r;
  }
  if (value instanceof Undefined) undefinedError(value);
  if (!isNumber(value)) {
    throw new TemplateRuntimeError(`bad operand type for unary ${op}: '${typeName(value)}'`);
  }
  const n = op === '-' ? -num(value) : num(value);
  return isFloat(value) ? float(n) : n;
}

export function pyEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (numeric(a, b)) return num(a) === num(b);
  if (a instanceof Undefined || b instanceof Undefined) {
    return a instanceof Undefined && b instanceof Undefined;
  }
  if (a instanceof HostObject && a.equals) return a.equals(b);
  if (b instanceof HostObject && b.equals) return b.equals(a);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    return a.every((item, i) => pyEquals(item, b[i]!));
  }
  if (isDict(a) && isDict(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !pyEquals(v, b.get(k)!)) return false;
    return true;
  }
  return false;
}

/** Ordering for `<`, `>`, `sort` and `max`: negative, zero or positive. */
export function pyCompare(a: Value, b: Value, op = '<'): number {
  if (numeric(a, b)) return num(a) - num(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i]!, b[i]!)) return pyCompare(a[i]!, b[i]!, op);
    }
    return a.length - b.length;
  }
  if (a instanceof HostObject && a.compare) {
    const r = a.compare(b);
    if (r !== undefined) return r;
  }
  if (b instanceof HostObject && b.compare) {
    const r = b.compare(a);
    if (r !== undefined) return -r;
  }
  if (a instanceof Undefined) undefinedError(a);
  if (b instanceof Undefined) undefinedError(b);
  throw new TemplateRuntimeError(
    `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`,
  );
}

export function compareOp(op: string, a: Value, b: Value): boolean {
  switch (op) {
    case '==':
      return pyEquals(a, b);
    case '!=':
      return !pyEquals(a, b);
    case '<':
      return pyCompare(a, b, op) < 0;
    case '>':
      return pyCompare(a, b, op) > 0;
    case '<=':
      return pyCompare(a, b, op) <= 0;
    case '>=':
      return pyCompare(a, b, op) >= 0;
    case 'in':
      return contains(b, a);
    case 'not in':
      return !contains(b, a);
    default:
      throw new TemplateRuntimeError(`unknown comparison ${op}`);
  }
}

/** `needle in container`. */
export function contains(container: Value, needle: Value): boolean {
  if (typeof container === 'string') {
    if (needle instanceof Undefined) return false;
    if (typeof needle !== 'string') {
      throw new TemplateRuntimeError(
        `'in <string>' requires string as left operand, not ${typeName(needle)}`,
      );
    }
    return container.includes(needle);
  }
  if (Array.isArray(container)) return container.some((item) => pyEquals(item, needle));
  if (isDict(container)) {
    try {
      return container.has(dictKey(needle));
    } catch {
      return false;
    }
  }
  if (container instanceof Namespace)
    return typeof needle === 'string' && container.attrs.has(needle);
  if (container instanceof HostObject) {
    if (container.contains) return container.contains(needle);
    if (container.iterate) return container.iterate().some((item) => pyEquals(item, needle));
  }
  if (container instanceof Undefined) return false;
  throw new TemplateRuntimeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** The items a `for` loop or a filter walks: list items, string characters, dict keys. */
export function iterate(value: Value): Value[] {
  if (Array.isArray(value)) return [...value];
  if (typeof value === 'string') return [...value];
  if (isDict(value)) return [...value.keys()];
  if (value instanceof Undefined) return [];
  if (value instanceof HostObject && value.iterate) return value.iterate();
  throw new TemplateRuntimeError(`'${typeName(value)}' object is not iterable`);
}

export function length(value: Value): number {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (isDict(value)) return value.size;
  if (value instanceof Undefined) return 0;
  if (value instanceof HostObject) {
    if (value.length) return value.length();
    if (value.iterate) return value.iterate().length;
  }
  throw new TemplateRuntimeError(`object of type '${typeName(value)}' has no len()`);
}

function sliceIndices(len: number, start: Value, stop: Value, step: Value): number[] {
  const s = step === null || step instanceof Undefined ? 1 : Math.trunc(num(step));
  if (s === 0) throw new TemplateRuntimeError('slice step cannot be zero');
  const clamp = (v: Value, fallback: number, low: number, high: number) => {
    if (v === null || v instanceof Undefined) return fallback;
    let n = Math.trunc(num(v));
    if (n < 0) n += len;
    return Math.min(Math.max(n, low), high);
  };
  const indices: number[] = [];
  if (s > 0) {
    const a = clamp(start, 0, 0, len);
    const b = clamp(stop, len, 0, len);
    for (let i = a; i < b; i += s) indices.push(i);
  } else {
    const a = clamp(start, len - 1, -1, len - 1);
    const b = clamp(stop, -1, -1, len - 1);
    for (let i = a; i > b; i += s) indices.push(i);
  }
  return indices;
}

export function slice(value: Value, start: Value, stop: Value, step: Value): Value {
  for (const bound of [start, stop, step]) {
    if (bound !== null && !(bound instanceof Undefined) && !isNumber(bound)) {
      throw new TemplateRuntimeError('slice indices must be integers or None');
    }
  }
  if (typeof value === 'string') {
    const chars = [...value];
    return sliceIndices(chars.length, start, stop, step)
      .map((i) => chars[i])
      .join('');
  }
  if (Array.isArray(value)) {
    const items = sliceIndices(value.length, start, stop, step).map((i) => value[i]!);
    return isTuple(value) ? tuple(items) : items;
  }
  if (value instanceof Undefined) undefinedError(value);
  throw new TemplateRuntimeError(`'${typeName(value)}' object is not subscriptable`);
}
