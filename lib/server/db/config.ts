/**
 * Where the server keeps its state, from the environment (checked with zod): PostgreSQL when
 * `DATABASE_URL` is set, otherwise a SQLite file in the data folder (`LAB_DATA_DIR`, default
 * `.lab-data/` in the working directory), created on first start.
 */
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  LAB_DATA_DIR: z.string().min(1).optional(),
});

export type StoreConfig =
  | { kind: 'sqlite'; file: string; dataDir: string }
  | { kind: 'postgres'; url: string; dataDir: string };

export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const parsed = envSchema.safeParse({
    DATABASE_URL: env.DATABASE_URL || undefined,
    LAB_DATA_DIR: env.LAB_DATA_DIR || undefined,
  });
  if (!parsed.success)
    throw new Error(
      `Server configuration: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  // a folder named at run time: nothing for the bundler to trace
  const dataDir = path.resolve(/*turbopackIgnore: true*/ parsed.data.LAB_DATA_DIR ?? '.lab-data');
  return parsed.data.DATABASE_URL
    ? { kind: 'postgres', url: parsed.data.DATABASE_URL, dataDir }
    : { kind: 'sqlite', file: path.join(dataDir, 'lab.sqlite'), dataDir };
}
