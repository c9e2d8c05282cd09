/**
 * What a class member's browser sends the server, checked with zod on both sides: progress
 * events (lesson done marks, data events, dbt commands with row counts) and grade attempts (the
 * files and the browser's report). Ids are made in the browser, so a resend is stored once.
 */
import { z } from 'zod';
import { CHECK_IDS } from '@/lib/grader/types';

const MAX_FILE_BYTES = 200_000;
const MAX_FILES_BYTES = 1_000_000;

const time = z.iso.datetime({ offset: true });

const rowsSchema = z.object({
  inserted: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  deleted: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});

export const progressEventSchema = z.discriminatedUnion('kind', [
  z.object({
    id: z.uuid(),
    time,
    kind: z.literal('lesson_done'),
    payload: z.object({ page: z.string().min(1).max(40), done: z.boolean() }),
  }),
  z.object({
    id: z.uuid(),
    time,
    kind: z.literal('data_event'),
    payload: z.object({ event: z.string().min(1).max(40) }),
  }),
  z.object({
    id: z.uuid(),
    time,
    kind: z.literal('dbt_command'),
    payload: z.object({
      command: z.string().min(1).max(400),
      exitCode: z.number().int().min(0).max(255),
      results: z
        .array(
          z.object({
            name: z.string().max(200),
            status: z.string().max(20),
            rows: rowsSchema.optional(),
            logicChanged: z.boolean().optional(),
          }),
        )
        .max(100),
    }),
  }),
]);

export type ProgressEventInput = z.infer<typeof progressEventSchema>;

const filesSchema = z
  .record(z.string().min(1).max(200), z.string().max(MAX_FILE_BYTES))
  .refine((files) => Object.keys(files).length <= 80, 'at most 80 files')
  .refine(
    (files) => Object.values(files).reduce((n, text) => n + text.length, 0) <= MAX_FILES_BYTES,
    `at most ${MAX_FILES_BYTES} characters of files in all`,
  );

/** The browser's grade report, as much as the dashboard compares (the server keeps its own). */
export const browserReportSchema = z.object({
  passed: z.boolean(),
  checks: z
    .array(z.object({ id: z.enum(CHECK_IDS), status: z.enum(['pass', 'fail', 'error']) }))
    .max(CHECK_IDS.length),
  durationMs: z.number().nonnegative().optional(),
});

export type BrowserReport = z.infer<typeof browserReportSchema>;

export const submissionSchema = z.object({
  clientId: z.uuid(),
  time,
  files: filesSchema,
  report: browserReportSchema,
});

export type SubmissionInput = z.infer<typeof submissionSchema>;

export const syncRequestSchema = z.object({
  events: z.array(progressEventSchema).max(200).default([]),
  submissions: z.array(submissionSchema).max(5).default([]),
});

export type SyncRequest = z.infer<typeof syncRequestSchema>;

export interface SyncResponse {
  /** Ids stored now or before: the browser drops them from its queue. */
  events: string[];
  submissions: { clientId: string; submissionId: string; gradeId: string | null }[];
}

/** Bodies larger than this are refused with 413 before they are parsed. */
export const SYNC_MAX_BYTES = 2_500_000;
