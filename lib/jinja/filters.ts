/**
 * Jinja's built-in filters plus dbt's (`as_bool`, `as_number`, `as_text`, `as_native`). Filters
 * that read attributes (`map(attribute=…)`, `selectattr`, `sort(attribute=…)`) go through the
 * interpreter's sandboxed lookup, never a JavaScript property.
 */
import { TemplateRuntimeError } from './errors';
import { iterate, length, pyCompare, pyEquals } from './operators';
import { percentFormat } from './python-format';
import { htmlSafeJson } from './python-json';
import { pyRepr, pyRound, pyStr } from './python-str';
import {
  float,
  isDict,
  isFloat,
  isNumber,
  num,
  truthy,
  tuple,
  typeName,
  Undefined,
  type Kwargs,
  type PyDict,
  type Value,
} from './values';

export interface FilterContext {
  getattr(obj: Value, name: string): Value;
  filter(name: string, value: Value, args: Value[], kwargs: Kwargs): Promise<Value>;
  test(name: string, value: Value, args: Value[]): Promise<boolean>;
  charge(steps: number): void;
}

export type FilterFn = (
  ctx: FilterContext,
  value: Value,
  args: Value[],
  kwargs: Kwargs,
) => Value | Promise<Value>;

function opt(args: Value[], kwargs: Kwargs, index: number, name: string, fallback: Value): Value {
  if (kwargs.has(name)) return kwargs.get(name)!;
  return args[index] !== undefined ? args[index]! : fallback;
}

/** `a.b.c` or `0` — Jinja's attribute paths for map, sort, groupby… */
function attrGetter(ctx: FilterContext, attribute: Value): (item: Value) => Value {
  const parts = pyStr(attribute).split('.');
  return (item) => {
    let value = item;
    for (const part of parts) {
      value =
        /^\d+$/.test(part) && Array.isArray(value)
          ? (value[Number(part)] ?? new Undefined(`no item ${part}`))
          : ctx.getattr(value, part);
    }
    return value;
  };
}

function sortKey(value: Value, caseSensitive: boolean): Value {
  return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value;
}

function list(value: Value, ctx: FilterContext): Value[] {
  const items = iterate(value);
  ctx.charge(items.length);
  return items;
}

function toInt(value: Value, fallback: Value, base: number): Value {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (isNumber(value)) return Math.trunc(num(value));
  if (typeof value === 'string') {
    const text = value.trim().replace(/_/g, '');
    if (base === 10 && /^[+-]?\d+$/.test(text)) return Number(text);
    if (base === 10 && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text))
      return Math.trunc(Number(text));
    const prefixed = /^([+-]?)0([xob])([0-9a-f]+)$/i.exec(text);
    if (prefixed) {
      const radix = { x: 16, o: 8, b: 2 }[prefixed[2]!.toLowerCase() as 'x' | 'o' | 'b'];
      const n = parseInt(prefixed[3]!, radix);
      if (!Number.isNaN(n)) return prefixed[1] === '-' ? -n : n;
    }
    if (base !== 10) {
      const n = parseInt(text, base);
      if (!Number.isNaN(n)) return n;
    }
  }
  return fallback;
}

function toFloat(value: Value, fallback: Value): Value {
  if (isNumber(value)) return float(num(value));
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim().replace(/_/g, ''));
    if (!Number.isNaN(n)) return float(n);
    const special = value.trim().toLowerCase();
    if (special === 'inf' || special === 'infinity') return Infinity;
    if (special === '-inf' || special === '-infinity') return -Infinity;
  }
  return fallback;
}

/** Jinja's `striptags`, in one pass (a pattern with a lazy `*?` would be quadratic on `<!--<!--…`). */
function stripTags(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open === -1) break;
    out += text.slice(i, open);
    const comment = text.startsWith('<!--', open);
    const close = comment ? text.indexOf('-->', open + 4) : text.indexOf('>', open + 1);
    if (close === -1) {
      // no end: the rest is text when a tag never closes, nothing when a comment never does
      if (!comment) out += text.slice(open);
      i = text.length;
      break;
    }
    i = close + (comment ? 3 : 1);
  }
  out += text.slice(i);
  return out.replace(/\s+/g, ' ').trim();
}

function escapeHtml(value: Value): string {
  return pyStr(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&#34;')
    .replace(/'/g, '&#39;');
}

function asBool(value: Value): Value {
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    if (text === 'true') return true;
    if (text === 'false') return false;
  }
  return value;
}

function asNumber(value: Value): Value {
  if (typeof value === 'string') {
    const text = value.trim();
    if (/^[+-]?\d+$/.test(text)) return Number(text);
    const n = Number(text);
    if (text !== '' && !Number.isNaN(n)) return float(n);
  }
  return value;
}

async function selectOrReject(
  ctx: FilterContext,
  value: Value,
  args: Value[],
  keep: boolean,
  attribute: boolean,
): Promise<Value> {
  const items = list(value, ctx);
  const get = attribute ? attrGetter(ctx, args[0] ?? null) : (item: Value) => item;
  const rest = attribute ? args.slice(1) : args;
  const testName = rest[0] === undefined ? undefined : pyStr(rest[0]);
  const out: Value[] = [];
  for (const item of items) {
    const subject = get(item);
    const passed =
      testName === undefined ? truthy(subject) : await ctx.test(testName, subject, rest.slice(1));
    if (passed === keep) out.push(item);
  }
  return out;
}

function wordwrap(s: string, width: number, breakLongWords: boolean, wrapstring: string): string {
  const out: string[] = [];
  for (const paragraph of s.split('\n')) {
    let line = '';
    for (let word of paragraph.split(/\s+/).filter(Boolean)) {
      while (breakLongWords && word.length > width) {
        if (line) {
          out.push(line);
          line = '';
        }
        out.push(word.slice(0, width));
        word = word.slice(width);
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        out.push(line);
        line = word;
      }
    }
    out.push(line);
  }
  return out.join(wrapstring);
}

/** `max` (direction 1) or `min` (-1), optionally by attribute and ignoring case. */
function extreme(c: FilterContext, v: Value, a: Value[], k: Kwargs, direction: 1 | -1): Value {
  const items = list(v, c);
  if (items.length === 0) return new Undefined('No aggregated item, sequence was empty.');
  const caseSensitive = truthy(opt(a, k, 0, 'case_sensitive', false));
  const attribute = opt(a, k, 1, 'attribute', null);
  const get = attribute === null ? (x: Value) => x : attrGetter(c, attribute);
  const key = (x: Value) => sortKey(get(x), caseSensitive);
  return items.reduce((best, x) => (pyCompare(key(x), key(best)) * direction > 0 ? x : best));
}

export const BUILTIN_FILTERS: Record<string, FilterFn> = {
  abs: (_c, v) => {
    if (!isNumber(v))
      throw new TemplateRuntimeError(`bad operand type for abs(): '${typeName(v)}'`);
    return isFloat(v) ? float(Math.abs(num(v))) : Math.abs(num(v));
  },
  attr: (c, v, a) => c.getattr(v, pyStr(a[0] ?? '')),
  batch: (c, v, a, k) => {
    const items = list(v, c);
    const size = Math.max(1, Math.trunc(num(opt(a, k, 0, 'linecount', 1))));
    const fill = opt(a, k, 1, 'fill_with', null);
    const out: Value[] = [];
    for (let i = 0; i < items.length; i += size) {
      const chunk = items.slice(i, i + size);
      if (chunk.length < size && fill !== null) while (chunk.length < size) chunk.push(fill);
      out.push(chunk);
    }
    return out;
  },
  capitalize: (_c, v) => {
    const s = pyStr(v);
    return s ? s[0]!.toUpperCase() + s.slice(1).toLowerCase() : s;
  },
  center: (_c, v, a, k) => {
    const s = pyStr(v);
    const width = Math.trunc(num(opt(a, k, 0, 'width', 80)));
    const room = Math.max(0, width - s.length);
    const left = Math.floor(room / 2) + (room % 2 && width % 2 ? 1 : 0);
    return ' '.repeat(left) + s + ' '.repeat(room - left);
  },
  default: (_c, v, a, k) => {
    const fallback = opt(a, k, 0, 'default_value', '');
    const boolean = truthy(opt(a, k, 1, 'boolean', false));
    if (v instanceof Undefined || (boolean && !truthy(v))) return fallback;
    return v;
  },
  dictsort: (c, v, a, k) => {
    if (!isDict(v)) throw new TemplateRuntimeError('dictsort needs a dict');
    const caseSensitive = truthy(opt(a, k, 0, 'case_sensitive', false));
    const by = pyStr(opt(a, k, 1, 'by', 'key'));
    const reverse = truthy(opt(a, k, 2, 'reverse', false));
    const index = by === 'value' ? 1 : 0;
    c.charge(v.size);
    const items = [...v].map(([key, value]) => tuple([key, value]));
    items.sort((x, y) =>
      pyCompare(sortKey(x[index]!, caseSensitive), sortKey(y[index]!, caseSensitive)),
    );
    return reverse ? items.reverse() : items;
  },
  escape: (_c, v) => escapeHtml(v),
  forceescape: (_c, v) => escapeHtml(v),
  filesizeformat: (_c, v, a, k) => {
    const bytes = num(v);
    const binary = truthy(opt(a, k, 0, 'binary', false));
    const base = binary ? 1024 : 1000;
    const units = binary
      ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB']
      : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
    if (bytes === 1) return '1 Byte';
    if (bytes < base) return `${bytes} Bytes`;
    let unit = 0;
    let value = bytes / base;
    while (value >= base && unit < units.length - 1) {
      value /= base;
      unit++;
    }
    return `${value.toFixed(1)} ${units[unit]}`;
  },
  first: (c, v) => {
    const items = typeof v === 'string' ? [...v] : list(v, c);
    return items.length > 0 ? items[0]! : new Undefined('No first item, sequence was empty.');
  },
  last: (c, v) => {
    const items = typeof v === 'string' ? [...v] : list(v, c);
    return items.length > 0
      ? items[items.length - 1]!
      : new Undefined('No last item, sequence was empty.');
  },
  float: (_c, v, a, k) => toFloat(v, opt(a, k, 0, 'default', float(0))),
  format: (_c, v, a, k) => {
    if (a.length > 0 && k.size > 0) {
      throw new TemplateRuntimeError(
        "can't handle positional and keyword arguments at the same time",
      );
    }
    return percentFormat(pyStr(v), k.size > 0 ? (k as PyDict) : tuple(a));
  },
  groupby: (c, v, a, k) => {
    const get = attrGetter(c, opt(a, k, 0, 'attribute', null));
    const fallback = opt(a, k, 1, 'default', null);
    const caseSensitive = truthy(opt(a, k, 2, 'case_sensitive', false));
    const groups: { key: Value; items: Value[] }[] = [];
    const items = list(v, c);
    const keyed = items.map((item) => {
      const key = get(item);
      return { key: key instanceof Undefined ? fallback : key, item };
    });
    keyed.sort((x, y) => pyCompare(sortKey(x.key, caseSensitive), sortKey(y.key, caseSensitive)));
    for (const { key, item } of keyed) {
      const last = groups[groups.length - 1];
      if (last && pyEquals(sortKey(last.key, caseSensitive), sortKey(key, caseSensitive)))
        last.items.push(item);
      else groups.push({ key, items: [item] });
    }
    return groups.map((g) => tuple([g.key, g.items]));
  },
  indent: (_c, v, a, k) => {
    const width = opt(a, k, 0, 'width', 4);
    const first = truthy(opt(a, k, 1, 'first', false));
    const blank = truthy(opt(a, k, 2, 'blank', false));
    const pad = typeof width === 'string' ? width : ' '.repeat(Math.trunc(num(width)));
    const lines = pyStr(v).split('\n');
    return lines
      .map((line, i) => {
        if (i === 0 && !first) return line;
        if (!blank && line.trim() === '') return line;
        return pad + line;
      })
      .join('\n');
  },
  int: (_c, v, a, k) =>
    toInt(v, opt(a, k, 0, 'default', 0), Math.trunc(num(opt(a, k, 1, 'base', 10)))),
  items: (_c, v) => {
    if (v instanceof Undefined) return [];
    if (!isDict(v))
      throw new TemplateRuntimeError(`Can only get item pairs from a mapping, not ${typeName(v)}`);
    return [...v].map(([key, value]) => tuple([key, value]));
  },
  join: (c, v, a, k) => {
    const sep = pyStr(opt(a, k, 0, 'd', ''));
    const attribute = opt(a, k, 1, 'attribute', null);
    let items = list(v, c);
    if (attribute !== null) items = items.map(attrGetter(c, attribute));
    return items.map(pyStr).join(sep);
  },
  length: (_c, v) => length(v),
  list: (c, v) => list(v, c),
  lower: (_c, v) => pyStr(v).toLowerCase(),
  upper: (_c, v) => pyStr(v).toUpperCase(),
  map: async (c, v, a, k) => {
    const items = list(v, c);
    if (k.has('attribute')) {
      const get = attrGetter(c, k.get('attribute')!);
      const fallback = k.get('default');
      return items.map((item) => {
        const value = get(item);
        return value instanceof Undefined && fallback !== undefined ? fallback : value;
      });
    }
    if (a.length === 0) return items;
    const name = pyStr(a[0]!);
    const rest = a.slice(1);
    const out: Value[] = [];
    for (const item of items) out.push(await c.filter(name, item, rest, k));
    return out;
  },
  max: (c, v, a, k) => extreme(c, v, a, k, 1),
  min: (c, v, a, k) => extreme(c, v, a, k, -1),
  pprint: (_c, v) => pyRepr(v),
  reject: (c, v, a) => selectOrReject(c, v, a, false, false),
  rejectattr: (c, v, a) => selectOrReject(c, v, a, false, true),
  select: (c, v, a) => selectOrReject(c, v, a, true, false),
  selectattr: (c, v, a) => selectOrReject(c, v, a, true, true),
  replace: (_c, v, a, k) => {
    const s = pyStr(v);
    const from = pyStr(opt(a, k, 0, 'old', ''));
    const to = pyStr(opt(a, k, 1, 'new', ''));
    const count = opt(a, k, 2, 'count', null);
    if (count === null) return s.split(from).join(to);
    const parts = s.split(from);
    const n = Math.trunc(num(count));
    return (
      parts.slice(0, n + 1).join(to) +
      (parts.length > n + 1 ? from + parts.slice(n + 1).join(from) : '')
    );
  },
  reverse: (c, v) => {
    if (typeof v === 'string') return [...v].reverse().join('');
    return list(v, c).reverse();
  },
  round: (_c, v, a, k) => {
    const precision = Math.trunc(num(opt(a, k, 0, 'precision', 0)));
    const method = pyStr(opt(a, k, 1, 'method', 'common'));
    const n = num(v);
    const factor = 10 ** precision;
    if (method === 'ceil') return float(Math.ceil(n * factor) / factor);
    if (method === 'floor') return float(Math.floor(n * factor) / factor);
    if (method !== 'common') throw new TemplateRuntimeError('method must be common, ceil or floor');
    return float(pyRound(n, precision));
  },
  safe: (_c, v) => v,
  slice: (c, v, a, k) => {
    const items = list(v, c);
    const slices = Math.max(1, Math.trunc(num(opt(a, k, 0, 'slices', 1))));
    const fill = opt(a, k, 1, 'fill_with', null);
    const per = Math.floor(items.length / slices);
    const extra = items.length % slices;
    const out: Value[] = [];
    let offset = 0;
    for (let i = 0; i < slices; i++) {
      const size = per + (i < extra ? 1 : 0);
      const part = items.slice(offset, offset + size);
      offset += size;
      if (fill !== null && i >= extra && extra > 0) part.push(fill);
      out.push(part);
    }
    return out;
  },
  sort: (c, v, a, k) => {
    const reverse = truthy(opt(a, k, 0, 'reverse', false));
    const caseSensitive = truthy(opt(a, k, 1, 'case_sensitive', false));
    const attribute = opt(a, k, 2, 'attribute', null);
    const get = attribute === null ? (x: Value) => x : attrGetter(c, attribute);
    const items = list(v, c);
    items.sort((x, y) => pyCompare(sortKey(get(x), caseSensitive), sortKey(get(y), caseSensitive)));
    return reverse ? items.reverse() : items;
  },
  string: (_c, v) => pyStr(v),
  striptags: (_c, v) => stripTags(pyStr(v)),
  sum: (c, v, a, k) => {
    const attribute = opt(a, k, 0, 'attribute', null);
    let total: Value = opt(a, k, 1, 'start', 0);
    const get = attribute === null ? (x: Value) => x : attrGetter(c, attribute);
    for (const item of list(v, c)) {
      const x = get(item);
      if (!isNumber(x) || !isNumber(total)) {
        throw new TemplateRuntimeError(
          `unsupported operand type(s) for +: '${typeName(total)}' and '${typeName(x)}'`,
        );
      }
      total = isFloat(x) || isFloat(total) ? float(num(total) + num(x)) : num(total) + num(x);
    }
    return total;
  },
  title: (_c, v) =>
    pyStr(v).replace(/[A-Za-z]+/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()),
  tojson: (_c, v, a, k) => {
    const indent = opt(a, k, 0, 'indent', null);
    return htmlSafeJson(v, indent === null ? undefined : Math.trunc(num(indent)));
  },
  trim: (_c, v, a, k) => {
    const chars = opt(a, k, 0, 'chars', null);
    const s = pyStr(v);
    if (chars === null) return s.trim();
    const set = pyStr(chars);
    let start = 0;
    let end = s.length;
    while (start < end && set.includes(s[start]!)) start++;
    while (end > start && set.includes(s[end - 1]!)) end--;
    return s.slice(start, end);
  },
  truncate: (_c, v, a, k) => {
    const s = pyStr(v);
    const len = Math.trunc(num(opt(a, k, 0, 'length', 255)));
    const killwords = truthy(opt(a, k, 1, 'killwords', false));
    const end = pyStr(opt(a, k, 2, 'end', '...'));
    const leeway = Math.trunc(num(opt(a, k, 3, 'leeway', 5)));
    if (s.length <= len + leeway) return s;
    if (killwords) return s.slice(0, len - end.length) + end;
    const cut = s.slice(0, len - end.length);
    const space = cut.lastIndexOf(' ');
    return (space > 0 ? cut.slice(0, space) : cut) + end;
  },
  unique: (c, v, a, k) => {
    const caseSensitive = truthy(opt(a, k, 0, 'case_sensitive', false));
    const attribute = opt(a, k, 1, 'attribute', null);
    const get = attribute === null ? (x: Value) => x : attrGetter(c, attribute);
    const out: Value[] = [];
    const seen: Value[] = [];
    for (const item of list(v, c)) {
      const key = sortKey(get(item), caseSensitive);
      if (!seen.some((s) => pyEquals(s, key))) {
        seen.push(key);
        out.push(item);
      }
    }
    return out;
  },
  urlencode: (_c, v) => {
    if (isDict(v)) {
      return [...v]
        .map(
          ([key, value]) => `${encodeURIComponent(pyStr(key))}=${encodeURIComponent(pyStr(value))}`,
        )
        .join('&');
    }
    return encodeURIComponent(pyStr(v)).replace(/%2F/g, '/');
  },
  wordcount: (_c, v) => (pyStr(v).match(/\w+/g) ?? []).length,
  wordwrap: (_c, v, a, k) =>
    wordwrap(
      pyStr(v),
      Math.trunc(num(opt(a, k, 0, 'width', 79))),
      truthy(opt(a, k, 1, 'break_long_words', true)),
      pyStr(opt(a, k, 2, 'wrapstring', '\n')),
    ),
  // dbt's filters
  as_bool: (_c, v) => asBool(v),
  as_number: (_c, v) => asNumber(v),
  as_text: (_c, v) => (v === null || v instanceof Undefined ? '' : pyStr(v)),
  as_native: (_c, v) => asNumber(asBool(v)),
};

BUILTIN_FILTERS.d = BUILTIN_FILTERS.default!;
BUILTIN_FILTERS.e = BUILTIN_FILTERS.escape!;
BUILTIN_FILTERS.count = BUILTIN_FILTERS.length!;
