/**
 * From the measurements to the figures of the report: each value beside its target from the
 * product brief (../shared/design/product.md), met or missed, and for a missed one a line on why
 * built from the same run's breakdowns (the lab's parts, DuckDB's profile of rows read, the time a
 * dbt run spends in DuckDB). Pure: the unit tests feed it made-up measurements.
 */
import type { FctOrdersFigures, ModelFigures, StepFigures } from '@/lib/bench/fct-orders';
import { KIND_LABELS, type StatementKind } from '@/lib/bench/metered-connection';
import type { TableRead } from '@/lib/dbt/types';
import { formatCount, formatSpread, formatValue } from './format';
import type { Figure, RawResults, Status, Target, Unit } from './results';

/** The product's targets. */
export const TARGETS = {
  labReadyColdMs: 2500,
  labReadyWarmMs: 1000,
  incrementalOverFull: 0.1,
  incrementalGrowth: 2,
  fullGrowth: 10,
  engineOverhead: 1.2,
  gradingMs: 3000,
  lessonScriptBytes: 300_000,
} as const;

export function judge(value: number | null, target: Target | undefined): Status {
  if (value === null || !Number.isFinite(value)) return 'not measured';
  if (!target || target.op === '~') return 'info';
  return value <= target.value ? 'met' : 'missed';
}

function figure(f: Omit<Figure, 'status'> & { status?: Status }): Figure {
  const status = f.status ?? judge(f.value, f.target);
  const { why, ...rest } = f;
  return { ...rest, status, ...(status === 'missed' && why ? { why } : {}) };
}

function notMeasured(
  id: string,
  group: string,
  label: string,
  unit: Unit,
  target: Target | undefined,
  problem: string | undefined,
): Figure {
  return {
    id,
    group,
    label,
    value: null,
    unit,
    ...(target ? { target } : {}),
    status: 'not measured',
    detail: problem ?? 'not run',
  };
}

const ms = (v: number) => formatValue(v, 'ms');
const at = (t: number) => `${(t / 1000).toFixed(2)} s`;

// ---- lab ready ----

function readyFigures(raw: RawResults): Figure[] {
  const group = 'Lab ready';
  const labels = {
    cold: 'navigation to a usable lab, cold (new profile)',
    warm: 'the same, warm (a second visit in the same profile)',
  };
  const targets = { cold: TARGETS.labReadyColdMs, warm: TARGETS.labReadyWarmMs };
  const r = raw.ready;
  if (!r)
    return (['cold', 'warm'] as const).map((v) =>
      notMeasured(
        `lab_ready_${v}`,
        group,
        labels[v],
        'ms',
        { op: '<=', value: targets[v] },
        raw.problems.ready,
      ),
    );
  const out: Figure[] = [];
  for (const visit of ['cold', 'warm'] as const) {
    const parts = r.labParts[visit];
    const account = r.labTerminal[visit];
    const terminal = account.openedKept
      ? '; the lab opened the tables kept in this browser (no data load, Day 10 or replay)'
      : account.dataLoadS !== null
        ? `; the lab's terminal says: data load ${account.dataLoadS} s${account.day10S !== null ? `, Day 10's build ${account.day10S} s` : ''}`
        : '';
    const m = account.marks ?? {};
    const engine =
      m['engine-instantiated'] !== undefined
        ? `; the engine's own marks: wasm compiled and instantiated at ${at(m['engine-instantiated'])}${m['engine-open'] !== undefined ? `, database open at ${at(m['engine-open'])}` : ''}${m['data-ready'] !== undefined ? `, data ready at ${at(m['data-ready'])}` : ''}`
        : '';
    out.push(
      figure({
        id: `lab_ready_${visit}`,
        group,
        label: labels[visit],
        value: r.lab[visit].median,
        unit: 'ms',
        target: { op: '<=', value: targets[visit] },
        detail: `${formatSpread(r.lab[visit])}; Monaco at ${at(parts.editor)}, tables there (the lab clock shown) at ${at(parts.clock)}`,
        why: `the bare DuckDB-WASM page alone needs ${ms(r.duckdb[visit].median)} ${visit}; the lab is usable once its tables are there (${at(parts.clock)}), Monaco mounted at ${at(parts.editor)}${terminal}${engine} (first run)`,
      }),
    );
  }
  for (const visit of ['cold', 'warm'] as const)
    out.push(
      figure({
        id: `duckdb_ready_${visit}`,
        group,
        label: `floor: the bare DuckDB-WASM page (\`/bench/duckdb\`, \`select 1\`), ${visit}`,
        value: r.duckdb[visit].median,
        unit: 'ms',
        detail: formatSpread(r.duckdb[visit]),
      }),
    );
  return out;
}

// ---- fct_orders ----

const STEPS = [
  ['full', 'full build'],
  ['noop', 'incremental, no new data'],
  ['nextDay', 'incremental after a day of new orders'],
] as const;

const where = (f: FctOrdersFigures) =>
  `${f.adapter === 'wasm' ? 'browser' : 'node'}.sf${f.scale ?? 'files'}`;
const whereLabel = (f: FctOrdersFigures) =>
  `${f.adapter === 'wasm' ? 'DuckDB-WASM' : 'native'}, SF${f.scale ?? '?'}`;

/** How much of each table an incremental run read, against a full build. */
export function readsWhy(reads: { full: TableRead[]; incremental: TableRead[] }): string {
  if (reads.incremental.length === 0) return '';
  const parts = reads.incremental.map((inc) => {
    const full = reads.full.find((f) => f.table === inc.table)?.rows;
    return full ? `${inc.table} ${formatCount(inc.rows)} of ${formatCount(full)}` : inc.table;
  });
  const whole = reads.incremental.filter((inc) => {
    const full = reads.full.find((f) => f.table === inc.table)?.rows;
    return full !== undefined && full > 0 && inc.rows >= 0.5 * full;
  });
  const verdict =
    whole.length > 0
      ? `: the window does not reach ${whole.map((w) => w.table).join(' and ')}, so DuckDB still reads ${whole.length === 1 ? 'it' : 'them'} whole`
      : '';
  return `rows read by the incremental run (DuckDB's profiler): ${parts.join(', ')}${verdict}`;
}

/** `the model's statements 110 ms, row counts 40 ms, …`: the kinds that took a millisecond or more. */
export function kindsWhy(byKind: StepFigures['duckdbByKind']): string {
  return (Object.entries(byKind) as [StatementKind, number][])
    .filter(([, v]) => v >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${KIND_LABELS[k]} ${ms(v)}`)
    .join(', ');
}

function fixedCostWhy(step: StepFigures): string {
  const js = Math.max(0, step.dbt.median - step.duckdb.median);
  const kinds = kindsWhy(step.duckdbByKind);
  return `of its ${ms(step.dbt.median)}, ${ms(step.duckdb.median)} is DuckDB over ${step.calls} calls${kinds ? ` (${kinds})` : ''} and ${ms(js)} the engine's JavaScript`;
}

function stepDetail(s: StepFigures): string {
  const rows = s.rows
    ? `; batch ${formatCount(s.rows.batch)}, total ${formatCount(s.rows.total)}`
    : '';
  return `${formatSpread(s.dbt)}${rows}`;
}

function fctFigures(raw: RawResults): Figure[] {
  const group = 'fct_orders';
  const out: Figure[] = [];
  const all = [...raw.fctOrders.node, ...raw.fctOrders.browser];
  for (const f of all) {
    for (const m of f.models) {
      const base = `fct_orders.${where(f)}.${m.model}`;
      for (const [key, label] of STEPS)
        out.push(
          figure({
            id: `${base}.${key}`,
            group,
            label: `${m.model}, ${whereLabel(f)}: ${label}`,
            value: m[key].dbt.median,
            unit: 'ms',
            detail:
              key === 'full'
                ? `${stepDetail(m[key])}; DuckDB ${f.duckdb.version}, ${f.duckdb.threads} thread${f.duckdb.threads === '1' ? '' : 's'}, memory limit ${f.duckdb.memoryLimit}; ${formatCount(f.orders)} orders generated and loaded in ${ms(f.loadMs)}`
                : stepDetail(m[key]),
          }),
        );
      for (const key of ['noop', 'nextDay'] as const) {
        const ratio = m[key].dbt.median / m.full.dbt.median;
        const reads = readsWhy(m.reads);
        out.push(
          figure({
            id: `${base}.${key}_over_full`,
            group,
            label: `${m.model}, ${whereLabel(f)}: ${key === 'noop' ? 'incremental no-op' : 'incremental after a day'} / full build`,
            value: ratio,
            unit: 'fraction',
            target: { op: '<=', value: TARGETS.incrementalOverFull },
            detail: `${ms(m[key].dbt.median)} / ${ms(m.full.dbt.median)}`,
            why: [reads, fixedCostWhy(m[key])].filter(Boolean).join('; '),
          }),
        );
      }
    }
  }
  for (const [key, problem] of Object.entries(raw.problems)) {
    const m = /^fct_(browser|node)_sf(\d+)$/.exec(key);
    if (!m) continue;
    const label = `${m[1] === 'browser' ? 'DuckDB-WASM' : 'native'}, SF${m[2]}: incremental / full build`;
    const target: Target = { op: '<=', value: TARGETS.incrementalOverFull };
    out.push(
      notMeasured(`fct_orders.${m[1]}.sf${m[2]}`, group, label, 'fraction', target, problem),
    );
  }
  // Growth from SF1 to SF10 on the same adapter.
  for (const adapter of ['node', 'wasm'] as const) {
    const list = all.filter((f) => f.adapter === adapter);
    const sf1 = list.find((f) => f.scale === 1);
    const sf10 = list.find((f) => f.scale === 10);
    if (!sf1 || !sf10) continue;
    for (const m10 of sf10.models) {
      const m1 = sf1.models.find((m) => m.model === m10.model);
      if (!m1) continue;
      for (const [key, label] of STEPS) {
        const growth = m10[key].dbt.median / m1[key].dbt.median;
        const target: Target =
          key === 'full'
            ? { op: '~', value: TARGETS.fullGrowth }
            : { op: '<=', value: TARGETS.incrementalGrowth };
        out.push(
          figure({
            id: `fct_orders.${adapter === 'wasm' ? 'browser' : 'node'}.${m10.model}.${key}_sf10_over_sf1`,
            group: 'fct_orders growth',
            label: `${m10.model}, ${adapter === 'wasm' ? 'DuckDB-WASM' : 'native'}: ${label}, SF10 / SF1`,
            value: growth,
            unit: 'times',
            target,
            detail: `${ms(m10[key].dbt.median)} / ${ms(m1[key].dbt.median)}`,
            why: growthWhy(m1, m10),
          }),
        );
      }
    }
  }
  return out;
}

function growthWhy(m1: ModelFigures, m10: ModelFigures): string {
  const grew = m10.reads.incremental
    .map((r10) => {
      const r1 = m1.reads.incremental.find((r) => r.table === r10.table);
      return r1 && r1.rows > 0 ? { table: r10.table, factor: r10.rows / r1.rows } : null;
    })
    .filter((g): g is { table: string; factor: number } => g !== null && g.factor >= 3);
  if (grew.length === 0) return '';
  return `the incremental run reads ${grew.map((g) => `${g.table} ${g.factor.toFixed(1)}×`).join(', ')} as many rows at SF10: what it reads grows with the tables, not with the window`;
}

// ---- engine overhead and DuckDB-WASM vs native ----

function overheadFigures(raw: RawResults): Figure[] {
  const out: Figure[] = [];
  const all = [...raw.fctOrders.node, ...raw.fctOrders.browser];
  for (const f of all)
    for (const m of f.models)
      for (const [key, label] of STEPS) {
        const s = m[key];
        if (!s.straight) continue;
        const js = Math.max(0, s.dbt.median - s.duckdb.median);
        const kinds = kindsWhy(s.duckdbByKind);
        out.push(
          figure({
            id: `overhead.${where(f)}.${m.model}.${key}`,
            group: 'Engine overhead',
            label: `${m.model}, ${whereLabel(f)}: ${label}, dbt / the same SQL straight`,
            value: s.dbt.median / s.straight.median,
            unit: 'times',
            target: { op: '<=', value: TARGETS.engineOverhead },
            detail: `${ms(s.dbt.median)} / ${ms(s.straight.median)}`,
            why: `the dbt run waits ${ms(s.duckdb.median)} for DuckDB over ${s.calls} calls${kinds ? ` (${kinds})` : ''}, against ${ms(s.straight.median)} for the same SQL straight, and spends ${ms(js)} in the engine's JavaScript (parsing the project, Jinja)`,
          }),
        );
      }
  for (const b of raw.fctOrders.browser) {
    const n = raw.fctOrders.node.find((x) => x.scale === b.scale);
    if (!n) continue;
    for (const mb of b.models) {
      const mn = n.models.find((m) => m.model === mb.model);
      if (!mn) continue;
      for (const [key, label] of STEPS) {
        out.push(
          figure({
            id: `wasm_over_native.sf${b.scale}.${mb.model}.${key}`,
            group: 'DuckDB-WASM vs native',
            label: `${mb.model}, SF${b.scale}: ${label}, DuckDB-WASM / native`,
            value: mb[key].dbt.median / mn[key].dbt.median,
            unit: 'times',
            detail: `${ms(mb[key].dbt.median)} / ${ms(mn[key].dbt.median)} (native on ${n.duckdb.threads} threads, WASM on ${b.duckdb.threads})`,
          }),
        );
      }
    }
  }
  return out;
}

// ---- grading ----

function gradingFigures(raw: RawResults): Figure[] {
  const group = 'Grading';
  const target: Target = { op: '<=', value: TARGETS.gradingMs };
  const out: Figure[] = [];
  const b = raw.grading.browser;
  const browserLabel = "grading the solution in the browser (the lab's Grade tab)";
  if (b)
    out.push(
      figure({
        id: 'grading.browser',
        group,
        label: browserLabel,
        value: b.ms.median,
        unit: 'ms',
        target,
        detail: `${formatSpread(b.ms)}; the report: “${b.status}”${b.passed ? '' : ' (NOT passed)'}`,
        why: `from the click to the report, the data load included; the report says: “${b.status}”`,
      }),
    );
  else
    out.push(
      notMeasured(
        'grading.browser',
        group,
        browserLabel,
        'ms',
        target,
        raw.problems.grading_browser,
      ),
    );
  const n = raw.grading.node;
  const nodeLabel = 'grading the solution in Node (`grade()`, native DuckDB)';
  if (n) {
    const steps = Object.entries(n.steps)
      .map(([id, v]) => `${id} ${v}`)
      .join(', ');
    out.push(
      figure({
        id: 'grading.node',
        group,
        label: nodeLabel,
        value: n.ms.median,
        unit: 'ms',
        target,
        detail: `${formatSpread(n.ms)}; ${n.data}; data load ${ms(n.loadMs)}, steps ms: ${steps}${n.passed ? '' : ' (NOT passed)'}`,
        why: `data load ${ms(n.loadMs)} (${n.data}), then the steps (ms): ${steps}`,
      }),
    );
  } else
    out.push(
      notMeasured('grading.node', group, nodeLabel, 'ms', target, raw.problems.grading_node),
    );
  return out;
}

// ---- bytes ----

function bytesFigures(raw: RawResults): Figure[] {
  const group = 'Bytes shipped';
  const out: Figure[] = [];
  const largest = (t: { largest: { url: string; bytes: number }[] }) =>
    t.largest
      .slice(0, 3)
      .map((l) => `${l.url.split('/').pop()} ${formatValue(l.bytes, 'bytes')}`)
      .join(', ');
  const l = raw.lessonBytes;
  const jsTarget: Target = { op: '<=', value: TARGETS.lessonScriptBytes };
  if (l) {
    out.push(
      figure({
        id: 'bytes.lesson.cold',
        group,
        label: `a lesson page (\`${l.route}\`), cold: every response`,
        value: l.cold.bytes,
        unit: 'bytes',
        detail: `${l.cold.requests} requests; largest: ${largest(l.cold)}`,
      }),
      figure({
        id: 'bytes.lesson.cold_scripts',
        group,
        label: 'the same, its JavaScript (compressed, as served)',
        value: l.cold.scriptBytes,
        unit: 'bytes',
        target: jsTarget,
      }),
      figure({
        id: 'bytes.lesson.warm',
        group,
        label: 'the same, warm (reload)',
        value: l.warm.bytes,
        unit: 'bytes',
        detail: `${l.warm.requests} requests`,
      }),
    );
  } else
    out.push(
      notMeasured(
        'bytes.lesson.cold_scripts',
        group,
        'a lesson page, its JavaScript',
        'bytes',
        jsTarget,
        raw.problems.bytes,
      ),
    );
  const r = raw.ready;
  if (r) {
    for (const [key, label, t] of [
      ['lab.cold', 'the lab (`/lab`), cold: every response, workers included', r.bytes.lab.cold],
      ['lab.warm', 'the lab, warm (reload)', r.bytes.lab.warm],
      ['duckdb.cold', 'the bare DuckDB-WASM page, cold', r.bytes.duckdb.cold],
      ['duckdb.warm', 'the bare DuckDB-WASM page, warm', r.bytes.duckdb.warm],
    ] as const)
      out.push(
        figure({
          id: `bytes.${key}`,
          group,
          label,
          value: t.bytes,
          unit: 'bytes',
          detail: `${t.requests} requests${t.fromServiceWorker ? ` (and ${t.fromServiceWorker} answered by the service worker)` : ''}${t.largest.length ? `; largest: ${largest(t)}` : ''}; scripts ${formatValue(t.scriptBytes, 'bytes')}`,
        }),
      );
  }
  return out;
}

// ---- server ----

function serverFigures(raw: RawResults): Figure[] {
  const c = raw.classes;
  const group = 'Server';
  if (!c)
    return [
      notMeasured(
        'server',
        group,
        'classes load test',
        'per_second',
        undefined,
        raw.problems.classes,
      ),
    ];
  const out: Figure[] = [];
  for (const run of c.runs) {
    const where = `${run.store === 'sqlite' ? 'SQLite' : 'PostgreSQL'} (${run.appProcesses} app process${run.appProcesses > 1 ? 'es' : ''})`;
    out.push(
      figure({
        id: `server.${run.store}.submissions_per_second`,
        group,
        label: `${where}: submissions accepted per second, ${run.students} students at once`,
        value: run.submissionsPerSecond,
        unit: 'per_second',
        detail: `${run.requestsPerSecond} requests/s; p50 / p95 ${run.p50ms} / ${run.p95ms} ms; 5xx ${run.serverErrors}; every row arrived: ${run.allArrived ? 'yes' : 'no'}`,
      }),
      figure({
        id: `server.${run.store}.grades_per_second`,
        group,
        label: `${where}: re-gradings finished per second (the ${c.model === 'solution' ? "solution's, S0–S4 in the sandbox" : 'broken model, the sandbox start'})`,
        value: run.gradesPerSecond,
        unit: 'per_second',
        detail: `${run.gradesFinished} of ${run.students} in ${run.gradingSeconds} s${run.drained ? ' (queue drained)' : ' (stopped at the time limit)'}; ${run.gradesDone} done`,
      }),
    );
  }
  out.push(
    figure({
      id: 'server.dashboard_ms.sqlite',
      group,
      label: 'the dashboard query, 1,000 students × 5 graded attempts, SQLite',
      value: c.dashboardMs.sqlite,
      unit: 'ms',
    }),
  );
  if (c.dashboardMs.postgres !== null)
    out.push(
      figure({
        id: 'server.dashboard_ms.postgres',
        group,
        label: 'the same, PostgreSQL',
        value: c.dashboardMs.postgres,
        unit: 'ms',
      }),
    );
  return out;
}

export function deriveFigures(raw: RawResults): Figure[] {
  return [
    ...readyFigures(raw),
    ...fctFigures(raw),
    ...overheadFigures(raw),
    ...gradingFigures(raw),
    ...bytesFigures(raw),
    ...serverFigures(raw),
  ];
}
