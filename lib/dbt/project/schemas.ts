/**
 * Shapes of `dbt_project.yml` and property files (`schema.yml`, `_sources.yml`). Loose on purpose:
 * unknown keys (descriptions, docs, meta…) are kept and ignored, only what the engine reads is checked.
 */
import { z } from 'zod';

const stringList = z.array(z.string());
const anyRecord = z.record(z.string(), z.unknown());

export const projectFileSchema = z.looseObject({
  name: z
    .string({ error: 'a project name is required' })
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'the project name must be a valid identifier'),
  version: z.union([z.string(), z.number()]).optional(),
  'config-version': z.number().optional(),
  profile: z.string().optional(),
  'model-paths': stringList.optional(),
  'source-paths': stringList.optional(),
  'seed-paths': stringList.optional(),
  'data-paths': stringList.optional(),
  'test-paths': stringList.optional(),
  'macro-paths': stringList.optional(),
  'clean-targets': stringList.optional(),
  'snapshot-paths': stringList.optional(),
  vars: anyRecord.nullish(),
  models: anyRecord.nullish(),
  seeds: anyRecord.nullish(),
  tests: anyRecord.nullish(),
  data_tests: anyRecord.nullish(),
  quoting: anyRecord.nullish(),
});
export type ProjectFileYaml = z.infer<typeof projectFileSchema>;

/** A test as written in YAML: `unique`, or `{accepted_values: {values: [...]}}`. */
export const testDefSchema = z.union([z.string(), anyRecord]);
export type TestDef = z.infer<typeof testDefSchema>;

const columnSchema = z.looseObject({
  name: z.string(),
  tests: z.array(testDefSchema).nullish(),
  data_tests: z.array(testDefSchema).nullish(),
});

const nodePropertiesSchema = z.looseObject({
  name: z.string(),
  config: anyRecord.nullish(),
  columns: z.array(columnSchema).nullish(),
  tests: z.array(testDefSchema).nullish(),
  data_tests: z.array(testDefSchema).nullish(),
});
export type NodeProperties = z.infer<typeof nodePropertiesSchema>;

const sourceTableSchema = z.looseObject({
  name: z.string(),
  identifier: z.string().nullish(),
  config: anyRecord.nullish(),
  meta: anyRecord.nullish(),
  columns: z.array(columnSchema).nullish(),
  tests: z.array(testDefSchema).nullish(),
  data_tests: z.array(testDefSchema).nullish(),
});

const sourceSchema = z.looseObject({
  name: z.string(),
  database: z.string().nullish(),
  schema: z.string().nullish(),
  config: anyRecord.nullish(),
  meta: anyRecord.nullish(),
  tables: z.array(sourceTableSchema).nullish(),
});
export type SourceYaml = z.infer<typeof sourceSchema>;

export const propertiesFileSchema = z.looseObject({
  version: z.union([z.number(), z.string()]).nullish(),
  models: z.array(nodePropertiesSchema).nullish(),
  seeds: z.array(nodePropertiesSchema).nullish(),
  sources: z.array(sourceSchema).nullish(),
});

export const profilesFileSchema = z.record(
  z.string(),
  z.looseObject({
    target: z.string().optional(),
    outputs: z.record(
      z.string(),
      z.looseObject({
        type: z.string().optional(),
        path: z.string().optional(),
        schema: z.string().optional(),
        database: z.string().optional(),
        threads: z.number().optional(),
      }),
    ),
  }),
);
