/**
 * dbt's Jinja on the lab's sandboxed engine (`lib/jinja`): one environment for the whole engine,
 * the project's macro files parsed into macros callable by name, and rendering with dbt's error
 * wording (file and line of the innermost template that failed).
 */
import {
  Environment,
  TemplateError,
  templateLocation,
  UndefinedCallError,
  type Limits,
  type Macro,
} from '@/lib/jinja';
import { CompilationError, JinjaError, ProjectError } from '../errors';

const environment = new Environment();

export function dbtEnvironment(): Environment {
  return environment;
}

export interface MacroSource {
  file: string;
  source: string;
}

/** Turns an error raised while rendering into a JinjaError with file and line, or passes it on. */
export function toJinjaError(error: unknown, file: string): unknown {
  const location = templateLocation(error);
  if (error instanceof UndefinedCallError) {
    return new JinjaError(
      `'${error.callee}' is undefined. This can happen when calling a macro that does not exist. Check for typos.`,
      error.file ?? file,
      error.line,
    );
  }
  if (error instanceof TemplateError)
    return new JinjaError(error.message, error.file ?? file, error.line);
  if (error instanceof JinjaError) {
    if (error.line !== undefined || !location) return error;
    return new JinjaError(error.message, error.file || location.file, location.line);
  }
  if (error instanceof CompilationError || error instanceof ProjectError) return error;
  if (error instanceof TypeError || error instanceof RangeError) {
    return new JinjaError(error.message, location?.file ?? file, location?.line);
  }
  return error;
}

/** Parses every macro file; a duplicate name is an error, as in dbt. */
export function loadMacros(sources: MacroSource[], projectName: string): Map<string, Macro> {
  const macros = new Map<string, Macro>();
  for (const { file, source } of sources) {
    let template;
    try {
      template = environment.parse(source, file);
    } catch (error) {
      const e = toJinjaError(error, file) as JinjaError;
      throw new ProjectError(
        `Compilation Error in macro file ${file}\n  ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`,
        e.file,
        e.line,
        'jinja',
      );
    }
    for (const macro of environment.macros(template)) {
      const other = macros.get(macro.name);
      if (other) {
        throw new ProjectError(
          `Compilation Error\n  dbt found two macros named "${macro.name}" in the project "${projectName}".\n   To fix this error, rename or remove one of the following macros:\n      - ${macro.file}\n      - ${other.file}`,
          macro.file,
          macro.def.line,
          'jinja',
        );
      }
      macros.set(macro.name, macro);
    }
  }
  return macros;
}

export interface RenderOptions {
  limits?: Partial<Limits>;
  signal?: AbortSignal;
}

/** Renders `source` with `context` and the project's macros; errors name the file and line. */
export async function renderTemplate(
  source: string,
  file: string,
  context: Record<string, unknown>,
  macros: ReadonlyMap<string, Macro> = new Map(),
  options: RenderOptions = {},
): Promise<string> {
  let template;
  try {
    template = environment.parse(source, file);
  } catch (error) {
    throw toJinjaError(error, file);
  }
  try {
    return await environment.render(template, context, { macros, ...options });
  } catch (error) {
    throw toJinjaError(error, file);
  }
}
