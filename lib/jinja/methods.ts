/**
 * The Python methods templates call on strings, lists and dicts (`'a,b'.split(',')`,
 * `cols.append(c)`, `d.items()`). Each is looked up by name in these tables and bound to its
 * value; nothing else of a JavaScript value is reachable.
 */
import { TemplateRuntimeError } from './errors';
import { iterate, pyCompare, pyEquals } from './operators';
import { strFormat } from './python-format';
import { pyRepr } from './python-str';
import {
  dictKey,
  isDict,
  isTuple,
  num,
  truthy,
  tuple,
  typeName,
  type JinjaFunction,
  type Kwargs,
  type PyDict,
  type Value,
} from './values';

type Method<T> = (self: T, args: Value[], kwargs: Kwargs) => Value;

const WHITESPACE = ' \t\n\r\f\v';

function arg(args: Value[], kwargs: Kwargs, index: number, name: string): Value | undefined {
  return kwargs.has(name) ? kwargs.get(name) : args[index];
}

function strArg(value: Value | undefined, method: string): string {
  if (typeof value !== 'string') {
    throw new TemplateRuntimeError(
      `${method}() argument must be str, not ${typeName(value ?? null)}`,
    );
  }
  return value;
}

function strip(s: string, chars: Value | undefined, left: boolean, right: boolean): string {
  const set = typeof chars === 'string' ? chars : WHITESPACE;
  let start = 0;
  let end = s.length;
  if (left) while (start < end && set.includes(s[start]!)) start++;
  if (right) while (end > start && set.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

function split(
  s: string,
  sep: Value | undefined,
  max: Value | undefined,
  fromRight: boolean,
): string[] {
  const limit = max === undefined || max === null ? -1 : Math.trunc(num(max));
  if (sep === undefined || sep === null) {
    const parts = s.split(/[ \t\n\r\f\v]+/).filter(Boolean);
    if (limit < 0 || parts.length <= limit + 1) return parts;
    if (!fromRight) {
      const head = parts.slice(0, limit);
      let rest = s.trimStart();
      for (const part of head) rest = rest.slice(rest.indexOf(part) + part.length).trimStart();
      return [...head, rest];
    }
    return [parts.slice(0, parts.length - limit).join(' '), ...parts.slice(parts.length - limit)];
  }
  const separator = strArg(sep, 'split');
  if (separator === '') throw new TemplateRuntimeError('empty separator');
  const parts = s.split(separator);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  if (fromRight) {
    return [
      parts.slice(0, parts.length - limit).join(separator),
      ...parts.slice(parts.length - limit),
    ];
  }
  return [...parts.slice(0, limit), parts.slice(limit).join(separator)];
}

function affix(
  s: string,
  value: Value | undefined,
  test: (s: string, p: string) => boolean,
): boolean {
  if (Array.isArray(value)) return value.some((p) => test(s, strArg(p, 'startswith')));
  return test(s, strArg(value, 'startswith'));
}

function findIndex(s: string, sub: Value | undefined, fromRight: boolean): number {
  const needle = strArg(sub, 'find');
  return fromRight ? s.lastIndexOf(needle) : s.indexOf(needle);
}

const STRING_METHODS: Record<string, Method<string>> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  casefold: (s) => s.toLowerCase(),
  swapcase: (s) =>
    [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  strip: (s, a) => strip(s, a[0], true, true),
  lstrip: (s, a) => strip(s, a[0], true, false),
  rstrip: (s, a) => strip(s, a[0], false, true),
  split: (s, a, k) => split(s, arg(a, k, 0, 'sep'), arg(a, k, 1, 'maxsplit'), false),
  rsplit: (s, a, k) => split(s, arg(a, k, 0, 'sep'), arg(a, k, 1, 'maxsplit'), true),
  splitlines: (s, a) => {
    const lines = s.split(/(?<=\r\n|\n|\r)/);
    return truthy(a[0] ?? false) ? lines : lines.map((l) => l.replace(/(\r\n|\n|\r)$/, ''));
  },
  replace: (s, a) => {
    const from = strArg(a[0], 'replace');
    const to = strArg(a[1], 'replace');
    const count = a[2] === undefined ? -1 : Math.trunc(num(a[2]));
    if (count < 0) return s.split(from).join(to);
    const parts = s.split(from);
    return (
      parts.slice(0, count + 1).join(to) +
      (parts.length > count + 1 ? from + parts.slice(count + 1).join(from) : '')
    );
  },
  startswith: (s, a) => affix(s, a[0], (x, p) => x.startsWith(p)),
  endswith: (s, a) => affix(s, a[0], (x, p) => x.endsWith(p)),
  join: (s, a) =>
    iterate(a[0] ?? [])
      .map((item) => {
        if (typeof item !== 'string') {
          throw new TemplateRuntimeError(
            `sequence item: expected str instance, ${typeName(item)} found`,
          );
        }
        return item;
      })
      .join(s),
  title: (s) => s.replace(/[A-Za-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s),
  isdigit: (s) => /^\d+$/.test(s),
  isdecimal: (s) => /^\d+$/.test(s),
  isnumeric: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\d]+$/u.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /\p{Ll}/u.test(s) && s === s.toLowerCase(),
  isupper: (s) => /\p{Lu}/u.test(s) && s === s.toUpperCase(),
  isidentifier: (s) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(s),
  find: (s, a) => findIndex(s, a[0], false),
  rfind: (s, a) => findIndex(s, a[0], true),
  index: (s, a) => {
    const i = findIndex(s, a[0], false);
    if (i === -1) throw new TemplateRuntimeError('substring not found');
    return i;
  },
  rindex: (s, a) => {
    const i = findIndex(s, a[0], true);
    if (i === -1) throw new TemplateRuntimeError('substring not found');
    return i;
  },
  count: (s, a) => {
    const sub = strArg(a[0], 'count');
    return sub === '' ? s.length + 1 : s.split(sub).length - 1;
  },
  format: (s, a, k) => strFormat(s, a, k),
  center: (s, a) => {
    const width = Math.trunc(num(a[0] ?? 0));
    const fill = typeof a[1] === 'string' ? a[1] : ' ';
    const room = Math.max(0, width - s.length);
    const left = Math.floor(room / 2) + (room % 2 && width % 2 ? 1 : 0);
    return fill.repeat(left) + s + fill.repeat(room - left);
  },
  ljust: (s, a) => s.padEnd(Math.trunc(num(a[0] ?? 0)), typeof a[1] === 'string' ? a[1] : ' '),
  rjust: (s, a) => s.padStart(Math.trunc(num(a[0] ?? 0)), typeof a[1] === 'string' ? a[1] : ' '),
  zfill: (s, a) => {
    const width = Math.trunc(num(a[0] ?? 0));
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  },
  partition: (s, a) => {
    const sep = strArg(a[0], 'partition');
    const i = s.indexOf(sep);
    return i === -1 ? tuple([s, '', '']) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  rpartition: (s, a) => {
    const sep = strArg(a[0], 'rpartition');
    const i = s.lastIndexOf(sep);
    return i === -1 ? tuple(['', '', s]) : tuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  },
  removeprefix: (s, a) => {
    const p = strArg(a[0], 'removeprefix');
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  removesuffix: (s, a) => {
    const p = strArg(a[0], 'removesuffix');
    return p && s.endsWith(p) ? s.slice(0, -p.length) : s;
  },
};

function notInList(x: Value): never {
  throw new TemplateRuntimeError(`${pyRepr(x)} is not in list`);
}

function mutable(list: Value[], method: string): Value[] {
  if (isTuple(list)) throw new TemplateRuntimeError(`'tuple' object has no attribute '${method}'`);
  return list;
}

const LIST_METHODS: Record<string, Method<Value[]>> = {
  append: (l, a) => {
    mutable(l, 'append').push(a[0] ?? null);
    return null;
  },
  extend: (l, a) => {
    mutable(l, 'extend').push(...iterate(a[0] ?? []));
    return null;
  },
  insert: (l, a) => {
    const i = Math.trunc(num(a[0] ?? 0));
    mutable(l, 'insert').splice(i < 0 ? Math.max(0, l.length + i) : i, 0, a[1] ?? null);
    return null;
  },
  pop: (l, a) => {
    mutable(l, 'pop');
    if (l.length === 0) throw new TemplateRuntimeError('pop from empty list');
    if (a[0] === undefined) return l.pop()!;
    let i = Math.trunc(num(a[0]));
    if (i < 0) i += l.length;
    if (i < 0 || i >= l.length) throw new TemplateRuntimeError('pop index out of range');
    return l.splice(i, 1)[0]!;
  },
  remove: (l, a) => {
    const i = mutable(l, 'remove').findIndex((y) => pyEquals(y, a[0] ?? null));
    if (i === -1) throw new TemplateRuntimeError('list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, a) => {
    const i = l.findIndex((y) => pyEquals(y, a[0] ?? null));
    return i === -1 ? notInList(a[0] ?? null) : i;
  },
  count: (l, a) => l.filter((y) => pyEquals(y, a[0] ?? null)).length,
  reverse: (l) => {
    mutable(l, 'reverse').reverse();
    return null;
  },
  sort: (l, _a, k) => {
    mutable(l, 'sort').sort((x, y) => pyCompare(x, y));
    if (truthy(k.get('reverse') ?? false)) l.reverse();
    return null;
  },
  copy: (l) => [...l],
  clear: (l) => {
    mutable(l, 'clear').length = 0;
    return null;
  },
};

const TUPLE_METHODS = new Set(['index', 'count']);

function keyOf(value: Value | undefined): ReturnType<typeof dictKey> {
  return dictKey(value ?? null);
}

const DICT_METHODS: Record<string, Method<PyDict>> = {
  items: (d) => [...d].map(([k, v]) => tuple([k, v])),
  keys: (d) => [...d.keys()],
  values: (d) => [...d.values()],
  get: (d, a) => {
    const key = keyOf(a[0]);
    return d.has(key) ? d.get(key)! : (a[1] ?? null);
  },
  update: (d, a, k) => {
    const other = a[0];
    if (isDict(other)) for (const [key, value] of other) d.set(key, value);
    else if (Array.isArray(other)) {
      for (const pair of other) {
        const [key, value] = iterate(pair);
        d.set(keyOf(key), value ?? null);
      }
    } else if (other !== undefined && other !== null) {
      throw new TemplateRuntimeError(`'${typeName(other)}' object is not iterable`);
    }
    for (const [key, value] of k) d.set(key, value);
    return null;
  },
  pop: (d, a) => {
    const key = keyOf(a[0]);
    if (!d.has(key)) {
      if (a.length > 1) return a[1]!;
      throw new TemplateRuntimeError(`KeyError: ${pyRepr(a[0] ?? null)}`);
    }
    const value = d.get(key)!;
    d.delete(key);
    return value;
  },
  popitem: (d) => {
    const last = [...d].pop();
    if (!last) throw new TemplateRuntimeError("'popitem(): dictionary is empty'");
    d.delete(last[0]);
    return tuple([last[0], last[1]]);
  },
  setdefault: (d, a) => {
    const key = keyOf(a[0]);
    if (!d.has(key)) d.set(key, a[1] ?? null);
    return d.get(key)!;
  },
  copy: (d) => new Map(d),
  clear: (d) => {
    d.clear();
    return null;
  },
};

function bind<T>(
  table: Record<string, Method<T>>,
  self: T,
  name: string,
): JinjaFunction | undefined {
  if (!Object.hasOwn(table, name)) return undefined;
  const method = table[name]!;
  const bound: JinjaFunction = (args, kwargs) => method(self, args, kwargs);
  Object.defineProperty(bound, 'name', { value: name });
  return bound;
}

/** A Python method of a string, list, tuple or dict, bound to it; undefined when there is none. */
export function pythonMethod(value: Value, name: string): JinjaFunction | undefined {
  if (typeof value === 'string') return bind(STRING_METHODS, value, name);
  if (Array.isArray(value)) {
    if (isTuple(value) && !TUPLE_METHODS.has(name)) return undefined;
    return bind(LIST_METHODS, value, name);
  }
  if (isDict(value)) return bind(DICT_METHODS, value, name);
  return undefined;
}
