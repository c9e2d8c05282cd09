/**
 * BENCHMARKS.md from bench/results.json: the machine, how to reproduce, every target with its value
 * and verdict, why the missed ones are missed, then each group's figures in detail. Pure.
 */
import { formatTarget, formatValue } from './format';
import type { BenchResults, Figure, Status } from './results';

const STATUS_TEXT: Record<Status, string> = {
  met: 'met',
  missed: '**missed**',
  info: '–',
  'not measured': 'not measured',
};

/** A table cell: no line breaks, no unescaped pipes. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

function table(header: string[], rows: string[][]): string {
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

function provenance(results: BenchResults): string {
  const { run } = results;
  const day = run.date.slice(0, 10);
  const commit = `\`${run.commit}\`${run.dirty ? ' with uncommitted changes' : ''}`;
  const lines = [
    `Written by \`${run.command}\` on ${day} (commit ${commit}) in ${Math.round(run.durationS)} s, from [\`bench/results.json\`](bench/results.json), which holds every sample.`,
  ];
  if (run.mode === 'quick')
    lines.push(
      '',
      '> **A quick run** (`--quick`: SF1 only, one run of each figure, a small load test): it shows that the benchmark works and what it reports. Its values are single samples; quote the figures of a full run on a quiet machine.',
    );
  const busy = run.loadAverage.start > results.machine.cores * 0.5;
  if (busy)
    lines.push(
      '',
      `> The machine was busy when the run started (load average ${run.loadAverage.start.toFixed(2)} on ${results.machine.cores} cores): figures can be up to 2–3× slower than on a quiet machine.`,
    );
  return lines.join('\n');
}

function machine(results: BenchResults): string {
  const m = results.machine;
  const load = results.run.loadAverage;
  return table(
    ['CPU', 'cores', 'memory', 'OS', 'Node', 'Chromium', 'load average (start → end)'],
    [
      [
        m.cpu,
        String(m.cores),
        `${m.memoryGiB} GiB`,
        m.os,
        m.node,
        m.chromium,
        `${load.start.toFixed(2)} → ${load.end.toFixed(2)}`,
      ],
    ],
  );
}

const REPRODUCE = `\`\`\`bash
npm ci
npm run build            # the bench serves the production build (or: npm run bench -- --build)
npm run bench            # everything below, SF1 and SF10 (about 10 minutes on 2 cores)
npm run bench -- --quick # SF1 only, one run each: a check that it works (about 2 minutes)
\`\`\`

It starts \`next start\` on a free loopback port (and stops it), drives headless Chromium (the
system's \`/usr/bin/chromium\` or \`CHROMIUM_PATH\`, else Playwright's), runs the Node half on native
DuckDB, and writes \`bench/results.json\` and this file. \`TEST_DATABASE_URL=postgres://…\` adds the
server's PostgreSQL half. \`--only ready,bytes,grading,fct-browser,fct-node,classes\` runs a part (it
still rewrites both files); \`--render\` writes this file again from the JSON, without measuring.`;

const METHOD = `- **Lab ready**: from the navigation's start (\`performance.now()\` in the page) to the moment
  the lab's clock shows (the engine started and the lab's tables there: on a first visit the
  prebuilt SF1 data loaded and Day 10's project built) and Monaco is mounted in place of the
  plain-text placeholder, whichever is later. Cold is a new Chromium profile (empty HTTP cache, no
  service worker, no kept database); warm is a reload in the same profile once the first visit is
  over, its offline copy made (disk cache, the service worker's cache, IndexedDB and the database
  kept in OPFS). The floor is \`/bench/duckdb\` on the same server: the root layout, DuckDB-WASM
  started and \`select 1\` answered, nothing else (its warm visit is a plain reload).
- **fct_orders**: [\`lib/bench/fct-orders.ts\`](lib/bench/fct-orders.ts), the same code on native
  DuckDB and on DuckDB-WASM (through \`/bench/engine\` in Chromium): the course project with the
  solution's model (and its stretch version, the window pushed into the inputs), generated data at
  the scale, then \`dbt run -s fct_orders --full-refresh\`, \`dbt run -s fct_orders\` with no new data,
  and \`dbt run -s fct_orders\` after the timeline's next day of orders, after an untimed first
  build (and at SF1 an untimed incremental run). Times are the dbt command's wall time. One
  profiled run of each kind gives the rows read per table (DuckDB's profiler, as the run chart).
  At SF10 each step runs once, on both adapters, to keep the whole run near ten minutes; the full
  build's detail gives DuckDB's threads and memory limit (DuckDB-WASM holds SF10 within it).
- **Engine overhead**: each dbt run against the SQL the engine compiled for it, run straight on the
  same connection with the statements a person would write (\`create or replace table … as\`;
  for an incremental run a temp table, \`delete\` of its keys, \`insert\`, in one transaction). The
  dbt run's time is also split into the time spent waiting for DuckDB, by kind of statement, and
  the rest (the engine's JavaScript). Measured at SF1, where the engine's fixed costs weigh most.
- **Grading**: in the browser, the lab's Grade tab on the solution (set in the editor), from the
  click to the report, on whatever data the tab grades on (its report names it); in Node, \`grade()\`
  on the data the server grades on, each run on a fresh connection.
- **Bytes**: the sum of every response's headers and encoded body as Playwright reports them
  (the pages' and the workers' requests; a response served from the cache transfers nothing), until
  the network has been quiet for a second after the page was ready.
- **Server**: [\`scripts/bench/classes.ts\`](scripts/bench/classes.ts): N students join and sync
  (three events and a graded attempt each) at the same moment against \`next start\` on a fresh
  database, while the app's worker re-grades every submission in its sandbox.`;

function summary(figures: Figure[]): string {
  const targeted = figures.filter((f) => f.target?.op === '<=');
  return table(
    ['figure', 'target', 'value', 'met?'],
    targeted.map((f) => [
      f.label,
      formatTarget(f.target, f.unit),
      formatValue(f.value, f.unit),
      STATUS_TEXT[f.status],
    ]),
  );
}

function missed(figures: Figure[]): string {
  const list = figures.filter((f) => f.status === 'missed');
  if (list.length === 0) return 'Every measured target is met.';
  return list
    .map(
      (f) =>
        `- **${f.label}**: ${formatValue(f.value, f.unit)} against ${formatTarget(f.target, f.unit)}.${f.why ? ` Why: ${f.why}.` : ''}`,
    )
    .join('\n');
}

function groups(figures: Figure[]): string {
  const names = [...new Set(figures.map((f) => f.group))];
  return names
    .map((name) => {
      const rows = figures
        .filter((f) => f.group === name)
        .map((f) => [
          f.label,
          formatValue(f.value, f.unit),
          formatTarget(f.target, f.unit),
          STATUS_TEXT[f.status],
          f.detail ?? '',
        ]);
      return `### ${name}\n\n${table(['what', 'value', 'target', 'met?', 'detail'], rows)}`;
    })
    .join('\n\n');
}

function problems(results: BenchResults): string {
  const entries = Object.entries(results.raw.problems);
  if (entries.length === 0) return '';
  return `\n## Problems during this run\n\n${entries.map(([k, v]) => `- \`${k}\`: ${v}`).join('\n')}\n`;
}

export function renderMarkdown(results: BenchResults): string {
  return `# Benchmarks

${provenance(results)}

## Machine

${machine(results)}

## Reproduce

${REPRODUCE}

## Targets

The targets are the product brief's (“What fast means here”).

${summary(results.figures)}

## Where a target is missed, and why

${missed(results.figures)}
${problems(results)}
## Every figure

${groups(results.figures)}

## How each figure is measured

${METHOD}
`;
}
