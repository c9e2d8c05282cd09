/**
 * YAML reading for project files: a syntax error or a shape error becomes a ProjectError naming the
 * file and line, the way dbt reports a broken `schema.yml`.
 */
import YAML from 'yaml';
import type { z } from 'zod';
import { ProjectError } from '../errors';

export function parseYaml(text: string, file: string): unknown {
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    const where = line ? ` near line ${line}` : '';
    throw new ProjectError(
      `Syntax error${where} in ${file}: ${error.message.split('\n')[0]}`,
      file,
      line,
    );
  }
  return doc.toJS({ maxAliasCount: 100 }) ?? {};
}

function describePath(path: PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

/** Validates parsed YAML; the first problem is reported with its path inside the file. */
export function validate<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? `${describePath(issue.path)}: ` : '';
  throw new ProjectError(`Invalid ${file}: ${where}${issue.message}`, file);
}
