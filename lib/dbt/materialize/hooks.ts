/**
 * Model hooks (`pre_hook` / `post_hook` in `config()`, a property file or `dbt_project.yml`), run
 * where dbt-duckdb's materializations run them: hooks with `transaction: false` before BEGIN (pre)
 * or after COMMIT (post), the others inside the model's transaction. Hooks from the project file
 * come first, then the property file's, then the model's own, each in the order written. A hook is
 * Jinja, rendered with the model's context when the model runs.
 */
import type { Connection } from '@/lib/engine/connection';
import { NodeSqlError, runStatement } from './sql';

export interface Hook {
  sql: string;
  /** false: outside the transaction (dbt's `before_begin` / `after_commit`). */
  transaction: boolean;
}

export interface ModelHooks {
  pre: Hook[];
  post: Hook[];
}

export const NO_HOOKS: ModelHooks = { pre: [], post: [] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A config value as hooks: a string, a `{sql, transaction}` dict (or its JSON), or a list of them. */
export function hooksFrom(value: unknown): Hook[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(hooksFrom);
  if (isRecord(value)) {
    return [{ sql: String(value.sql ?? ''), transaction: value.transaction !== false }];
  }
  const text = String(value);
  if (text.trim().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (isRecord(parsed) && 'sql' in parsed) return hooksFrom(parsed);
    } catch {
      // not JSON: an ordinary hook that happens to start with a brace
    }
  }
  return [{ sql: text, transaction: true }];
}

/** Renders each hook's SQL (Jinja) with the model's context. */
export async function renderHooks(
  config: Record<string, unknown>,
  render: (sql: string) => Promise<string>,
): Promise<ModelHooks> {
  const out: ModelHooks = { pre: [], post: [] };
  for (const [key, list] of [
    ['pre-hook', out.pre],
    ['post-hook', out.post],
  ] as const) {
    for (const hook of hooksFrom(config[key])) {
      list.push({ sql: (await render(hook.sql)).trim(), transaction: hook.transaction });
    }
  }
  return out;
}

/** Runs the hooks of one side of the transaction, in order; an empty hook runs nothing. */
export async function runHooks(
  connection: Connection,
  hooks: Hook[],
  kind: 'pre-hook' | 'post-hook',
  insideTransaction: boolean,
): Promise<void> {
  for (const hook of hooks) {
    if (hook.transaction !== insideTransaction || hook.sql === '') continue;
    try {
      await runStatement(connection, hook.sql);
    } catch (error) {
      if (!(error instanceof NodeSqlError)) throw error;
      const first = hook.sql.split('\n')[0]!;
      throw new NodeSqlError(
        `${error.message}\n\nin the ${kind}: ${first}${first === hook.sql ? '' : ' …'}`,
      );
    }
  }
}
