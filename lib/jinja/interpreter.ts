/**
 * Renders a parsed template. Asynchronous, so a host function may query a database (dbt's
 * `run_query`) in the middle of a render. Every statement, loop iteration and call costs a step
 * from a budget, macro calls nest only so deep, output and values only grow so large, and a wall
 * clock backs it all up: a runaway template stops with a TemplateLimitError naming the file and
 * line, it never hangs the tab or a worker.
 */
import type { CallArgs, Expr, FilterCall, MacroDef, Stmt, Target } from './ast';
import {
  recordLocation,
  TemplateLimitError,
  TemplateRuntimeError,
  UndefinedCallError,
} from './errors';
import { BUILTIN_FILTERS, type FilterContext, type FilterFn } from './filters';
import { LoopContext } from './globals';
import { pythonMethod } from './methods';
import { binaryOp, compareOp, iterate, slice, unaryOp } from './operators';
import { pyStr } from './python-str';
import { BUILTIN_TESTS, type TestFn } from './tests';
import {
  dictKey,
  HostObject,
  isDict,
  isMacro,
  isNumber,
  Namespace,
  num,
  truthy,
  tuple,
  typeName,
  Undefined,
  type CallContext,
  type JinjaFunction,
  type Kwargs,
  type MacroValue,
  type PyDict,
  type Value,
} from './values';

export interface Limits {
  /** Steps: statements, loop iterations, calls and items walked by filters. */
  fuel: number;
  /** Macro calls in progress at once (recursion depth). */
  maxDepth: number;
  /** Characters a render may output. */
  maxOutput: number;
  /** A wall-clock backstop behind the step budget (which alone is deterministic). */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  fuel: 1_000_000,
  maxDepth: 100,
  maxOutput: 20_000_000,
  timeoutMs: 20_000,
};

/** Steps between yields to the event loop, so a long render never freezes a page. */
const YIELD_EVERY = 50_000;

export class Scope {
  readonly vars = new Map<string, Value>();
  constructor(readonly parent: Scope | null) {}

  lookup(name: string): Value | undefined {
    const value = this.vars.get(name);
    if (value !== undefined) return value;
    return this.parent?.lookup(name);
  }
}

/** A macro: its definition, the scope it was defined in (null: the render's globals), its file. */
export class Macro implements MacroValue {
  readonly kind = 'macro' as const;
  constructor(
    readonly def: MacroDef,
    readonly closure: Scope | null,
    readonly file: string,
  ) {}
  get name(): string {
    return this.def.name;
  }
  get params(): string[] {
    return this.def.params.map((p) => p.name);
  }
}

class BreakSignal {}
class ContinueSignal {}
const BREAK = new BreakSignal();
const CONTINUE = new ContinueSignal();

/** dbt's `return(value)`: ends the macro call, which evaluates to `value`. */
export class ReturnSignal {
  constructor(readonly value: Value) {}
}

function isSignal(error: unknown): boolean {
  return error === BREAK || error === CONTINUE || error instanceof ReturnSignal;
}

export interface RenderSetup {
  root: Scope;
  filters: Record<string, FilterFn>;
  tests: Record<string, TestFn>;
  limits: Limits;
  file: string;
  signal?: AbortSignal;
}

/** A filter or test by name: the host's first, then Jinja's (own keys only). */
function lookup<T>(
  name: string,
  own: Record<string, T>,
  builtin: Record<string, T>,
): T | undefined {
  if (Object.hasOwn(own, name)) return own[name];
  return Object.hasOwn(builtin, name) ? builtin[name] : undefined;
}

function objectLabel(value: Value): string {
  if (value === null) return "'None'";
  return `'${typeName(value)} object'`;
}

/** One render: the budget, the current place, and the evaluator. */
export class Render implements FilterContext {
  private steps = 0;
  private nextYield = YIELD_EVERY;
  private depth = 0;
  private output = 0;
  private readonly started = Date.now();
  file: string;
  line = 1;

  constructor(private readonly setup: RenderSetup) {
    this.file = setup.file;
  }

  get root(): Scope {
    return this.setup.root;
  }

  // ---- budget ----

  private fail(message: string): never {
    throw new TemplateRuntimeError(message, this.file, this.line);
  }

  charge(steps = 1): void {
    this.steps += steps;
    if (this.steps > this.setup.limits.fuel) {
      throw new TemplateLimitError(
        `the template ran for more than ${this.setup.limits.fuel.toLocaleString('en-US')} steps and was stopped: is there a loop or a recursion without end?`,
        this.file,
        this.line,
      );
    }
    if ((this.steps & 0x3ff) === 0 || steps > 0x3ff) this.checkClock();
  }

  private checkClock(): void {
    if (this.setup.signal?.aborted) {
      throw new TemplateLimitError('the template was cancelled', this.file, this.line);
    }
    if (Date.now() - this.started > this.setup.limits.timeoutMs) {
      throw new TemplateLimitError(
        `the template ran for more than ${this.setup.limits.timeoutMs / 1000} seconds and was stopped`,
        this.file,
        this.line,
      );
    }
  }

  private async maybeYield(): Promise<void> {
    if (this.steps < this.nextYield) return;
    this.nextYield = this.steps + YIELD_EVERY;
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.checkClock();
  }

  private emit(out: string[], text: string): void {
    if (!text) return;
    this.output += text.length;
    if (this.output > this.setup.limits.maxOutput) {
      throw new TemplateLimitError(
        `the template rendered more than ${this.setup.limits.maxOutput.toLocaleString('en-US')} characters and was stopped`,
        this.file,
        this.line,
      );
    }
    out.push(text);
  }

  // ---- statements ----

  async renderBody(body: Stmt[], scope: Scope): Promise<string> {
    const out: string[] = [];
    await this.execBody(body, scope, out);
    return out.join('');
  }

  private async execBody(body: Stmt[], scope: Scope, out: string[]): Promise<void> {
    for (const stmt of body) {
      this.line = stmt.line;
      this.charge();
      if (this.steps >= this.nextYield) await this.maybeYield();
      try {
        await this.exec(stmt, scope, out);
      } catch (error) {
        if (!isSignal(error)) recordLocation(error, { file: this.file, line: this.line });
        throw error;
      }
    }
  }

  private async exec(stmt: Stmt, scope: Scope, out: string[]): Promise<void> {
    switch (stmt.k) {
      case 'data':
        this.emit(out, stmt.text);
        return;
      case 'output':
        this.emit(out, pyStr(await this.eval(stmt.expr, scope)));
        return;
      case 'if':
        for (const branch of stmt.branches) {
          if (truthy(await this.eval(branch.test, scope))) {
            await this.execBody(branch.body, scope, out);
            return;
          }
        }
        if (stmt.otherwise) await this.execBody(stmt.otherwise, scope, out);
        return;
      case 'for':
        await this.execFor(stmt, scope, out);
        return;
      case 'set':
        this.assign(stmt.target, await this.eval(stmt.expr, scope), scope);
        return;
      case 'setblock': {
        let value: Value = await this.renderBody(stmt.body, new Scope(scope));
        value = await this.applyFilters(stmt.filters, value, scope);
        this.assign(stmt.target, value, scope);
        return;
      }
      case 'macro':
        scope.vars.set(stmt.def.name, new Macro(stmt.def, scope, this.file));
        return;
      case 'callblock': {
        const caller = new Macro(stmt.caller, scope, this.file);
        const call = stmt.call as Extract<Expr, { k: 'call' }>;
        const fn = await this.eval(call.fn, scope);
        const { args, kwargs } = await this.evalArgs(call.args, scope);
        kwargs.set('caller', caller);
        this.emit(out, pyStr(await this.callValue(fn, args, kwargs, call.fn)));
        return;
      }
      case 'filterblock': {
        const body = await this.renderBody(stmt.body, new Scope(scope));
        this.emit(out, pyStr(await this.applyFilters(stmt.filters, body, scope)));
        return;
      }
      case 'do':
        await this.eval(stmt.expr, scope);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
      case 'with': {
        const inner = new Scope(scope);
        for (const [target, expr] of stmt.assignments) {
          this.assign(target, await this.eval(expr, scope), inner);
        }
        await this.execBody(stmt.body, inner, out);
        return;
      }
      case 'dbtblock':
        return; // docs and snapshot blocks render nothing where they stand
    }
  }

  private async execFor(
    stmt: Extract<Stmt, { k: 'for' }>,
    scope: Scope,
    out: string[],
  ): Promise<void> {
    let items = iterate(await this.eval(stmt.iter, scope));
    this.charge(items.length);
    if (stmt.filter) {
      const kept: Value[] = [];
      for (const item of items) {
        const probe = new Scope(scope);
        this.assign(stmt.target, item, probe);
        if (truthy(await this.eval(stmt.filter, probe))) kept.push(item);
      }
      items = kept;
    }
    if (items.length === 0) {
      if (stmt.otherwise) await this.execBody(stmt.otherwise, scope, out);
      return;
    }
    const loop = new LoopContext(items);
    for (let i = 0; i < items.length; i++) {
      loop.index0 = i;
      const inner = new Scope(scope);
      this.assign(stmt.target, items[i]!, inner);
      inner.vars.set('loop', loop);
      try {
        await this.execBody(stmt.body, inner, out);
      } catch (signal) {
        if (signal === BREAK) break;
        if (signal === CONTINUE) continue;
        throw signal;
      }
    }
  }

  private assign(target: Target, value: Value, scope: Scope): void {
    switch (target.k) {
      case 'name':
        scope.vars.set(target.name, value);
        return;
      case 'tuple': {
        const items = iterate(value);
        if (items.length !== target.items.length) {
          this.fail(
            items.length > target.items.length
              ? `too many values to unpack (expected ${target.items.length})`
              : `not enough values to unpack (expected ${target.items.length}, got ${items.length})`,
          );
        }
        target.items.forEach((t, i) => this.assign(t, items[i]!, scope));
        return;
      }
      case 'attr': {
        const ns = scope.lookup(target.obj);
        if (!(ns instanceof Namespace))
          this.fail('cannot assign attribute on non-namespace object');
        (ns as Namespace).attrs.set(target.name, value);
        return;
      }
    }
  }

  // ---- expressions ----

  async eval(expr: Expr, scope: Scope): Promise<Value> {
    switch (expr.k) {
      case 'const':
        return expr.value;
      case 'name': {
        const value = scope.lookup(expr.name);
        return value === undefined ? new Undefined(`'${expr.name}' is undefined`) : value;
      }
      case 'list': {
        const items: Value[] = [];
        for (const item of expr.items) items.push(await this.eval(item, scope));
        return items;
      }
      case 'tuple': {
        const items: Value[] = [];
        for (const item of expr.items) items.push(await this.eval(item, scope));
        return tuple(items);
      }
      case 'dict': {
        const map: PyDict = new Map();
        for (const [k, v] of expr.items) {
          const key = await this.eval(k, scope);
          this.line = expr.line;
          map.set(this.key(key), await this.eval(v, scope));
        }
        return map;
      }
      case 'getattr':
        return this.getattr(await this.eval(expr.obj, scope), expr.name);
      case 'getitem': {
        const obj = await this.eval(expr.obj, scope);
        return this.getitem(obj, await this.eval(expr.key, scope));
      }
      case 'slice': {
        const obj = await this.eval(expr.obj, scope);
        const part = async (e?: Expr) => (e ? this.eval(e, scope) : null);
        const [start, stop, step] = [
          await part(expr.start),
          await part(expr.stop),
          await part(expr.step),
        ];
        this.line = expr.line;
        return slice(obj, start, stop, step);
      }
      case 'call': {
        const fn = await this.eval(expr.fn, scope);
        const { args, kwargs } = await this.evalArgs(expr.args, scope);
        this.line = expr.line;
        return this.callValue(fn, args, kwargs, expr.fn);
      }
      case 'filter': {
        const value = await this.eval(expr.value, scope);
        const { args, kwargs } = await this.evalArgs(expr.args, scope);
        this.line = expr.line;
        return this.filter(expr.name, value, args, kwargs);
      }
      case 'test': {
        const value = await this.eval(expr.value, scope);
        const { args } = await this.evalArgs(expr.args, scope);
        this.line = expr.line;
        const passed = await this.test(expr.name, value, args);
        return expr.negated ? !passed : passed;
      }
      case 'unary': {
        const value = await this.eval(expr.operand, scope);
        this.line = expr.line;
        return expr.op === 'not'
          ? !truthy(value)
          : this.wrap(() => unaryOp(expr.op as '-' | '+', value));
      }
      case 'binary': {
        const left = await this.eval(expr.left, scope);
        const right = await this.eval(expr.right, scope);
        this.line = expr.line;
        return this.wrap(() => binaryOp(expr.op, left, right));
      }
      case 'and': {
        const left = await this.eval(expr.left, scope);
        return truthy(left) ? this.eval(expr.right, scope) : left;
      }
      case 'or': {
        const left = await this.eval(expr.left, scope);
        return truthy(left) ? left : this.eval(expr.right, scope);
      }
      case 'compare': {
        let left = await this.eval(expr.first, scope);
        for (const [op, operand] of expr.ops) {
          const right = await this.eval(operand, scope);
          this.line = expr.line;
          if (!this.wrap(() => compareOp(op, left, right))) return false;
          left = right;
        }
        return true;
      }
      case 'cond':
        if (truthy(await this.eval(expr.test, scope))) return this.eval(expr.then, scope);
        return expr.otherwise
          ? this.eval(expr.otherwise, scope)
          : new Undefined(
              'the inline if-expression evaluated to false and no else section was defined.',
            );
    }
  }

  /** Runs an operator, giving its type errors the current file and line. */
  private wrap<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      recordLocation(error, { file: this.file, line: this.line });
      throw error;
    }
  }

  private key(value: Value) {
    return this.wrap(() => dictKey(value));
  }

  private async evalArgs(spec: CallArgs, scope: Scope): Promise<{ args: Value[]; kwargs: Kwargs }> {
    const args: Value[] = [];
    for (const e of spec.positional) args.push(await this.eval(e, scope));
    if (spec.star) {
      const extra = await this.eval(spec.star, scope);
      args.push(...this.wrap(() => iterate(extra)));
    }
    const kwargs: Kwargs = new Map();
    for (const [name, e] of spec.keywords) kwargs.set(name, await this.eval(e, scope));
    if (spec.starStar) {
      const extra = await this.eval(spec.starStar, scope);
      if (!isDict(extra)) this.fail(`argument after ** must be a mapping, not ${typeName(extra)}`);
      for (const [k, v] of extra as PyDict) kwargs.set(String(k), v);
    }
    return { args, kwargs };
  }

  getattr(obj: Value, name: string): Value {
    if (obj instanceof Undefined) this.fail(obj.hint);
    if (typeof obj === 'string' || Array.isArray(obj)) {
      return (
        pythonMethod(obj, name) ?? new Undefined(`${objectLabel(obj)} has no attribute '${name}'`)
      );
    }
    if (isDict(obj)) {
      const method = pythonMethod(obj, name);
      if (method) return method;
      return obj.has(name)
        ? obj.get(name)!
        : new Undefined(`${objectLabel(obj)} has no attribute '${name}'`);
    }
    if (obj instanceof Namespace) {
      return obj.attrs.has(name)
        ? obj.attrs.get(name)!
        : new Undefined(`'Namespace' has no attribute '${name}'`);
    }
    if (obj instanceof HostObject) {
      const value = obj.getAttr(name) ?? obj.getItem(name);
      return value ?? new Undefined(`${objectLabel(obj)} has no attribute '${name}'`);
    }
    if (isMacro(obj)) {
      if (name === 'name') return obj.name;
      if (name === 'arguments') return tuple([...obj.params]);
    }
    return new Undefined(`${objectLabel(obj)} has no attribute '${name}'`);
  }

  getitem(obj: Value, key: Value): Value {
    if (obj instanceof Undefined) this.fail(obj.hint);
    if (Array.isArray(obj) || typeof obj === 'string') {
      if (isNumber(key) && Number.isInteger(num(key))) {
        const items = typeof obj === 'string' ? [...obj] : obj;
        let i = num(key);
        if (i < 0) i += items.length;
        if (i >= 0 && i < items.length) return items[i]!;
        return new Undefined(`${objectLabel(obj)} has no element ${num(key)}`);
      }
      if (typeof key === 'string') return this.getattr(obj, key);
      return new Undefined(`${objectLabel(obj)} has no element ${pyStr(key)}`);
    }
    if (isDict(obj)) {
      let k;
      try {
        k = dictKey(key);
      } catch {
        return new Undefined(`${objectLabel(obj)} has no element ${pyStr(key)}`);
      }
      if (obj.has(k)) return obj.get(k)!;
      if (typeof key === 'string')
        return (
          pythonMethod(obj, key) ?? new Undefined(`${objectLabel(obj)} has no attribute '${key}'`)
        );
      return new Undefined(`${objectLabel(obj)} has no element ${pyStr(key)}`);
    }
    if (obj instanceof HostObject) {
      const value = obj.getItem(key) ?? (typeof key === 'string' ? obj.getAttr(key) : undefined);
      return value ?? new Undefined(`${objectLabel(obj)} has no element ${pyStr(key)}`);
    }
    if (typeof key === 'string') return this.getattr(obj, key);
    return new Undefined(`${objectLabel(obj)} has no element ${pyStr(key)}`);
  }

  private context(): CallContext {
    return {
      call: (callee, args, kwargs = new Map()) => this.callValue(callee, args, kwargs),
      charge: (steps) => this.charge(steps),
      file: this.file,
      line: this.line,
    };
  }

  /** Calls a macro, a host function or a callable host object. */
  async callValue(fn: Value, args: Value[], kwargs: Kwargs, expr?: Expr): Promise<Value> {
    this.charge();
    if (fn instanceof Macro) return this.callMacro(fn, args, kwargs);
    if (fn instanceof Undefined) {
      if (expr?.k === 'name')
        throw new UndefinedCallError(expr.name, fn.hint, this.file, this.line);
      this.fail(`${fn.hint} (it cannot be called)`);
    }
    const file = this.file;
    const line = this.line;
    let result: Value | void;
    try {
      if (typeof fn === 'function')
        result = await (fn as JinjaFunction)(args, kwargs, this.context());
      else if (fn instanceof HostObject && fn.call)
        result = await fn.call(args, kwargs, this.context());
      else this.fail(`'${typeName(fn)}' object is not callable`);
    } catch (error) {
      if (!isSignal(error)) recordLocation(error, { file, line });
      throw error;
    } finally {
      this.file = file;
      this.line = line;
    }
    return result === undefined ? null : (result as Value);
  }

  async callMacro(macro: Macro, args: Value[], kwargs: Kwargs): Promise<Value> {
    const { def } = macro;
    if (this.depth >= this.setup.limits.maxDepth) {
      throw new TemplateLimitError(
        `maximum recursion depth exceeded: macro '${def.name}' was called more than ${this.setup.limits.maxDepth} levels deep`,
        this.file,
        this.line,
      );
    }
    const scope = new Scope(macro.closure ?? this.setup.root);
    const params = def.params;
    if (args.length > params.length && !def.catchVarargs) {
      this.fail(`macro '${def.name}' takes not more than ${params.length} argument(s)`);
    }
    const extraKwargs: PyDict = new Map();
    for (const [name, value] of kwargs) {
      if (name === 'caller') continue;
      if (!params.some((p) => p.name === name)) {
        if (!def.catchKwargs) this.fail(`macro '${def.name}' takes no keyword argument '${name}'`);
        extraKwargs.set(name, value);
      }
    }
    const file = this.file;
    const line = this.line;
    this.depth++;
    this.file = macro.file;
    try {
      for (let i = 0; i < params.length; i++) {
        const param = params[i]!;
        if (i < args.length) {
          if (kwargs.has(param.name))
            this.fail(`macro '${def.name}' got multiple values for argument '${param.name}'`);
          scope.vars.set(param.name, args[i]!);
        } else if (kwargs.has(param.name)) scope.vars.set(param.name, kwargs.get(param.name)!);
        else if (param.default) scope.vars.set(param.name, await this.eval(param.default, scope));
        else
          scope.vars.set(param.name, new Undefined(`parameter '${param.name}' was not provided`));
      }
      if (def.catchVarargs) scope.vars.set('varargs', tuple(args.slice(params.length)));
      if (def.catchKwargs) scope.vars.set('kwargs', extraKwargs);
      if (kwargs.has('caller')) scope.vars.set('caller', kwargs.get('caller')!);
      return await this.renderBody(def.body, scope);
    } catch (signal) {
      if (signal instanceof ReturnSignal) return signal.value;
      throw signal;
    } finally {
      this.depth--;
      this.file = file;
      this.line = line;
    }
  }

  async filter(name: string, value: Value, args: Value[], kwargs: Kwargs): Promise<Value> {
    const fn = lookup(name, this.setup.filters, BUILTIN_FILTERS);
    if (!fn) this.fail(`No filter named '${name}'.`);
    this.charge();
    try {
      return await fn!(this, value, args, kwargs);
    } catch (error) {
      recordLocation(error, { file: this.file, line: this.line });
      throw error;
    }
  }

  async test(name: string, value: Value, args: Value[]): Promise<boolean> {
    const fn = lookup(name, this.setup.tests, BUILTIN_TESTS);
    if (!fn) this.fail(`No test named '${name}'.`);
    this.charge();
    return this.wrap(() => fn!(value, args));
  }

  private async applyFilters(filters: FilterCall[], value: Value, scope: Scope): Promise<Value> {
    let result = value;
    for (const f of filters) {
      const { args, kwargs } = await this.evalArgs(f.args, scope);
      this.line = f.line;
      result = await this.filter(f.name, result, args, kwargs);
    }
    return result;
  }
}
