/**
 * Editor markers from a dbt run: each error that names a file and a line becomes a marker there.
 * Jinja and YAML errors give the line in the file itself; SQL errors give a line of the compiled
 * SQL, which matches the file's line as long as the Jinja above it renders to the same number of
 * lines (dbt's own editors make the same approximation), so the message says which it is.
 */
import type { DbtErrorInfo, DbtResult } from '@/lib/dbt/types';

export interface EditorMarker {
  file: string;
  line: number;
  message: string;
}

function toMarker(error: DbtErrorInfo | undefined): EditorMarker | null {
  if (!error?.file || !error.line || error.line < 1) return null;
  const message =
    error.kind === 'sql'
      ? `${error.message}\n(line ${error.line} of the compiled SQL)`
      : error.message;
  return { file: error.file, line: error.line, message };
}

export function errorMarkers(result: Pick<DbtResult, 'error' | 'results'>): EditorMarker[] {
  const markers = [result.error, ...result.results.map((r) => r.error)]
    .map(toMarker)
    .filter((m): m is EditorMarker => m !== null);
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
