/** The grade report as text for a terminal: the step table, then each check with its hint. */
import type { GradeReport } from './types';

const mark = { pass: '✓', fail: '✗', error: '!' } as const;

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

export function formatReport(report: GradeReport, label: string): string {
  const lines: string[] = [];
  lines.push(
    `${label}: ${report.passed ? 'PASSED' : 'NOT PASSED'} (${report.checks.filter((c) => c.status === 'pass').length}/${report.checks.length} checks, ${(report.durationMs / 1000).toFixed(1)} s)`,
  );
  lines.push(
    `Data: ${report.scenario.data}, cut-off ${report.scenario.cutoffDay}, ${report.scenario.windowDays}-day window`,
  );
  lines.push('');
  const header = [
    'step',
    'batch',
    'inserted',
    'updated',
    'rewritten',
    'deleted',
    'total',
    'dup keys',
  ];
  const rows = report.steps.map((s) => [
    `${s.id} ${s.title}${s.status === 'ok' ? '' : ` (${s.status})`}`,
    s.batch === null ? '–' : String(s.batch),
    String(s.inserted),
    String(s.updated),
    String(s.unchangedRewritten),
    String(s.deleted),
    String(s.total),
    String(s.duplicateKeys),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  lines.push(pad(header, widths));
  for (const row of rows) lines.push(pad(row, widths));
  for (const step of report.steps.filter((s) => s.error)) lines.push(`  ${step.id}: ${step.error}`);
  lines.push('');
  for (const check of report.checks) {
    lines.push(`${mark[check.status]} ${check.id}: ${check.message}`);
    if (check.hint) lines.push(`    hint: ${check.hint}`);
  }
  for (const info of report.info) lines.push(`i ${info}`);
  return lines.join('\n');
}
