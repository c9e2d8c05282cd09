/**
 * The Olist data CLI.
 *   npm run -s olist -- generate [--scale 1] [--seed 42] --out DIR [--short-names] [--gzip]
 *   npm run -s olist -- import [--dir data/raw] [--cutoff YYYY-MM-DD]
 * `generate` writes the five course tables as CSVs in the real files' format (Kaggle names by
 * default); `import` loads a folder of CSVs the way the lab does and prints the row counts.
 * Exit codes: 0 ok, 1 bad data, 2 bad invocation.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openNodeConnection } from '@/lib/engine/node-connection';
import {
  COURSE_TABLES,
  MAX_SCALE,
  RawDataError,
  generateOlist,
  loadLabData,
  type CourseTable,
} from '@/lib/data';
import { writeCourseCsvs } from '@/lib/data/csv-writer.node';
import { DEFAULT_RAW_DIR, findRawFiles, verifyRawFileOnDisk } from '@/lib/data/raw-files.node';

const USAGE = `Usage:
  npm run -s olist -- generate [--scale S] [--seed N] --out DIR [--short-names] [--gzip]
      Writes generated Olist-shaped CSVs (scale 1 ≈ the real data, 99,441 orders; default seed 42).
  npm run -s olist -- import [--dir DIR] [--cutoff YYYY-MM-DD]
      Loads the course CSVs from DIR (default ${DEFAULT_RAW_DIR}) and prints the row counts.`;

class UsageError extends Error {}

const generateArgs = z.object({
  scale: z.coerce.number().positive().max(MAX_SCALE).default(1),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(42),
  out: z.string().min(1, '--out DIR is required'),
  'short-names': z.boolean().default(false),
  gzip: z.boolean().default(false),
});

const importArgs = z.object({
  dir: z.string().min(1).default(DEFAULT_RAW_DIR),
  cutoff: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '--cutoff must look like 2018-08-14')
    .optional(),
});

function parse<T>(schema: z.ZodType<T>, values: unknown): T {
  const result = schema.safeParse(values);
  if (!result.success) {
    throw new UsageError(
      result.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'),
    );
  }
  return result.data;
}

function table(counts: Record<CourseTable, number>, label: string): string {
  const width = Math.max(...COURSE_TABLES.map((t) => t.length));
  return [
    label,
    ...COURSE_TABLES.map(
      (t) => `  ${t.padEnd(width)}  ${counts[t].toLocaleString('en-US').padStart(9)}`,
    ),
  ].join('\n');
}

async function generate(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      'short-names': { type: 'boolean' },
      gzip: { type: 'boolean' },
    },
    strict: true,
  });
  const args = parse(generateArgs, { ...values, out: values.out ?? '' });
  const conn = await openNodeConnection();
  try {
    const started = Date.now();
    await conn.exec('CREATE SCHEMA lab_full');
    const counts = await generateOlist(conn, { scale: args.scale, seed: args.seed }, 'lab_full');
    const files = await writeCourseCsvs(conn, 'lab_full', args.out, {
      naming: args['short-names'] ? 'short' : 'kaggle',
      gzip: args.gzip,
    });
    console.log(table(counts, `Generated scale ${args.scale}, seed ${args.seed}:`));
    console.log(`Wrote ${files.map((f) => f.path).join('\n      ')}`);
    console.log(`in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await conn.close();
  }
}

async function importDir(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { dir: { type: 'string' }, cutoff: { type: 'string' } },
    strict: true,
  });
  const args = parse(importArgs, values);
  const files = await findRawFiles(args.dir);
  const conn = await openNodeConnection();
  try {
    const started = Date.now();
    const info = await loadLabData(
      conn,
      { kind: 'files', files },
      { verify: verifyRawFileOnDisk, ...(args.cutoff ? { cutoff: args.cutoff } : {}) },
    );
    const full = await conn.query<{ t: CourseTable; n: number }>(
      COURSE_TABLES.map(
        (t) => `SELECT '${t}' AS t, count(*)::INTEGER AS n FROM lab_full.${t}`,
      ).join(' UNION ALL '),
    );
    const fullCounts = Object.fromEntries(full.rows.map((r) => [r.t, r.n])) as Record<
      CourseTable,
      number
    >;
    console.log(table(fullCounts, `Loaded ${files.map((f) => f.displayName).join(', ')}:`));
    console.log(
      table(info.rowCounts, `Released up to the cut-off ${info.cutoffDay} (clock ${info.clock}):`),
    );
    console.log(`in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await conn.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'generate') await generate(rest);
    else if (command === 'import') await importDir(rest);
    else if (command === undefined || command === '--help' || command === '-h') {
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    } else throw new UsageError(`Unknown command "${command}".`);
    return 0;
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof RawDataError || error instanceof RangeError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
