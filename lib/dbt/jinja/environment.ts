/**
 * The Jinja environment: nunjucks plus what dbt's Jinja has and nunjucks lacks — `{% do %}`,
 * `return()` from macros, Python methods on strings/lists/dicts, `True`/`False`/`None`, dbt's
 * filters (`as_bool`, `as_number`, `tojson`…) — and rendering a template with the project's macros.
 */
import nunjucks from 'nunjucks';
import { JinjaError } from '../errors';
import { toJinjaError } from './errors';
import { installPythonCompat } from './python-compat';

type AnyFn = (...args: unknown[]) => unknown;

interface ExportingTemplate extends nunjucks.Template {
  getExported(
    ctx: object,
    parentFrame: null,
    cb: (err: Error | null, exported: Record<string, AnyFn>) => void,
  ): void;
}

/** Slots for `return()`: one per macro call in progress. The first `return()` in a call wins. */
const NO_RETURN = Symbol('no-return');
const returnStack: unknown[] = [];

function installMacroReturn(): void {
  const runtime = (nunjucks as unknown as { runtime: { makeMacro: AnyFn } }).runtime;
  const original = runtime.makeMacro;
  runtime.makeMacro = (argNames: unknown, kwargNames: unknown, func: unknown) =>
    original(argNames, kwargNames, function (this: unknown, ...args: unknown[]) {
      returnStack.push(NO_RETURN);
      try {
        const output = (func as AnyFn).apply(this, args);
        const returned = returnStack[returnStack.length - 1];
        return returned === NO_RETURN ? output : returned;
      } finally {
        returnStack.pop();
      }
    });
}

/** dbt's `return(value)`: the macro call evaluates to `value` instead of its text. */
export function macroReturn(value: unknown): string {
  if (returnStack.length === 0)
    throw new JinjaError('return() can only be used inside a macro', '');
  if (returnStack[returnStack.length - 1] === NO_RETURN)
    returnStack[returnStack.length - 1] = value;
  return '';
}

/** `{% do expr %}`: evaluates an expression for its effect (`{% do cols.append(c) %}`). */
interface NunjucksParser {
  nextToken(): { value: string; lineno: number; colno: number };
  parseExpression(): unknown;
  advanceAfterBlockEnd(name: string): void;
}

interface NunjucksNodes {
  CallExtension: new (ext: object, method: string, args: unknown) => unknown;
  NodeList: new (lineno: number, colno: number, children: unknown[]) => unknown;
}

class DoExtension implements nunjucks.Extension {
  tags = ['do'];
  parse(parser: NunjucksParser, nodes: NunjucksNodes): unknown {
    const token = parser.nextToken();
    const expression = parser.parseExpression();
    parser.advanceAfterBlockEnd(token.value);
    return new nodes.CallExtension(
      this,
      'run',
      new nodes.NodeList(token.lineno, token.colno, [expression]),
    );
  }
  run(): string {
    return '';
  }
}

function asBool(value: unknown): boolean {
  if (typeof value === 'string') return ['true', '1', 'yes'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value).filter(([k]) => k !== '__keywords');
    return `{${entries.map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}

function createEnvironment(): nunjucks.Environment {
  installPythonCompat();
  installMacroReturn();
  const env = new nunjucks.Environment(null, {
    autoescape: false,
    dev: true,
    throwOnUndefined: false,
  });
  env.addExtension('do', new DoExtension());
  env.addGlobal('True', true);
  env.addGlobal('False', false);
  env.addGlobal('None', null);
  env.addFilter('as_bool', asBool);
  env.addFilter('bool', asBool);
  env.addFilter('as_number', (v: unknown) => Number(v));
  env.addFilter('as_text', (v: unknown) => (v === null || v === undefined ? '' : String(v)));
  env.addFilter('as_native', (v: unknown) => v);
  env.addFilter('tojson', (v: unknown) => JSON.stringify(v));
  env.addFilter('pprint', pythonRepr);
  env.addFilter('unique', (v: unknown) => (Array.isArray(v) ? [...new Set(v)] : v));
  env.addFilter('map', (items: unknown, ...args: unknown[]) => {
    if (!Array.isArray(items)) return [];
    const last = args[args.length - 1] as { attribute?: string; __keywords?: boolean } | undefined;
    if (last && last.__keywords && last.attribute) {
      return items.map((item) => (item as Record<string, unknown>)[last.attribute!]);
    }
    const filter = env.getFilter(String(args[0]));
    return items.map((item) => filter(item, ...args.slice(1)));
  });
  // nunjucks has addTest; its type declarations do not
  const tests = env as unknown as { addTest(name: string, test: (v: unknown) => boolean): void };
  tests.addTest('sequence', (v) => Array.isArray(v) || typeof v === 'string');
  tests.addTest('boolean', (v) => typeof v === 'boolean');
  tests.addTest('integer', (v) => Number.isInteger(v));
  return env;
}

let environment: nunjucks.Environment | undefined;

export function jinjaEnvironment(): nunjucks.Environment {
  environment ??= createEnvironment();
  return environment;
}

export { pythonRepr };

const templateCache = new Map<string, nunjucks.Template>();

/** Compiles (and caches) a template; a syntax error becomes a JinjaError with file and line. */
export function compileTemplate(source: string, file: string): nunjucks.Template {
  const key = `${file}\u0000${source}`;
  const cached = templateCache.get(key);
  if (cached) return cached;
  let template: nunjucks.Template;
  try {
    template = new nunjucks.Template(source, jinjaEnvironment(), file, true);
  } catch (error) {
    throw toJinjaError(error, file, source, 'parse');
  }
  if (templateCache.size > 1000) templateCache.clear();
  templateCache.set(key, template);
  return template;
}

export interface MacroSource {
  file: string;
  source: string;
  /** Names of the macros the file defines. */
  names: string[];
}

/** The macro names a file defines, found without rendering it. */
export function macroNames(source: string): string[] {
  return [...source.matchAll(/\{%-?\s*macro\s+(\w+)\s*\(/g)].map((m) => m[1]!);
}

/**
 * Renders `source` with `context` plus every project macro. Macros are reached through small
 * forwarding functions so a macro in one file can call a macro in another.
 */
export function renderTemplate(
  source: string,
  file: string,
  context: Record<string, unknown>,
  macros: MacroSource[] = [],
): string {
  const registry: Record<string, AnyFn> = {};
  const ctx: Record<string, unknown> = { ...context };
  for (const macro of macros) {
    for (const name of macro.names) {
      if (name in context) continue; // the engine's own functions win (`ref`, `source`…)
      ctx[name] = (...args: unknown[]) => {
        const target = registry[name];
        if (!target) throw new JinjaError(`'${name}' is undefined`, macro.file);
        return target(...args);
      };
    }
  }
  for (const macro of macros) {
    const template = compileTemplate(macro.source, macro.file) as ExportingTemplate;
    template.getExported(ctx, null, (err, exported) => {
      if (err) throw toJinjaError(err, macro.file, macro.source, 'render');
      for (const name of macro.names) if (exported[name]) registry[name] = exported[name];
    });
  }
  const template = compileTemplate(source, file);
  try {
    return template.render(ctx);
  } catch (error) {
    throw toJinjaError(error, file, source, 'render');
  }
}
