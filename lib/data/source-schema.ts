/**
 * A `DataSource` read from outside the code (the build's manifest, a grading request), checked
 * with zod: only the shapes the data layer knows, with bounded values.
 */
import { z } from 'zod';
import { COURSE_TABLES, type CourseTable } from './course-tables';
import { MAX_SCALE } from './generator/generate';
import type { DataSource } from './types';

export const DataSourceSchema: z.ZodType<DataSource> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('generated'),
    scale: z.number().positive().max(MAX_SCALE),
    seed: z
      .number()
      .int()
      .nonnegative()
      .max(2 ** 31 - 1),
  }),
  z.object({
    kind: z.literal('files'),
    files: z
      .array(
        z.object({
          table: z.enum(COURSE_TABLES as readonly [CourseTable, ...CourseTable[]]),
          path: z
            .string()
            .max(4096)
            .regex(/\.csv(\.gz)?$/i),
          displayName: z.string().max(255),
        }),
      )
      .max(COURSE_TABLES.length),
    label: z.string().max(200).optional(),
    digest: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional(),
  }),
]);
