/**
 * Errors of the template engine. Every error a template can cause is one of these, with the
 * template's name and line; an error raised by a host function keeps its own class and gets its
 * location recorded beside it (`templateLocation`).
 */

export interface TemplateLocation {
  file: string;
  line: number;
}

export class TemplateError extends Error {
  constructor(
    message: string,
    public file?: string,
    public line?: number,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** The template cannot be parsed: an unknown tag, an unclosed block, a bad expression. */
export class TemplateSyntaxError extends TemplateError {
  constructor(message: string, file?: string, line?: number) {
    super(message, file, line);
    this.name = 'TemplateSyntaxError';
  }
}

/** Rendering failed: an undefined name, a type error, a division by zero. */
export class TemplateRuntimeError extends TemplateError {
  constructor(message: string, file?: string, line?: number) {
    super(message, file, line);
    this.name = 'TemplateRuntimeError';
  }
}

/** A call of a name that is not defined (`{{ nope() }}`): often a macro that does not exist. */
export class UndefinedCallError extends TemplateRuntimeError {
  constructor(
    readonly callee: string,
    message: string,
    file?: string,
    line?: number,
  ) {
    super(message, file, line);
    this.name = 'UndefinedCallError';
  }
}

/** The template hit one of the engine's limits: steps, recursion depth, output size or time. */
export class TemplateLimitError extends TemplateRuntimeError {
  constructor(message: string, file?: string, line?: number) {
    super(message, file, line);
    this.name = 'TemplateLimitError';
  }
}

const locations = new WeakMap<object, TemplateLocation>();

/** Records where a host error surfaced in a template (the innermost place wins). */
export function recordLocation(error: unknown, location: TemplateLocation): void {
  if (typeof error !== 'object' || error === null) return;
  if (error instanceof TemplateError) {
    if (error.line === undefined) {
      error.file ??= location.file;
      error.line = location.line;
    }
    return;
  }
  if (!locations.has(error)) locations.set(error, location);
}

/** The template file and line where `error` surfaced, when it passed through a template. */
export function templateLocation(error: unknown): TemplateLocation | undefined {
  if (error instanceof TemplateError && error.file !== undefined && error.line !== undefined) {
    return { file: error.file, line: error.line };
  }
  return typeof error === 'object' && error !== null ? locations.get(error) : undefined;
}
