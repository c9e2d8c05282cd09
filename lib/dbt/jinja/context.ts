/**
 * The Jinja context dbt gives a model: `config`, `ref`, `source`, `this`, `is_incremental()`, `var`,
 * `target`, `run_started_at`, `execute`, `adapter`, `log`, `exceptions`, `modules`… The same builder
 * serves the parse phase (execute = false: configs and refs are recorded) and the run.
 */
import { JinjaError } from '../errors';
import { mergeConfig, type NodeConfig } from '../project/config';
import { quoteIdentifier, Relation } from '../relation';
import { datetimeModule, PyDateTime } from './datetime';
import { macroReturn, pythonRepr } from './environment';

export interface ContextNode {
  uniqueId: string;
  name: string;
  file: string;
  resourceType: string;
  /** Effective config: at run time the merged one, at parse time what is known so far. */
  config: NodeConfig;
}

export interface ContextInput {
  node: ContextNode;
  projectName: string;
  execute: boolean;
  isIncremental: boolean;
  shouldFullRefresh: boolean;
  thisRelation: Relation | null;
  ref(name: string, packageName?: string): Relation | string;
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
}

type Kw = Record<string, unknown> & { __keywords?: boolean };

/** Splits nunjucks call arguments into positional ones and the keyword object. */
export function splitArgs(args: unknown[]): { positional: unknown[]; kwargs: Kw } {
  const last = args[args.length - 1] as Kw | undefined;
  if (last && typeof last === 'object' && last.__keywords) {
    const kwargs = { ...last };
    delete kwargs.__keywords;
    return { positional: args.slice(0, -1), kwargs };
  }
  return { positional: args, kwargs: {} };
}

function arg(positional: unknown[], kwargs: Kw, index: number, name: string): unknown {
  return kwargs[name] !== undefined ? kwargs[name] : positional[index];
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

function makeConfig(input: ContextInput) {
  const config = (...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const keywordCount = Object.keys(kwargs).length;
    let values: NodeConfig;
    if (
      positional.length === 1 &&
      keywordCount === 0 &&
      positional[0] &&
      typeof positional[0] === 'object'
    ) {
      values = positional[0] as NodeConfig;
    } else if (positional.length === 0) {
      values = kwargs;
    } else {
      throw new JinjaError('Invalid inline model config', input.node.file);
    }
    if ('pre_hook' in values && 'pre-hook' in values) {
      throw new JinjaError(
        'Invalid inline model config: both pre_hook and pre-hook',
        input.node.file,
      );
    }
    input.onConfig?.(mergeConfig({}, values));
    return '';
  };
  return Object.assign(config, {
    get: (name: string, fallback: unknown = null) =>
      Object.hasOwn(input.node.config, name) ? input.node.config[name] : fallback,
    require: (name: string) => {
      if (!Object.hasOwn(input.node.config, name)) {
        if (!input.execute) return null;
        throw new JinjaError(
          `Required config '${name}' was not found for ${input.node.name}`,
          input.node.file,
        );
      }
      return input.node.config[name];
    },
  });
}

/** Cross-database macros of dbt core, in their DuckDB form. */
const dbtNamespace = {
  type_string: () => 'TEXT',
  type_timestamp: () => 'TIMESTAMP',
  type_int: () => 'INTEGER',
  type_bigint: () => 'BIGINT',
  type_float: () => 'FLOAT',
  type_numeric: () => 'NUMERIC(28,6)',
  type_boolean: () => 'BOOLEAN',
  current_timestamp: () => 'now()',
  dateadd: (...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const part = arg(positional, kwargs, 0, 'datepart');
    const interval = arg(positional, kwargs, 1, 'interval');
    const from = arg(positional, kwargs, 2, 'from_date_or_timestamp');
    return `date_add(${String(from)}, interval (${String(interval)}) ${String(part)})`;
  },
  datediff: (...args: unknown[]) => {
    const { positional, kwargs } = splitArgs(args);
    const first = arg(positional, kwargs, 0, 'first_date');
    const second = arg(positional, kwargs, 1, 'second_date');
    const part = arg(positional, kwargs, 2, 'datepart');
    return `date_diff('${String(part)}', ${String(first)}::timestamp, ${String(second)}::timestamp)`;
  },
  safe_cast: (field: unknown, type: unknown) => `try_cast(${String(field)} as ${String(type)})`,
  concat: (fields: unknown) => (Array.isArray(fields) ? fields.map(String).join(' || ') : ''),
};

export function buildContext(input: ContextInput): Record<string, unknown> {
  const fail = (message: string): never => {
    throw new JinjaError(message, input.node.file);
  };
  const runStartedAt = new PyDateTime(input.runStartedAt, true);
  return {
    execute: input.execute,
    config: makeConfig(input),
    ref: (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      if (positional.length === 2) return input.ref(String(positional[1]), String(positional[0]));
      if (positional.length !== 1)
        fail(`ref() takes one or two arguments, got ${positional.length}`);
      void kwargs;
      return input.ref(String(positional[0]));
    },
    source: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      if (positional.length !== 2)
        fail(`source() takes exactly two arguments, got ${positional.length}`);
      return input.source(String(positional[0]), String(positional[1]));
    },
    this: input.thisRelation,
    is_incremental: () => input.isIncremental,
    should_full_refresh: () => input.shouldFullRefresh,
    var: (...args: unknown[]) => {
      const { positional } = splitArgs(args);
      return resolveVar(input, String(positional[0]), positional.length > 1, positional[1] ?? null);
    },
    env_var: (name: string, fallback?: unknown) => {
      if (fallback !== undefined) return fallback;
      return fail(`Env var required but not provided: '${name}'`);
    },
    target: input.target,
    run_started_at: runStartedAt,
    invocation_id: input.invocationId,
    model: {
      unique_id: input.node.uniqueId,
      name: input.node.name,
      resource_type: input.node.resourceType,
      original_file_path: input.node.file,
      path: input.node.file,
      config: input.node.config,
      alias: input.thisRelation?.identifier ?? input.node.name,
      schema: input.thisRelation?.schema ?? null,
      database: input.thisRelation?.database ?? null,
    },
    project_name: input.projectName,
    flags: input.flags,
    adapter: {
      type: () => 'duckdb',
      quote: (name: unknown) => quoteIdentifier(String(name)),
      get_relation: (...args: unknown[]) => {
        const { positional, kwargs } = splitArgs(args);
        return input.getRelation(
          String(arg(positional, kwargs, 0, 'database')),
          String(arg(positional, kwargs, 1, 'schema')),
          String(arg(positional, kwargs, 2, 'identifier')),
        );
      },
    },
    api: {
      Relation: {
        create: (...args: unknown[]) => {
          const { kwargs } = splitArgs(args);
          return new Relation(
            (kwargs.database as string) ?? null,
            (kwargs.schema as string) ?? null,
            String(kwargs.identifier ?? ''),
          );
        },
      },
    },
    log: (...args: unknown[]) => {
      const { positional, kwargs } = splitArgs(args);
      if (kwargs.info ?? positional[1]) input.log(String(positional[0]));
      return '';
    },
    print: (message: unknown) => {
      input.log(String(message));
      return '';
    },
    exceptions: {
      raise_compiler_error: (message: unknown) => fail(String(message)),
      warn: (message: unknown) => {
        input.log(`[WARNING]: ${String(message)}`);
        return '';
      },
    },
    modules: { datetime: datetimeModule(input.now) },
    dbt: dbtNamespace,
    return: macroReturn,
    dict: (...args: unknown[]) => splitArgs(args).kwargs,
    zip: (...lists: unknown[]) => {
      const arrays = lists.filter(Array.isArray) as unknown[][];
      const length = Math.min(...arrays.map((a) => a.length));
      return Array.from({ length }, (_, i) => arrays.map((a) => a[i]));
    },
    tojson: (value: unknown) => JSON.stringify(value),
    toyaml: (value: unknown) => pythonRepr(value),
  };
}
