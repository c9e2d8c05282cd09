/** Reading the graded model's effective config (after dbt's precedence) in the grader's terms. */
import type { NodeConfig } from '@/lib/dbt/project/config';

/** `unique_key` as a list of column names: a list, a comma string (`'a, b'`) or nothing. */
export function uniqueKeyColumns(config: NodeConfig): string[] {
  const raw = config.unique_key;
  if (raw === null || raw === undefined || raw === '') return [];
  const list = Array.isArray(raw) ? raw : String(raw).split(',');
  return list.map((k) => String(k).trim()).filter(Boolean);
}

export function materialization(config: NodeConfig): string {
  const value = config.materialized;
  return typeof value === 'string' ? value : 'view';
}

export function relationName(config: NodeConfig, model: string): string {
  const alias = config.alias;
  return `main."${typeof alias === 'string' && alias ? alias : model}"`;
}
