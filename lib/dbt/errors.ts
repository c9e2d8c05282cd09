/**
 * Error classes of the engine. Each carries what the log and the UI need: what kind of problem, in
 * which file and line, and a message worded like dbt's.
 */
import type { DbtErrorInfo } from './types';

/** The project cannot be read: no dbt_project.yml, malformed YAML, duplicate names, a cycle. */
export class ProjectError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly kind: DbtErrorInfo['kind'] = 'schema',
  ) {
    super(message);
    this.name = 'ProjectError';
  }

  info(): DbtErrorInfo {
    return { kind: this.kind, file: this.file, line: this.line, message: this.message };
  }
}

/** Jinja failed: a syntax error, an unknown macro, a missing var, `exceptions.raise_compiler_error`. */
export class JinjaError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'JinjaError';
  }
}

/** dbt's "Compilation Error" raised from the engine itself (bad config, schema change `fail`). */
export class CompilationError extends Error {
  constructor(
    message: string,
    readonly kind: DbtErrorInfo['kind'] = 'config',
  ) {
    super(message);
    this.name = 'CompilationError';
  }
}

/** A bad command line or selector: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
