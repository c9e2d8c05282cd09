/**
 * The sandboxed grading process (started by `gradeInSandbox` in ./sandbox.ts, never imported).
 *
 * Reads one JSON document from stdin — `{ files, data, prebuilt?, timeLimitMs }`, at most 2 MB —
 * grades the project on a fresh native DuckDB locked down like the grade CLI's (lib/grader/sandbox.ts,
 * with the memory and thread limits from `LAB_SANDBOX_MEMORY_MB` and `LAB_SANDBOX_THREADS`), and
 * writes one JSON line to stdout: `{ "ok": true, "report": … }` or `{ "ok": false, "error": "…" }`.
 * Nothing else goes to stdout. Exits 0 either way; a crash exits non-zero.
 *
 * With `prebuilt` (the build's gzip-compressed database file of the lab's data), `lab_full` is
 * copied from it: the file is inflated into a private temporary folder, attached read-only, copied
 * and detached before the database is locked down, so the model's SQL never reaches it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { COURSE_TABLES, type CourseTable } from '@/lib/data';
import { DataSourceSchema } from '@/lib/data/source-schema';
import type { ProjectFiles } from '@/lib/dbt';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { grade } from '@/lib/grader/grade';
import { SANDBOX_CONFIG } from '@/lib/grader/sandbox';
import { prebuiltFill } from './prebuilt-fill';

const MAX_INPUT_BYTES = 2 * 1024 * 1024;

const RowsSchema = z.object(
  Object.fromEntries(COURSE_TABLES.map((t) => [t, z.number().int().nonnegative()])) as Record<
    CourseTable,
    z.ZodNumber
  >,
);

const InputSchema = z.object({
  files: z.record(z.string(), z.string()) as z.ZodType<ProjectFiles>,
  data: DataSourceSchema,
  prebuilt: z.object({ path: z.string().regex(/^\/.*\.duckdb\.gz$/), rows: RowsSchema }).optional(),
  timeLimitMs: z.number().int().positive().max(3_600_000),
});

type Output = { ok: true; report: unknown } | { ok: false; error: string };

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** Stdin as text, or null when it is longer than `max` bytes (reading stops there). */
async function readInput(max: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function run(): Promise<Output> {
  const text = await readInput(MAX_INPUT_BYTES);
  if (text === null)
    return { ok: false, error: `the project is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the grading request is not valid JSON' };
  }
  const input = InputSchema.safeParse(json);
  if (!input.success)
    return {
      ok: false,
      error: `the grading request is malformed: ${input.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; ')}`,
    };

  const memoryMb = positiveInt(process.env.LAB_SANDBOX_MEMORY_MB, 1024);
  const threads = positiveInt(process.env.LAB_SANDBOX_THREADS, 1);
  const connection = await openNodeConnection({
    config: {
      ...SANDBOX_CONFIG,
      memory_limit: `${memoryMb}MB`,
      threads: String(threads),
      // An in-memory database spills to `.tmp` in the working directory by default: never here.
      temp_directory: '',
    },
  });
  const prebuilt = input.data.prebuilt;
  const scratch = prebuilt ? mkdtempSync(path.join(os.tmpdir(), 'lab-grade-')) : null;
  try {
    const fillFull = prebuilt && scratch ? await prebuiltFill(prebuilt, scratch) : undefined;
    const report = await grade({
      files: input.data.files,
      connection,
      data: input.data.data,
      timeLimitMs: input.data.timeLimitMs,
      sandbox: true,
      ...(fillFull && { fillFull }),
    });
    return { ok: true, report };
  } finally {
    await connection.close().catch(() => undefined);
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

function finish(output: Output): void {
  process.stdout.write(`${JSON.stringify(output)}\n`, () => process.exit(0));
}

// Without bubblewrap's --die-with-parent, a child whose server went away stops by itself.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(3);
}, 1000).unref();

run().then(finish, (error: unknown) => finish({ ok: false, error: message(error) }));
