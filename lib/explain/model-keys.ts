/** Small reads the explainer and the lateness sweep share. */
import type { NodeConfig } from '@/lib/dbt/project/config';
import type { Connection } from '@/lib/engine/connection';
import { uniqueKeyColumns } from '@/lib/grader/model-config';

/** The model's `unique_key` columns (the grader's reading of the config), or null without one. */
export function uniqueKeyOrNull(config: NodeConfig): string[] | null {
  const keys = uniqueKeyColumns(config);
  return keys.length > 0 ? keys : null;
}

/** The first column of the first row, as a number (a count). */
export async function scalar(connection: Connection, sql: string): Promise<number> {
  const result = await connection.query(sql);
  return Number(Object.values(result.rows[0] ?? {})[0] ?? 0);
}
