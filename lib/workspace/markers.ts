/**
 * Editor markers from a dbt run: each error that names a file and a line becomes a marker there.
 * Jinja and YAML errors give the line in the file itself; SQL errors give a line of the compiled
 * SQL, mapped back to the file's line by aligning the compiled SQL with the file (line-map.ts).
 */
import type { DbtErrorInfo, DbtResult, ProjectFiles } from '@/lib/dbt/types';
import { sourceLineFor } from './line-map';

/** A line that renders to nothing: blank, or only a Jinja tag like `{{ config(…) }}` or `{% set … %}`. */
const RENDERS_EMPTY = /^\s*(\{\{\s*config\(.*\)\s*-?\}\}|\{%.*%\}|\{#.*#\})?\s*$/;

/**
 * The compiled SQL is trimmed, so the lines at the top of the file that render to nothing (the
 * usual `{{ config(…) }}` line) are not counted in DuckDB's line numbers: add them back.
 */
export function leadingEmptyLines(source: string | undefined): number {
  if (source === undefined) return 0;
  let count = 0;
  for (const line of source.split('\n')) {
    if (!RENDERS_EMPTY.test(line)) break;
    count++;
  }
  return count;
}

export interface EditorMarker {
  file: string;
  line: number;
  message: string;
}

function toMarker(
  error: DbtErrorInfo | undefined,
  files: ProjectFiles,
  compiledSql?: string,
): EditorMarker | null {
  if (!error?.file || !error.line || error.line < 1) return null;
  if (error.kind !== 'sql') return { file: error.file, line: error.line, message: error.message };
  const source = files[error.file];
  const mapped =
    source !== undefined && compiledSql !== undefined
      ? sourceLineFor(source, compiledSql, error.line)
      : null;
  return {
    file: error.file,
    line: mapped ?? error.line + leadingEmptyLines(source),
    message: `${error.message}\n(line ${error.line} of the compiled SQL)`,
  };
}

/** `files`: the project as run, to map compiled-SQL lines back to the file's lines. */
export function errorMarkers(
  result: Pick<DbtResult, 'error' | 'results'>,
  files: ProjectFiles = {},
): EditorMarker[] {
  const markers = [
    toMarker(result.error, files),
    ...result.results.map((r) => toMarker(r.error, files, r.compiledSql)),
  ].filter((m): m is EditorMarker => m !== null);
  const seen = new Set<string>();
  return markers.filter((m) => {
    const key = `${m.file}:${m.line}:${m.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The model name `dbt run -s` takes for a project file, or null for files that are not models. */
export function modelNameFor(path: string): string | null {
  const match = /^models\/(?:.*\/)?([^/]+)\.sql$/.exec(path);
  return match ? match[1]! : null;
}
