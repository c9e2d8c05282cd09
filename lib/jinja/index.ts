/**
 * A Jinja engine for untrusted templates, written for dbt projects: the same code renders a
 * student's model in their tab, in the CLI, on the server and in an instructor's browser. A
 * template reaches only the values it is given (see values.ts), and runs within a step budget, a
 * recursion limit, an output limit and a time limit (see interpreter.ts). README.md beside this
 * file lists what it supports.
 */
import type { MacroDef, Program } from './ast';
import { TemplateSyntaxError } from './errors';
import { BUILTIN_FILTERS, type FilterFn } from './filters';
import { BUILTIN_GLOBALS } from './globals';
import { DEFAULT_LIMITS, Macro, Render, ReturnSignal, Scope, type Limits } from './interpreter';
import { parseTemplate } from './parser';
import { BUILTIN_TESTS, type TestFn } from './tests';
import { toJinja, type JinjaFunction, type Kwargs, type Value } from './values';

export * from './errors';
export * from './values';
export { pyRepr, pyStr, formatFloat } from './python-str';
export { pyJsonDumps, fromJson, fromYaml, toYaml } from './python-json';
export { percentFormat, strFormat } from './python-format';
export { iterate as iterateValue, pyEquals } from './operators';
export { Macro, DEFAULT_LIMITS, type Limits } from './interpreter';
export type { FilterFn, FilterContext } from './filters';
export type { TestFn } from './tests';
export type { Program } from './ast';

/** A parsed template. */
export interface Template {
  readonly name: string;
  readonly program: Program;
}

export interface EnvironmentOptions {
  /** Values every render sees (under the render's own context). */
  globals?: Record<string, unknown>;
  filters?: Record<string, FilterFn>;
  tests?: Record<string, TestFn>;
  limits?: Partial<Limits>;
}

export interface RenderOptions {
  /** Macros callable by name (a project's macro files), under the context. */
  macros?: ReadonlyMap<string, Macro>;
  limits?: Partial<Limits>;
  signal?: AbortSignal;
}

const returnFn: JinjaFunction = (args) => {
  throw new ReturnSignal(args[0] ?? null);
};

function walk(node: unknown, visit: (kind: string, node: Record<string, unknown>) => void): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) stack.push(...item);
    else if (item && typeof item === 'object' && 'k' in item) {
      const n = item as Record<string, unknown>;
      visit(String(n.k), n);
      for (const value of Object.values(n)) stack.push(value);
    } else if (item && typeof item === 'object') {
      for (const value of Object.values(item)) stack.push(value);
    }
  }
}

export class Environment {
  private readonly globals = new Map<string, Value>();
  private readonly filters: Record<string, FilterFn>;
  private readonly tests: Record<string, TestFn>;
  private readonly limits: Limits;
  private readonly cache = new Map<string, Template>();

  constructor(options: EnvironmentOptions = {}) {
    for (const [name, value] of Object.entries(BUILTIN_GLOBALS)) this.globals.set(name, value);
    this.globals.set('return', returnFn);
    for (const [name, value] of Object.entries(options.globals ?? {})) {
      this.globals.set(name, toJinja(value));
    }
    this.filters = { ...(options.filters ?? {}) };
    this.tests = { ...(options.tests ?? {}) };
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  /** Parses (and caches) a template; unknown filters and tests are syntax errors, as in Jinja. */
  parse(source: string, name: string): Template {
    const key = `${name}\u0000${source}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const program = parseTemplate(source, name);
    this.check(program);
    const template = { name, program };
    if (this.cache.size > 2000) this.cache.clear();
    this.cache.set(key, template);
    return template;
  }

  private check(program: Program): void {
    walk(program.body, (kind, node) => {
      if (kind === 'filter' || kind === 'filterblock' || kind === 'setblock') {
        const names =
          kind === 'filter'
            ? [{ name: String(node.name), line: Number(node.line) }]
            : (node.filters as { name: string; line: number }[]);
        for (const f of names) {
          if (!Object.hasOwn(this.filters, f.name) && !Object.hasOwn(BUILTIN_FILTERS, f.name)) {
            throw new TemplateSyntaxError(`No filter named '${f.name}'.`, program.name, f.line);
          }
        }
      }
      if (kind === 'test') {
        const name = String(node.name);
        if (!Object.hasOwn(this.tests, name) && !Object.hasOwn(BUILTIN_TESTS, name)) {
          throw new TemplateSyntaxError(
            `No test named '${name}'.`,
            program.name,
            Number(node.line),
          );
        }
      }
    });
  }

  /** The top-level macros of a template, callable from any render (their globals are its). */
  macros(template: Template): Macro[] {
    return template.program.macros.map((def: MacroDef) => new Macro(def, null, template.name));
  }

  private rootScope(context: Record<string, unknown>, macros?: ReadonlyMap<string, Macro>): Scope {
    const root = new Scope(null);
    for (const [name, value] of this.globals) root.vars.set(name, value);
    for (const [name, macro] of macros ?? []) root.vars.set(name, macro);
    for (const [name, value] of Object.entries(context)) {
      if (value !== undefined) root.vars.set(name, toJinja(value));
    }
    return root;
  }

  private render$(
    template: Template,
    context: Record<string, unknown>,
    options: RenderOptions,
  ): Render {
    return new Render({
      root: this.rootScope(context, options.macros),
      filters: this.filters,
      tests: this.tests,
      limits: { ...this.limits, ...options.limits },
      file: template.name,
      signal: options.signal,
    });
  }

  async render(
    template: Template,
    context: Record<string, unknown> = {},
    options: RenderOptions = {},
  ): Promise<string> {
    const render = this.render$(template, context, options);
    try {
      return await render.renderBody(template.program.body, render.root);
    } catch (signal) {
      if (signal instanceof ReturnSignal) {
        throw new TemplateSyntaxError(
          'return() can only be used inside a macro',
          template.name,
          render.line,
        );
      }
      throw signal;
    }
  }

  /** Parses and renders in one call. */
  async renderString(
    source: string,
    name: string,
    context: Record<string, unknown> = {},
    options: RenderOptions = {},
  ): Promise<string> {
    return this.render(this.parse(source, name), context, options);
  }

  /** Calls a macro outside any template (dbt's `run-operation`), with `context` as its globals. */
  async callMacro(
    macro: Macro,
    args: Value[],
    kwargs: Kwargs,
    context: Record<string, unknown> = {},
    options: RenderOptions = {},
  ): Promise<Value> {
    const render = this.render$(
      { name: macro.file, program: { name: macro.file, body: [], macros: [] } },
      context,
      options,
    );
    return render.callMacro(macro, args, kwargs);
  }
}
