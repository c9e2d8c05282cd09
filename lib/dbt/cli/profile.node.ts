/**
 * Node only: where the CLI keeps its state. The profile's `path` (profiles.yml in --profiles-dir, the
 * project dir or the folder above it), else `<project>/target/dbt.duckdb`. Unlike dbt, a relative
 * `path` is taken relative to the project, not to the shell's working directory, so running from
 * anywhere finds the same database.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { UsageError } from '../errors';
import { profilesFileSchema } from '../project/schemas';

export interface ResolvedProfile {
  /** DuckDB file, or `:memory:`. */
  path: string;
  schema: string;
  targetName: string;
  /** The profiles.yml used, if any. */
  file?: string;
}

function profileName(projectDir: string): string | undefined {
  try {
    const parsed = YAML.parse(readFileSync(path.join(projectDir, 'dbt_project.yml'), 'utf8')) as {
      profile?: unknown;
      name?: unknown;
    };
    const name = parsed?.profile ?? parsed?.name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined; // the engine reports a broken dbt_project.yml itself
  }
}

export function resolveProfile(
  projectDir: string,
  profilesDir?: string,
  target?: string,
): ResolvedProfile {
  const candidates = [profilesDir, projectDir, path.dirname(projectDir)]
    .filter((d): d is string => Boolean(d))
    .map((d) => path.join(d, 'profiles.yml'));
  const file = candidates.find((f) => existsSync(f));
  const fallback = {
    path: path.join(projectDir, 'target', 'dbt.duckdb'),
    schema: 'main',
    targetName: target ?? 'dev',
  };
  if (!file) return fallback;
  const name = profileName(projectDir);
  let parsed;
  try {
    parsed = profilesFileSchema.safeParse(YAML.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new UsageError(`Could not read ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!parsed.success)
    throw new UsageError(`Invalid ${file}: ${parsed.error.issues[0]?.message ?? ''}`);
  const profile = name ? parsed.data[name] : undefined;
  if (!profile) return { ...fallback, file };
  const targetName = target ?? profile.target ?? 'dev';
  const output = profile.outputs[targetName];
  if (!output) {
    throw new UsageError(
      `The profile '${name}' in ${file} does not have a target named '${targetName}'.`,
    );
  }
  if (output.type && output.type !== 'duckdb') {
    throw new UsageError(
      `The lab runs DuckDB; target '${targetName}' in ${file} has type '${output.type}'.`,
    );
  }
  const dbPath =
    !output.path || output.path === ':memory:'
      ? (output.path ?? fallback.path)
      : path.resolve(projectDir, output.path);
  return { path: dbPath, schema: output.schema ?? 'main', targetName, file };
}
