/**
 * Public types of the dbt engine. The engine reads a project as plain text files and talks to DuckDB
 * only through `Connection`, so the browser (files in IndexedDB, DuckDB-WASM) and Node (a directory,
 * native DuckDB) share every line of it.
 */
import type { Column, Connection, Row } from '@/lib/engine/connection';

/** Relative POSIX path (`models/marts/fct_orders.sql`) → file text. */
export type ProjectFiles = Record<string, string>;

export type ResourceType = 'model' | 'seed' | 'test';

export interface DbtOptions {
  connection: Connection;
  files: ProjectFiles;
  /** `--vars` given programmatically; merged under the command's own `--vars`. */
  vars?: Record<string, unknown>;
  /** Target name (`target.name`), `dev` by default. */
  targetName?: string;
  /** Target schema, `main` by default (a profile's `schema`). */
  schema?: string;
  /** The attached database's name (`memory`, or a file's stem); asked from DuckDB when omitted. */
  databaseName?: string;
  /** Extra `target` fields a profile gives (e.g. `path`). */
  targetExtras?: Record<string, unknown>;
  /** The profiles.yml the target came from (for `dbt debug`). */
  profileFile?: string;
  /** Each log line as it is written (the run log is also returned in `DbtResult.log`). */
  onLog?: (line: string) => void;
  /** Wall clock for `run_started_at` and log timestamps; `new Date()` by default. */
  now?: () => Date;
  /** Lab clock (`YYYY-MM-DD HH:MM:SS`): when given, `current_timestamp` etc. mean this instant. */
  clock?: string;
  /**
   * Measure the work of each model build with DuckDB's profiler (`NodeResult.reads`). Off by
   * default: the grader and the CLI do not need it.
   */
  profile?: boolean;
  /**
   * Config that wins over everything the project says about a model, its own `config()` call
   * included, by model name: `{ fct_orders: { incremental_strategy: 'merge', schema: 'scratch' } }`.
   * For tools that run a model another way without editing its file (lib/explain).
   */
  modelConfig?: Record<string, Record<string, unknown>>;
  /**
   * Each statement a table or incremental materialization runs on the model's tables, in order, as
   * dbt's debug log shows them: the build of the table or of the temp table, schema-change DDL, the
   * strategy's DML, the swap and the temp table's drop. Not the lab's own counting, profiling or
   * bookkeeping queries, and not hooks.
   */
  onStatement?: (statement: ExecutedStatement) => void;
  /**
   * A column to report each incremental model build's window on (`NodeResult.window`), e.g.
   * `order_purchase_ts`; a model's `event_time` config takes precedence. Off when neither is set.
   */
  windowColumn?: string;
}

export interface ExecutedStatement {
  /** The model's name. */
  node: string;
  sql: string;
}

/**
 * What an incremental model's build read, on one timestamp column: the range of the column among
 * the rows the run's SQL produced, and the table's high-water mark (the column's maximum) before the
 * run. For a first build or full refresh, the range of the whole table built and no mark.
 */
export interface BuildWindow {
  column: string;
  /** Smallest value in the batch (`YYYY-MM-DD HH:MM:SS`), null for an empty batch. */
  from: string | null;
  /** Largest value in the batch, null for an empty batch. */
  to: string | null;
  /** The column's maximum in the table before the run; null on a first build or full refresh. */
  mark: string | null;
}

/** Rows a model's build read from one table (after the filters DuckDB pushed into the scan). */
export interface TableRead {
  table: string;
  rows: number;
}

/** `partial`: a microbatch model some of whose batches failed (dbt's PartialSuccess). */
export type NodeStatus = 'success' | 'error' | 'fail' | 'pass' | 'skipped' | 'warn' | 'partial';

export interface RowCounts {
  /** Rows the model's SQL produced this run (the temp table on an incremental run). */
  batch: number;
  inserted: number;
  updated: number;
  deleted: number;
  /** Rows in the target after the run. */
  total: number;
}

export interface DbtErrorInfo {
  kind: 'jinja' | 'sql' | 'config' | 'schema';
  file?: string;
  line?: number;
  message: string;
}

export interface NodeResult {
  uniqueId: string;
  name: string;
  resourceType: ResourceType;
  materialized?: string;
  status: NodeStatus;
  /** The status text of the log line (`OK`, `INSERT 12, UPDATE 3`, `FAIL 2`) or the error message. */
  message: string;
  timingMs: number;
  rows?: RowCounts;
  /** For a test: rows it returned. */
  failures?: number;
  compiledSql?: string;
  /** For an incremental model: true when it ran the incremental branch. */
  incremental?: boolean;
  /** With `profile`: rows the model's SQL read per table (a view's own tables, as it is inlined). */
  reads?: TableRead[];
  /** For an incremental model: the logic-change guard's warning (lib/dbt/materialize/logic-guard.ts). */
  logicChanged?: boolean;
  /** With `windowColumn` (or an `event_time` config), for an incremental model: what the build read. */
  window?: BuildWindow;
  error?: DbtErrorInfo;
}

export interface CompiledNode {
  uniqueId: string;
  name: string;
  resourceType: ResourceType;
  file: string;
  materialized?: string;
  compiledSql: string;
}

export interface ShowResult {
  columns: Column[];
  rows: Row[];
}

export interface DbtResult {
  exitCode: 0 | 1 | 2;
  log: string[];
  results: NodeResult[];
  show?: ShowResult;
  compiled?: Record<string, CompiledNode>;
  /** `ls`: the listed resources, one string per line of output. */
  listed?: string[];
  /** Why the invocation failed as a whole (exit code 2): bad project, bad selector, cycle. */
  error?: DbtErrorInfo;
  /** The failure as the log words it, for outputs that show only errors (the CLI's `--quiet`). */
  errorText?: string;
}
