/**
 * dbt projects are written in Jinja, i.e. Python: `'a,b'.split(',')`, `cols.append(c)`,
 * `config.get('x')`, `d.items()`, `', '.join(list)`. Nunjucks only knows JavaScript members, so its
 * member lookup is taught the Python methods dbt code commonly calls. (nunjucks' own
 * `installJinjaCompat` reads `process.env`, which the browser bundle does not have.)
 */
import nunjucks from 'nunjucks';

type AnyFn = (...args: unknown[]) => unknown;

function keywordless(args: unknown[]): unknown[] {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && (last as { __keywords?: boolean }).__keywords) {
    return args.slice(0, -1);
  }
  return args;
}

function pyStrip(s: string, chars?: unknown, side: 'both' | 'left' | 'right' = 'both'): string {
  const set = typeof chars === 'string' ? chars : ' \t\n\r\f\v';
  let start = 0;
  let end = s.length;
  if (side !== 'right') while (start < end && set.includes(s[start]!)) start++;
  if (side !== 'left') while (end > start && set.includes(s[end - 1]!)) end--;
  return s.slice(start, end);
}

const STRING_MEMBERS: Record<string, (s: string, ...args: unknown[]) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => pyStrip(s, chars),
  lstrip: (s, chars) => pyStrip(s, chars, 'left'),
  rstrip: (s, chars) => pyStrip(s, chars, 'right'),
  split: (s, sep, max) => {
    if (sep === undefined || sep === null) return s.trim().split(/\s+/).filter(Boolean);
    const parts = s.split(String(sep));
    if (typeof max === 'number' && max >= 0 && parts.length > max + 1) {
      return [...parts.slice(0, max), parts.slice(max).join(String(sep))];
    }
    return parts;
  },
  replace: (s, from, to) => s.split(String(from)).join(String(to)),
  startswith: (s, prefix) =>
    Array.isArray(prefix)
      ? prefix.some((p) => s.startsWith(String(p)))
      : s.startsWith(String(prefix)),
  endswith: (s, suffix) =>
    Array.isArray(suffix) ? suffix.some((p) => s.endsWith(String(p))) : s.endsWith(String(suffix)),
  join: (s, items) => (Array.isArray(items) ? items.map(String).join(s) : ''),
  title: (s) => s.replace(/\w\S*/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => (s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s),
  isdigit: (s) => /^\d+$/.test(s),
  find: (s, sub) => s.indexOf(String(sub)),
  count: (s, sub) => s.split(String(sub)).length - 1,
  format: (s, ...args) => {
    let i = 0;
    return s.replace(/\{(\w*)\}/g, (_m, key: string) => String(key === '' ? args[i++] : ''));
  },
};

const ARRAY_MEMBERS: Record<string, (a: unknown[], ...args: unknown[]) => unknown> = {
  append: (a, x) => {
    a.push(x);
    return null;
  },
  extend: (a, xs) => {
    if (Array.isArray(xs)) a.push(...xs);
    return null;
  },
  pop: (a, i) => (i === undefined ? a.pop() : a.splice(Number(i), 1)[0]),
  insert: (a, i, x) => {
    a.splice(Number(i), 0, x);
    return null;
  },
  index: (a, x) => {
    const i = a.indexOf(x);
    if (i === -1) throw new Error(`${JSON.stringify(x)} is not in list`);
    return i;
  },
  count: (a, x) => a.filter((y) => y === x).length,
  remove: (a, x) => {
    const i = a.indexOf(x);
    if (i === -1) throw new Error('list.remove(x): x not in list');
    a.splice(i, 1);
    return null;
  },
};

const OBJECT_MEMBERS: Record<string, (o: Record<string, unknown>, ...args: unknown[]) => unknown> =
  {
    items: (o) => Object.entries(o),
    keys: (o) => Object.keys(o),
    values: (o) => Object.values(o),
    get: (o, key, fallback = null) => (Object.hasOwn(o, String(key)) ? o[String(key)] : fallback),
    update: (o, other) => {
      if (other && typeof other === 'object') {
        for (const [k, v] of Object.entries(other)) if (k !== '__keywords') o[k] = v;
      }
      return null;
    },
    pop: (o, key, fallback) => {
      const k = String(key);
      if (!Object.hasOwn(o, k)) return fallback ?? null;
      const value = o[k];
      delete o[k];
      return value;
    },
    setdefault: (o, key, fallback = null) => {
      const k = String(key);
      if (!Object.hasOwn(o, k)) o[k] = fallback;
      return o[k];
    },
  };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

let installed = false;

/** Patches nunjucks' member lookup once per process (idempotent). */
export function installPythonCompat(): void {
  if (installed) return;
  installed = true;
  const runtime = (nunjucks as unknown as { runtime: { memberLookup: AnyFn } }).runtime;
  const original = runtime.memberLookup;
  runtime.memberLookup = function memberLookup(obj: unknown, key: unknown, ...rest: unknown[]) {
    const name = String(key);
    if (typeof obj === 'string' && Object.hasOwn(STRING_MEMBERS, name)) {
      const method = STRING_MEMBERS[name]!;
      return (...args: unknown[]) => method(obj, ...keywordless(args));
    }
    if (Array.isArray(obj) && Object.hasOwn(ARRAY_MEMBERS, name)) {
      const method = ARRAY_MEMBERS[name]!;
      return (...args: unknown[]) => method(obj, ...keywordless(args));
    }
    if (isPlainObject(obj) && !Object.hasOwn(obj, name) && Object.hasOwn(OBJECT_MEMBERS, name)) {
      const method = OBJECT_MEMBERS[name]!;
      return (...args: unknown[]) => method(obj, ...keywordless(args));
    }
    return original.call(this, obj, key, ...rest);
  };
}
