/**
 * A node's failure as dbt words it — `Compilation Error in model x (path)` for Jinja and config
 * problems, `Runtime Error in model x (path)` with DuckDB's message for SQL — plus the structured
 * form the UI uses (kind, file, line).
 */
import { QueryCancelledError } from '@/lib/engine/connection';
import { CompilationError, JinjaError } from '../errors';
import { NodeSqlError } from '../materialize/sql';
import type { Manifest } from '../manifest/nodes';
import type { DbtErrorInfo } from '../types';

/** The table DuckDB's error says does not exist, if that is what it says. */
export function missingTableName(message: string): string | undefined {
  return /Table with name (\w+) does not exist/.exec(message)?.[1];
}

/**
 * DuckDB says "Table with name int_orders_enriched does not exist" when a model's parent was never
 * built in this database: name the cause and the command. When the missing table is the model's
 * own, the model reads `{{ this }}` on a build that has none yet, which no parent build fixes.
 */
export function withMissingModelHint(
  error: unknown,
  manifest: Manifest,
  nodeName: string,
): unknown {
  if (!(error instanceof NodeSqlError)) return error;
  const missing = missingTableName(error.message);
  if (!missing) return error;
  const model = [...manifest.nodes.values()].find(
    (n) =>
      n.resourceType !== 'test' && n.relation.identifier.toLowerCase() === missing.toLowerCase(),
  );
  if (!model) return error;
  if (model.name === nodeName)
    return new NodeSqlError(
      `${error.message}\n\nHint: ${nodeName} reads its own table ({{ this }}), which does not exist before its first build: the first build has no table to read yet. Put the filter inside the {% if is_incremental() %} block, so it applies only when the table is there.`,
      error.line,
    );
  return new NodeSqlError(
    `${error.message}\n\nHint: ${model.name} is a ${model.resourceType} of this project that is not built in this database yet. Build it with its parents first: dbt run -s +${nodeName}`,
    error.line,
  );
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
}

export function describeNodeError(
  error: unknown,
  node: { resourceType: string; name: string; file: string },
): { message: string; info: DbtErrorInfo } {
  const where = `${node.resourceType} ${node.name} (${node.file})`;
  if (error instanceof JinjaError) {
    const file = error.file || node.file;
    const location = error.line ? `${file}:${error.line}` : file;
    return {
      message: `Compilation Error in ${where}\n${indent(`${location}: ${error.message}`)}`,
      info: { kind: 'jinja', file, line: error.line, message: error.message },
    };
  }
  if (error instanceof CompilationError) {
    return {
      message: `Compilation Error in ${where}\n${indent(error.message)}`,
      info: { kind: error.kind, file: node.file, message: error.message },
    };
  }
  if (error instanceof NodeSqlError) {
    return {
      message: `Runtime Error in ${where}\n${indent(error.message)}`,
      info: { kind: 'sql', file: node.file, line: error.line, message: error.message },
    };
  }
  if (error instanceof QueryCancelledError) {
    return {
      message: `Runtime Error in ${where}\n  ${error.message}`,
      info: { kind: 'sql', file: node.file, message: error.message },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: `Runtime Error in ${where}\n${indent(message)}`,
    info: { kind: 'sql', file: node.file, message },
  };
}
