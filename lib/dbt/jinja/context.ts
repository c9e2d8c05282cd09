/**
 * The Jinja context dbt gives a model: `config`, `ref`, `source`, `this`, `is_incremental()`, `var`,
 * `target`, `run_started_at`, `execute`, `adapter`, `run_query`, `log`, `exceptions`, `modules`…
 * The same builder serves the parse phase (execute = false: configs and refs are recorded, no SQL
 * runs) and the run. Every value here is a template value (see lib/jinja/values.ts): templates
 * reach nothing else.
 */
import type { Connection } from '@/lib/engine/connection';
import {
  fromJinja,
  fromJson,
  fromYaml,
  HostObject,
  iterateValue,
  pyJsonDumps,
  pyStr,
  toJinja,
  toYaml,
  truthy,
  tuple,
  type JinjaFunction,
  type Kwargs,
  type Macro,
  type Value,
} from '@/lib/jinja';
import { JinjaError } from '../errors';
import { mergeConfig, type NodeConfig } from '../project/config';
import { Relation } from '../relation';
import { datetimeModule, PyDateTime } from './datetime';
import { AdapterObject, queryFunctions, type StoredResult } from './queries';

export interface ContextNode {
  uniqueId: string;
  name: string;
  file: string;
  resourceType: string;
  /** Effective config: at run time the merged one, at parse time what is known so far. */
  config: NodeConfig;
  fqn?: string[];
  /** Extra fields of `model` (microbatch's `batch`). */
  extra?: Record<string, unknown>;
}

export interface ContextInput {
  node: ContextNode;
  projectName: string;
  execute: boolean;
  isIncremental: boolean;
  shouldFullRefresh: boolean;
  thisRelation: Relation | null;
  ref(name: string, packageName?: string): Relation;
  source(sourceName: string, tableName: string): Relation;
  /** Parse phase: receives each `config(...)` call. */
  onConfig?(config: NodeConfig): void;
  vars: { cli: Record<string, unknown>; project: Record<string, unknown> };
  target: Record<string, unknown>;
  runStartedAt: Date;
  /** The lab clock (or wall clock) for `modules.datetime.now()`. */
  now: () => Date;
  log(message: string): void;
  getRelation(database: string, schema: string, identifier: string): Relation | null;
  invocationId: string;
  flags: Record<string, unknown>;
  /** Run time only: the database templates may query (`run_query`, `statement`). */
  connection?: Connection | null;
  macros?: ReadonlyMap<string, Macro>;
  /** `statement` results of this render, shared with the materialization (`load_result`). */
  results?: Map<string, StoredResult>;
}

function arg(args: Value[], kwargs: Kwargs, index: number, name: string): Value | undefined {
  return kwargs.has(name) ? kwargs.get(name) : args[index];
}

function resolveVar(input: ContextInput, name: string, hasDefault: boolean, fallback: unknown) {
  const { cli, project } = input.vars;
  if (Object.hasOwn(cli, name)) return cli[name];
  const scoped = project[input.projectName];
  if (scoped && typeof scoped === 'object' && Object.hasOwn(scoped, name)) {
    return (scoped as Record<string, unknown>)[name];
  }
  if (Object.hasOwn(project, name) && name !== input.projectName) return project[name];
  if (hasDefault) return fallback;
  if (!input.execute) return null;
  const supplied = { ...project, ...cli };
  delete supplied[input.projectName];
  throw new JinjaError(
    `Required var '${name}' not found in config:\nVars supplied to ${input.node.name} = ${JSON.stringify(supplied, null, 4)}`,
    input.node.file,
  );
}

/** `config(...)` records the model's config; `config.get(...)` / `config.require(...)` read it. */
class ConfigObject extends HostObject {
  readonly typeName = 'Config';
  constructor(private readonly input: ContextInput) {
    super();
  }
  override call(args: Value[], kwargs: Kwargs): Value {
    const { input } = this;
    let values: NodeConfig;
    if (args.length === 1 && kwargs.size === 0 && args[0] instanceof Map) {
      values = fromJinja(args[0]) as NodeConfig;
    } else if (args.length === 0) {
      values = fromJinja(kwargs) as NodeConfig;
    } else {
      throw new JinjaError('Invalid inline model config', input.node.file);
    }
    if ('pre_hook' in values && 'pre-hook' in values) {
      throw new JinjaError(
        'Invalid inline model config: both pre_hook and pre-hook',
        input.node.file,
      );
    }
    if ('post_hook' in values && 'post-hook' in values) {
      throw new JinjaError(
        'Invalid inline model config: both post_hook and post-hook',
        input.node.file,
      );
    }
    input.onConfig?.(mergeConfig({}, values));
    return '';
  }
  override getAttr(name: string): Value | undefined {
    const config = this.input.node.config;
    // own keys only: `config.get('constructor')` must not reach Object.prototype
    const own = (key: string) =>
      key === 'pre_hook' || key === 'post_hook' ? key.replace('_', '-') : key;
    const has = (key: string) => Object.hasOwn(config, own(key)) && config[own(key)] !== undefined;
    const read = (key: string) => config[own(key)];
    switch (name) {
      case 'get':
        return (args, kwargs) => {
          const key = pyStr(arg(args, kwargs, 0, 'name') ?? '');
          return has(key) ? toJinja(read(key)) : (arg(args, kwargs, 1, 'default') ?? null);
        };
      case 'require':
        return (args) => {
          const key = pyStr(args[0] ?? '');
          if (has(key)) return toJinja(read(key));
          if (!this.input.execute) return null;
          throw new JinjaError(
            `Required config '${key}' was not found for ${this.input.node.name}`,
            this.input.node.file,
          );
        };
      default:
        return undefined;
    }
  }
  override repr(): string {
    return '<Config>';
  }
}

/** `var('x')`, `var('x', default)`, `var.has_var('x')`. */
class VarObject extends HostObject {
  readonly typeName = 'Var';
  constructor(private readonly input: ContextInput) {
    super();
  }
  override call(args: Value[]): Value {
    return toJinja(
      resolveVar(this.input, pyStr(args[0] ?? ''), args.length > 1, fromJinja(args[1] ?? null)),
    );
  }
  override getAttr(name: string): Value | undefined {
    if (name !== 'has_var') return undefined;
    return (args) => {
      const key = pyStr(args[0] ?? '');
      const { cli, project } = this.input.vars;
      const scoped = project[this.input.projectName];
      return (
        Object.hasOwn(cli, key) ||
        Object.hasOwn(project, key) ||
        (typeof scoped === 'object' && scoped !== null && Object.hasOwn(scoped, key))
      );
    };
  }
}

const str = (v: Value | undefined) => pyStr(v ?? '');

/** Cross-database macros of dbt core, in their DuckDB form. */
const dbtNamespace: Record<string, JinjaFunction> = {
  type_string: () => 'TEXT',
  type_timestamp: () => 'TIMESTAMP',
  type_int: () => 'INTEGER',
  type_bigint: () => 'BIGINT',
  type_float: () => 'FLOAT',
  type_numeric: () => 'NUMERIC(28,6)',
  type_boolean: () => 'BOOLEAN',
  current_timestamp: () => 'now()',
  dateadd: (a, k) =>
    `date_add(${str(arg(a, k, 2, 'from_date_or_timestamp'))}, interval (${str(arg(a, k, 1, 'interval'))}) ${str(arg(a, k, 0, 'datepart'))})`,
  datediff: (a, k) =>
    `date_diff('${str(arg(a, k, 2, 'datepart'))}', ${str(arg(a, k, 0, 'first_date'))}::timestamp, ${str(arg(a, k, 1, 'second_date'))}::timestamp)`,
  date_trunc: (a, k) =>
    `date_trunc('${str(arg(a, k, 0, 'datepart'))}', ${str(arg(a, k, 1, 'date'))})`,
  safe_cast: (a, k) => `try_cast(${str(arg(a, k, 0, 'field'))} as ${str(arg(a, k, 1, 'type'))})`,
  cast: (a, k) => `cast(${str(arg(a, k, 0, 'field'))} as ${str(arg(a, k, 1, 'type'))})`,
  concat: (a, k) =>
    iterateValue(arg(a, k, 0, 'fields') ?? [])
      .map((f) => pyStr(f))
      .join(' || '),
  hash: (a, k) => `md5(cast(${str(arg(a, k, 0, 'field'))} as TEXT))`,
  string_literal: (a, k) => `'${str(arg(a, k, 0, 'value')).replace(/'/g, "''")}'`,
  any_value: (a, k) => `any_value(${str(arg(a, k, 0, 'expression'))})`,
  bool_or: (a, k) => `bool_or(${str(arg(a, k, 0, 'expression'))})`,
};

function zip(args: Value[]): Value {
  const lists = args.map((a) => iterateValue(a));
  const length = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
  return Array.from({ length }, (_, i) => tuple(lists.map((l) => l[i]!)));
}

function uniqueList(value: Value): Value {
  const out: Value[] = [];
  for (const item of iterateValue(value))
    if (!out.some((x) => x === item || pyStr(x) === pyStr(item))) out.push(item);
  return out;
}

/** dbt's `fromjson(text, default)` / `fromyaml(text, default)`: the default when parsing fails. */
function withDefault(parse: (text: Value) => Value): JinjaFunction {
  return (args, kwargs) => {
    try {
      return parse(args[0] ?? null);
    } catch (error) {
      const fallback = arg(args, kwargs, 1, 'default');
      if (fallback !== undefined) return fallback;
      throw error;
    }
  };
}

function hookConfig(sql: Value | undefined, transaction: boolean): string {
  return pyJsonDumps(
    new Map<string, Value>([
      ['sql', sql ?? ''],
      ['transaction', transaction],
    ]),
  );
}

export function buildContext(input: ContextInput): Record<string, unknown> {
  const fail = (message: string): never => {
    throw new JinjaError(message, input.node.file);
  };
  const macros = input.macros ?? new Map<string, Macro>();
  const results = input.results ?? new Map<string, StoredResult>();
  const queryHost = {
    connection: input.execute ? (input.connection ?? null) : null,
    results,
    getRelation: input.getRelation,
    print: (text: string) => {
      for (const line of text.split('\n')) input.log(line);
    },
    macros,
    projectName: input.projectName,
  };
  const ref: JinjaFunction = (args, kwargs) => {
    const positional = args.map((a) => pyStr(a));
    void kwargs; // `version=` is accepted and ignored: the lab has no model versions
    if (positional.length === 2) return input.ref(positional[1]!, positional[0]);
    if (positional.length !== 1) fail(`ref() takes one or two arguments, got ${positional.length}`);
    return input.ref(positional[0]!);
  };
  const source: JinjaFunction = (args) => {
    if (args.length !== 2) fail(`source() takes exactly two arguments, got ${args.length}`);
    return input.source(pyStr(args[0]!), pyStr(args[1]!));
  };
  const projectMacros = new Map<string, Value>(macros);
  return {
    // the project's macros by project name (`olist_dbt.my_macro()`); dbt's own names win
    [input.projectName]: projectMacros,
    execute: input.execute,
    config: new ConfigObject(input),
    ref,
    source,
    this: input.thisRelation,
    is_incremental: () => input.isIncremental,
    should_full_refresh: () => input.shouldFullRefresh,
    var: new VarObject(input),
    env_var: (args: Value[]) => {
      // the lab never reads the host's environment: only the default can answer
      if (args.length > 1) return args[1]!;
      return fail(`Env var required but not provided: '${pyStr(args[0] ?? '')}'`);
    },
    target: input.target,
    run_started_at: PyDateTime.fromDate(input.runStartedAt, true),
    invocation_id: input.invocationId,
    model: {
      unique_id: input.node.uniqueId,
      name: input.node.name,
      resource_type: input.node.resourceType,
      original_file_path: input.node.file,
      path: input.node.file,
      package_name: input.projectName,
      fqn: input.node.fqn ?? [input.projectName, input.node.name],
      config: input.node.config,
      alias: input.thisRelation?.identifier ?? input.node.name,
      schema: input.thisRelation?.schema ?? null,
      database: input.thisRelation?.database ?? null,
      // the microbatch batch being built: None outside a batch (and while dbt parses)
      batch: null,
      ...input.node.extra,
    },
    project_name: input.projectName,
    flags: input.flags,
    adapter: new AdapterObject(queryHost),
    ...queryFunctions(queryHost),
    api: {
      Relation: {
        create: (_args: Value[], kwargs: Kwargs) =>
          new Relation(
            kwargs.get('database') === undefined || kwargs.get('database') === null
              ? null
              : pyStr(kwargs.get('database')!),
            kwargs.get('schema') === undefined || kwargs.get('schema') === null
              ? null
              : pyStr(kwargs.get('schema')!),
            pyStr(kwargs.get('identifier') ?? ''),
            kwargs.has('type') ? (pyStr(kwargs.get('type')!) as 'table' | 'view') : null,
          ),
      },
    },
    log: (args: Value[], kwargs: Kwargs) => {
      if (truthy(arg(args, kwargs, 1, 'info') ?? false)) input.log(pyStr(args[0] ?? ''));
      return '';
    },
    print: (args: Value[]) => {
      input.log(pyStr(args[0] ?? ''));
      return '';
    },
    exceptions: {
      raise_compiler_error: (args: Value[]) => fail(pyStr(args[0] ?? '')),
      raise_not_implemented: (args: Value[]) => fail(pyStr(args[0] ?? '')),
      warn: (args: Value[]) => {
        input.log(`[WARNING]: ${pyStr(args[0] ?? '')}`);
        return '';
      },
    },
    modules: { datetime: datetimeModule(input.now) },
    dbt: dbtNamespace,
    zip: (args: Value[]) => zip(args),
    set: (args: Value[]) => uniqueList(args[0] ?? []),
    set_strict: (args: Value[]) => uniqueList(args[0] ?? []),
    tojson: (args: Value[], kwargs: Kwargs) =>
      pyJsonDumps(args[0] ?? null, {
        sortKeys: truthy(arg(args, kwargs, 2, 'sort_keys') ?? false),
      }),
    fromjson: withDefault(fromJson),
    // hooks that run outside the model's transaction (a JSON dict the hook config reads back)
    before_begin: (args: Value[]) => hookConfig(args[0], false),
    in_transaction: (args: Value[]) => hookConfig(args[0], true),
    after_commit: (args: Value[]) => hookConfig(args[0], false),
    toyaml: (args: Value[]) => toYaml(args[0] ?? null),
    fromyaml: withDefault(fromYaml),
  };
}
