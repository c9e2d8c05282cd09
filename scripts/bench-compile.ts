/**
 * Benchmark of Jinja compilation on the course project (native DuckDB, empty in-memory database):
 * - parse: reading the project and rendering every model and test once with `execute = false`;
 * - both branches: the compiled-SQL view's work — every model compiled as a first build and, for
 *   incremental models, as an incremental run (`compileModel`, which parses the project each time);
 * - `dbt compile`: parse plus the run-time compile of every model and test.
 * Each figure is the median of the runs after two warm-up runs.
 *   npm run -s bench:compile                 # starter and solution, 20 runs
 *   npm run -s bench:compile -- --runs 50
 */
import { parseArgs as parseCli } from 'node:util';
import { compileModel, parseArgs, runDbt, UsageError } from '@/lib/dbt';
import { solutionProjectFiles, starterProjectFiles } from '@/lib/dbt/course-project.node';
import type { ProjectFiles } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';

const CLOCK = '2018-08-14 23:59:59';

function modelNames(files: ProjectFiles): string[] {
  return Object.keys(files)
    .filter((path) => path.startsWith('models/') && path.endsWith('.sql'))
    .map((path) =>
      path
        .split('/')
        .pop()!
        .replace(/\.sql$/, ''),
    );
}

async function dbtCompile(connection: Connection, files: ProjectFiles): Promise<void> {
  const command = parseArgs(['compile']);
  if (command instanceof UsageError) throw command;
  const result = await runDbt(command, { connection, files, clock: CLOCK });
  if (result.exitCode !== 0) throw new Error(`dbt compile failed:\n${result.log.join('\n')}`);
}

async function bothBranches(connection: Connection, files: ProjectFiles): Promise<number> {
  let compiled = 0;
  for (const name of modelNames(files)) {
    const branches = await compileModel({ connection, files, clock: CLOCK }, name);
    compiled += branches.incrementalSql === null ? 1 : 2;
  }
  return compiled;
}

async function parseOnly(connection: Connection, files: ProjectFiles): Promise<void> {
  const command = parseArgs(['ls']);
  if (command instanceof UsageError) throw command;
  const result = await runDbt(command, { connection, files, clock: CLOCK });
  if (result.exitCode !== 0) throw new Error(`dbt ls failed:\n${result.log.join('\n')}`);
}

async function time(runs: number, work: () => Promise<unknown>): Promise<string> {
  const samples: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const started = performance.now();
    await work();
    if (i >= 2) samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const f = (ms: number) => ms.toFixed(1);
  return `${f(samples[Math.floor(samples.length / 2)]!)} ms (${f(samples[0]!)}–${f(samples.at(-1)!)})`;
}

async function main() {
  const { values } = parseCli({ options: { runs: { type: 'string', default: '20' } } });
  const runs = Number(values.runs);
  const connection = await openNodeConnection();
  try {
    for (const [label, files] of [
      ['starter', await starterProjectFiles()],
      ['solution', await solutionProjectFiles()],
    ] as const) {
      const models = modelNames(files).length;
      const branches = await bothBranches(connection, files);
      console.log(`${label}: ${models} models, ${branches} compiled branches`);
      console.log(
        `  parse (dbt ls)             ${await time(runs, () => parseOnly(connection, files))}`,
      );
      console.log(
        `  every model, both branches ${await time(runs, () => bothBranches(connection, files))}`,
      );
      console.log(
        `  dbt compile                ${await time(runs, () => dbtCompile(connection, files))}`,
      );
    }
  } finally {
    await connection.close();
  }
}

void main();
