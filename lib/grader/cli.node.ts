/**
 * `npm run -s grade -- <fct_orders.sql | project dir>... [--json] [--scale S] [--seed N] [--time-limit SEC]`
 * Grades each argument on a fresh, locked-down database. Exit 0 when every check passes, 1 when any
 * fails or errors, 2 on a bad invocation.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { DataSource } from '@/lib/data';
import { chooseSource } from '@/lib/dbt/cli/course-data.node';
import { starterProjectFiles } from '@/lib/dbt/course-project.node';
import { readProjectFiles } from '@/lib/dbt/project-files.node';
import type { ProjectFiles } from '@/lib/dbt';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { grade } from './grade';
import { formatReport } from './report-text';
import { SANDBOX_CONFIG } from './sandbox';
import type { GradeReport } from './types';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const USAGE = `Usage: npm run -s grade -- <fct_orders.sql | project dir>... [options]

  --json             one JSON document (an array when several are graded)
  --scale S          generated data at scale S (default: data/raw/ when present, else scale 1)
  --seed N           seed of the generated data (default 42)
  --time-limit SEC   stop a dbt run that takes longer (default 60)`;

const Options = z.object({
  json: z.boolean().default(false),
  scale: z.coerce.number().positive().max(100).optional(),
  seed: z.coerce.number().int().nonnegative().optional(),
  'time-limit': z.coerce.number().positive().max(3600).default(60),
});

const MODEL_PATH = 'models/marts/fct_orders.sql';

async function projectFor(target: string): Promise<ProjectFiles> {
  const info = await stat(target).catch(() => null);
  if (!info) throw new UsageError(`${target}: no such file or folder.`);
  if (info.isDirectory()) return readProjectFiles(target);
  if (!target.endsWith('.sql'))
    throw new UsageError(`${target}: give a .sql model or a project folder.`);
  return { ...(await starterProjectFiles()), [MODEL_PATH]: await readFile(target, 'utf8') };
}

class UsageError extends Error {}

export async function main(argv: string[], io: Io, cwd = process.cwd()): Promise<number> {
  let parsed;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        'time-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(USAGE);
      return 0;
    }
    if (positionals.length === 0)
      throw new UsageError('Give at least one fct_orders.sql or project folder.');
    const options = Options.safeParse(values);
    if (!options.success)
      throw new UsageError(
        options.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; '),
      );
    parsed = { targets: positionals, options: options.data };
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }

  const { targets, options } = parsed;
  const data: DataSource =
    options.scale !== undefined || options.seed !== undefined
      ? { kind: 'generated', scale: options.scale ?? 1, seed: options.seed ?? 42 }
      : await chooseSource(cwd, 1);

  const reports: { target: string; report: GradeReport }[] = [];
  for (const target of targets) {
    let files: ProjectFiles;
    try {
      files = await projectFor(path.resolve(cwd, target));
    } catch (error) {
      io.stderr(error instanceof Error ? error.message : String(error));
      return 2;
    }
    const connection = await openNodeConnection({ config: SANDBOX_CONFIG });
    try {
      const report = await grade({
        files,
        connection,
        data,
        timeLimitMs: options['time-limit'] * 1000,
        sandbox: true,
      });
      reports.push({ target, report });
      if (!options.json) io.stdout(`${formatReport(report, target)}\n`);
    } finally {
      await connection.close();
    }
  }
  if (options.json) {
    const docs = reports.map(({ report }) => ({
      passed: report.passed,
      checks: report.checks.map(({ id, status, message, hint }) => ({ id, status, message, hint })),
      steps: report.steps,
      info: report.info,
    }));
    io.stdout(JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2));
  }
  return reports.every(({ report }) => report.passed) ? 0 : 1;
}
