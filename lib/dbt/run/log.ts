/**
 * The run log in dbt's text format: `HH:MM:SS  ` prefix, progress lines justified to 80 columns with
 * dots, the `Finished running …` line, the failure summary and `Done. PASS=… TOTAL=…`.
 */
import type { NodeResult } from '../types';

export class RunLog {
  readonly lines: string[] = [];

  constructor(
    private readonly clock: () => Date,
    private readonly onLog?: (line: string) => void,
  ) {}

  line(text = ''): void {
    const stamp = this.clock().toISOString().slice(11, 19);
    for (const part of text.split('\n')) {
      const line = `${stamp}  ${part}`;
      this.lines.push(line);
      this.onLog?.(line);
    }
  }

  /** `1 of 3 START …….. [RUN]`: progress line padded with dots to 80 characters. */
  progress(index: number, total: number, message: string, status: string): void {
    this.line(progressText(index, total, message, status));
  }

  /** A microbatch batch's line: dbt puts `Batch ` in front of a progress line. */
  batchProgress(index: number, total: number, message: string, status: string): void {
    this.line(`Batch ${progressText(index, total, message, status)}`);
  }
}

function progressText(index: number, total: number, message: string, status: string): string {
  const text = `${index} of ${total} ${message} `;
  return `${text.length < 80 ? text.padEnd(80, '.') : text} [${status}]`;
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(2);
}

function plural(count: number, word: string): string {
  if (count === 1) return `${count} ${word}`;
  const parts = word.split(' ');
  parts[parts.length - 1] = `${parts[parts.length - 1]}s`;
  return `${count} ${parts.join(' ')}`;
}

/** `1 incremental model, 2 data tests, 5 view models` — groups sorted by name, as dbt does. */
export function statLine(results: NodeResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    const key =
      r.resourceType === 'model'
        ? `${r.materialized ?? 'view'} model`
        : r.resourceType === 'test'
          ? 'data test'
          : 'seed';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => plural(n, key))
    .join(', ');
}

export function elapsed(ms: number): string {
  const total = ms / 1000;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = (total % 60).toFixed(2);
  return `${hours} hours ${minutes} minutes and ${secs} seconds (${total.toFixed(2)}s)`;
}

function label(r: NodeResult, file: string): string {
  return `${r.resourceType} ${r.name} (${file})`;
}

/** The end of a run: finished line, failures and warnings, and the `Done.` totals. */
export function writeSummary(
  log: RunLog,
  results: NodeResult[],
  files: Map<string, string>,
  ms: number,
): void {
  log.line();
  log.line(`Finished running ${statLine(results)} in ${elapsed(ms)}.`);
  log.line();
  const errors = results.filter((r) => r.status === 'error' || r.status === 'fail');
  const partials = results.filter((r) => r.status === 'partial');
  const warnings = results.filter((r) => r.status === 'warn');
  if (errors.length === 0 && partials.length === 0 && warnings.length === 0) {
    log.line('Completed successfully');
  } else {
    const e = errors.length === 1 ? 'error' : 'errors';
    const p = partials.length === 1 ? 'partial success' : 'partial successes';
    const w = warnings.length === 1 ? 'warning' : 'warnings';
    log.line(
      errors.length + partials.length > 0
        ? `Completed with ${errors.length} ${e}, ${partials.length} ${p}, and ${warnings.length} ${w}:`
        : `Completed with ${warnings.length} ${w}:`,
    );
    for (const r of [...errors, ...partials, ...warnings]) {
      log.line();
      const kind = r.status === 'warn' ? 'Warning' : 'Failure';
      log.line(`${kind} in ${label(r, files.get(r.uniqueId) ?? '')}`);
      log.line(`  ${r.message}`);
    }
  }
  log.line();
  const pass = results.filter((r) => r.status === 'success' || r.status === 'pass').length;
  const skip = results.filter((r) => r.status === 'skipped').length;
  log.line(
    `Done. PASS=${pass} WARN=${warnings.length} ERROR=${errors.length + partials.length} SKIP=${skip} NO-OP=0 TOTAL=${results.length}`,
  );
}

/** A result set as dbt prints `show` output: a Markdown-style table. */
export function formatTable(columns: string[], rows: Record<string, unknown>[]): string[] {
  const cell = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) =>
    `| ${values.map((v, i) => v.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(columns),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map((r) => line(columns.map((c) => cell(r[c])))),
  ];
}
