/**
 * The values a template works with. A template never touches a JavaScript object's properties: it
 * sees strings, numbers, booleans, None, lists (JS arrays), tuples, dicts (JS Maps), namespaces,
 * macros, functions the host registered, and `HostObject`s, whose attributes the host lists one by
 * one. That is the sandbox: there is no path from a template to a prototype, a constructor or a
 * global, because lookups go only through the tables in this folder.
 */
import { TemplateRuntimeError } from './errors';

/** Jinja's Undefined: renders empty, iterates empty, fails on attribute access or arithmetic. */
export class Undefined {
  constructor(
    /** Why it is undefined, as Jinja words it: `'x' is undefined`. */
    readonly hint: string,
  ) {}
}

/** A float whose value is a whole number (Python prints `2.0`); other floats are plain numbers. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type DictKey = string | number | boolean | null;
export type PyDict = Map<DictKey, Value>;
export type Kwargs = Map<string, Value>;

/** `namespace(...)`: the one object whose attributes `{% set ns.x = … %}` may assign. */
export class Namespace {
  readonly attrs = new Map<string, Value>();
}

/** What a host function gets besides its arguments. */
export interface CallContext {
  /** Calls a template callable (a macro, the `caller` of a call block, a host function). */
  call(callee: Value, args: Value[], kwargs?: Kwargs): Promise<Value>;
  /** Counts `steps` against the template's step budget (for host work proportional to input). */
  charge(steps: number): void;
  /** Name of the template being rendered and the current line. */
  readonly file: string;
  readonly line: number;
}

/** A function a template may call: positional arguments, keyword arguments, the call context. */
export type JinjaFunction = (
  args: Value[],
  kwargs: Kwargs,
  ctx: CallContext,
) => Value | Promise<Value> | void | Promise<void>;

export const NOT_IMPLEMENTED = Symbol('NotImplemented');

/**
 * An object the host hands to templates (`this`, `adapter`, a datetime). Everything a template may
 * do with it is a method here; the defaults allow nothing but printing.
 */
export abstract class HostObject {
  /** Python-style type name for messages (`Relation`, `datetime`). */
  abstract readonly typeName: string;
  getAttr(name: string): Value | undefined {
    void name;
    return undefined;
  }
  getItem(key: Value): Value | undefined {
    void key;
    return undefined;
  }
  /** `{{ obj }}` */
  str(): string {
    return this.repr();
  }
  repr(): string {
    return `<${this.typeName} object>`;
  }
  truthy(): boolean {
    return true;
  }
  /** Makes the object iterable (`for x in obj`). */
  iterate?(): Value[];
  length?(): number;
  contains?(value: Value): boolean;
  /** Makes the object callable. */
  call?(args: Value[], kwargs: Kwargs, ctx: CallContext): Value | Promise<Value>;
  /** `obj <op> other` (or `other <op> obj` when `reflected`): a value or NOT_IMPLEMENTED. */
  binary?(op: string, other: Value, reflected: boolean): Value | typeof NOT_IMPLEMENTED;
  /** Ordering against another value: negative, zero, positive, or undefined when incomparable. */
  compare?(other: Value): number | undefined;
  equals?(other: Value): boolean;
  /** What the host gets back when the object leaves the template (`fromJinja`). */
  toHost?(): unknown;
}

export type Value =
  | null
  | boolean
  | number
  | string
  | PyFloat
  | Undefined
  | Value[]
  | PyDict
  | Namespace
  | HostObject
  | JinjaFunction
  | MacroValue;

/** A macro defined in a template (the interpreter's `Macro`), seen from outside the interpreter. */
export interface MacroValue {
  readonly kind: 'macro';
  readonly name: string;
  readonly params: readonly string[];
}

const tuples = new WeakSet<Value[]>();

/** A tuple: an array marked so it prints as `(1, 2)` and refuses `.append`. */
export function tuple(items: Value[]): Value[] {
  tuples.add(items);
  return items;
}

export function isTuple(value: unknown): value is Value[] {
  return Array.isArray(value) && tuples.has(value);
}

export function isUndefined(value: unknown): value is Undefined {
  return value instanceof Undefined;
}

export function isMacro(value: unknown): value is MacroValue {
  return (
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'macro'
  );
}

export function isDict(value: unknown): value is PyDict {
  return value instanceof Map;
}

export function isNumber(value: unknown): value is number | PyFloat | boolean {
  return typeof value === 'number' || value instanceof PyFloat || typeof value === 'boolean';
}

export function isFloat(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

/** The numeric value of a number, a whole float or a bool. */
export function num(value: Value): number {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as number;
}

/** A float result: whole numbers are wrapped so they keep printing as `2.0`. */
export function float(value: number): number | PyFloat {
  return Number.isInteger(value) ? new PyFloat(value) : value;
}

export function isCallable(value: Value): boolean {
  return (
    typeof value === 'function' ||
    isMacro(value) ||
    (value instanceof HostObject && typeof value.call === 'function')
  );
}

/** Python's type name of a value, for messages. */
export function typeName(value: Value): string {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (value instanceof PyFloat) return 'float';
  if (typeof value === 'string') return 'str';
  if (value instanceof Undefined) return 'Undefined';
  if (Array.isArray(value)) return isTuple(value) ? 'tuple' : 'list';
  if (value instanceof Map) return 'dict';
  if (value instanceof Namespace) return 'Namespace';
  if (value instanceof HostObject) return value.typeName;
  if (isMacro(value)) return 'Macro';
  return 'function';
}

/** Python truthiness. */
export function truthy(value: Value): boolean {
  if (value === null || value instanceof Undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (value instanceof PyFloat) return value.value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map) return value.size > 0;
  if (value instanceof HostObject) return value.truthy();
  return true;
}

/** A dict key from a value (Python's hashable values that templates use). */
export function dictKey(value: Value): DictKey {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (value instanceof PyFloat) return value.value;
  throw new TemplateRuntimeError(`unhashable type: '${typeName(value)}'`);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A host value as a template value: plain objects become dicts, arrays lists, `undefined` None,
 * big integers numbers (or exact strings). Anything else that is not already a template value is a
 * programming error of the host, refused here rather than exposed.
 */
export function toJinja(value: unknown): Value {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint': {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : value.toString();
    }
    case 'function':
      return value as JinjaFunction;
    case 'object':
      break;
    default:
      throw new TypeError(`cannot hand a ${typeof value} to a template`);
  }
  if (
    value instanceof Undefined ||
    value instanceof PyFloat ||
    value instanceof HostObject ||
    value instanceof Namespace ||
    isMacro(value)
  ) {
    return value as Value;
  }
  if (Array.isArray(value)) {
    const items = value.map(toJinja);
    return isTuple(value) ? tuple(items) : items;
  }
  if (value instanceof Map) {
    const out: PyDict = new Map();
    for (const [k, v] of value) out.set(dictKey(toJinja(k)), toJinja(v));
    return out;
  }
  if (isPlainObject(value)) {
    const out: PyDict = new Map();
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out.set(k, toJinja(v));
    return out;
  }
  throw new TypeError(
    `cannot hand a ${(value as object).constructor?.name ?? 'object'} to a template`,
  );
}

/**
 * A template value as a host value: dicts become plain objects (never with a `__proto__` key),
 * whole floats numbers, Undefined `undefined`; host objects give their `toHost()` when they have one.
 */
export function fromJinja(value: Value): unknown {
  if (value instanceof Undefined) return undefined;
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(fromJinja);
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) {
      const key = String(k);
      if (key === '__proto__') continue;
      out[key] = fromJinja(v);
    }
    return out;
  }
  if (value instanceof Namespace) return fromJinja(new Map(value.attrs));
  if (value instanceof HostObject && value.toHost) return value.toHost();
  return value;
}
