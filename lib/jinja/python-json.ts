/**
 * JSON and YAML the way dbt's `tojson` / `fromjson` / `toyaml` / `fromyaml` treat them: Python's
 * `json.dumps` spacing (`{"a": 1, "b": [1, 2]}`), Jinja's HTML-safe variant for the `tojson`
 * filter, and parsed documents turned into template values (dicts, lists), never JS objects.
 */
import YAML from 'yaml';
import { TemplateRuntimeError } from './errors';
import { formatFloat, pyStr } from './python-str';
import {
  HostObject,
  isDict,
  Namespace,
  PyFloat,
  toJinja,
  typeName,
  Undefined,
  type Value,
} from './values';

function jsonString(s: string, asciiOnly: boolean): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || (asciiOnly && code > 0x7e)) {
      if (code > 0xffff) {
        const hi = Math.floor((code - 0x10000) / 0x400) + 0xd800;
        const lo = ((code - 0x10000) % 0x400) + 0xdc00;
        out += `\\u${hi.toString(16)}\\u${lo.toString(16)}`;
      } else out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

export interface JsonOptions {
  indent?: number;
  sortKeys?: boolean;
}

/** Python's `json.dumps(value)` (ensure_ascii, `, ` and `: ` separators, optional indent). */
export function pyJsonDumps(value: Value, options: JsonOptions = {}, level = 0): string {
  const { indent } = options;
  const newline = indent !== undefined ? `\n${' '.repeat(indent * (level + 1))}` : '';
  const close = indent !== undefined ? `\n${' '.repeat(indent * level)}` : '';
  const itemSep = indent !== undefined ? ',' : ', ';
  if (value === null || value instanceof Undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    return Number.isInteger(value) ? String(value) : formatFloat(value);
  }
  if (value instanceof PyFloat) return formatFloat(value.value);
  if (typeof value === 'string') return jsonString(value, true);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => pyJsonDumps(v, options, level + 1));
    return `[${newline}${items.join(itemSep + newline)}${close}]`;
  }
  if (isDict(value) || value instanceof Namespace) {
    const entries = [...(isDict(value) ? value : value.attrs)];
    if (options.sortKeys) entries.sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
    if (entries.length === 0) return '{}';
    const items = entries.map(
      ([k, v]) =>
        `${jsonString(typeof k === 'string' ? k : pyJsonDumps(k), true)}: ${pyJsonDumps(v, options, level + 1)}`,
    );
    return `{${newline}${items.join(itemSep + newline)}${close}}`;
  }
  if (value instanceof HostObject) return jsonString(value.str(), true);
  throw new TemplateRuntimeError(`Object of type ${typeName(value)} is not JSON serializable`);
}

/** Jinja's `| tojson`: JSON safe to put in HTML (`<`, `>`, `&`, `'` escaped). */
export function htmlSafeJson(value: Value, indent?: number): string {
  return pyJsonDumps(value, { indent })
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/'/g, '\\u0027');
}

export function fromJson(text: Value): Value {
  if (typeof text !== 'string') {
    throw new TemplateRuntimeError(`the JSON object must be str, not ${typeName(text)}`);
  }
  try {
    return toJinja(JSON.parse(text));
  } catch (error) {
    throw new TemplateRuntimeError(`fromjson: ${(error as Error).message}`);
  }
}

function toPlain(value: Value): unknown {
  if (value instanceof Undefined || value === null) return null;
  if (value instanceof PyFloat) return value.value;
  if (Array.isArray(value)) return value.map(toPlain);
  if (isDict(value) || value instanceof Namespace) {
    const out = new Map<unknown, unknown>();
    for (const [k, v] of isDict(value) ? value : value.attrs) out.set(k, toPlain(v));
    return out;
  }
  if (typeof value === 'object' || typeof value === 'function') return pyStr(value);
  return value;
}

export function toYaml(value: Value): string {
  return YAML.stringify(toPlain(value), { indent: 2 });
}

export function fromYaml(text: Value): Value {
  if (typeof text !== 'string') {
    throw new TemplateRuntimeError(`fromyaml expects a string, not ${typeName(text)}`);
  }
  const doc = YAML.parseDocument(text, { uniqueKeys: false });
  if (doc.errors[0])
    throw new TemplateRuntimeError(`fromyaml: ${doc.errors[0].message.split('\n')[0]}`);
  return toJinja(doc.toJS({ maxAliasCount: 100 }));
}
