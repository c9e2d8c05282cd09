/**
 * `table` and `view` materializations. A table is built beside the old relation and swapped in within
 * one transaction (so readers never see it missing); a view replaces whatever was there.
 */
import type { Invocation } from '../invocation';
import type { ModelNode } from '../manifest/nodes';
import type { RelationCache } from '../relation-cache';
import { buildAndSwap, dropLeftovers, recordLogic, type MaterializeOutcome } from './incremental';
import { NO_HOOKS, runHooks, type ModelHooks } from './hooks';
import { checkedSql, dropSql, ensureSchema, inTransaction, runStatement } from './sql';

export async function materializeTable(
  inv: Invocation,
  cache: RelationCache,
  node: ModelNode,
  compiledSql: string,
  hooks: ModelHooks = NO_HOOKS,
  /** The model's SQL as the guard records it: what built every row (logic-guard.ts). */
  logic?: string,
): Promise<MaterializeOutcome> {
  const { connection } = inv;
  const sql = checkedSql(compiledSql, node);
  await ensureSchema(connection, node.relation);
  await dropLeftovers(inv, cache, node);
  await runHooks(connection, hooks.pre, 'pre-hook', false);
  const { total, reads } = await inTransaction(connection, async () => {
    await runHooks(connection, hooks.pre, 'pre-hook', true);
    const built = await buildAndSwap(inv, cache, node, sql);
    await runHooks(connection, hooks.post, 'post-hook', true);
    return built;
  });
  await runHooks(connection, hooks.post, 'post-hook', false);
  if (logic !== undefined) await recordLogic(connection, node.relation, [logic]);
  return {
    status: `SELECT ${total}`,
    rows: { batch: total, inserted: total, updated: 0, deleted: 0, total },
    ...(reads && { reads }),
  };
}

export async function materializeView(
  inv: Invocation,
  cache: RelationCache,
  node: ModelNode,
  compiledSql: string,
  hooks: ModelHooks = NO_HOOKS,
): Promise<MaterializeOutcome> {
  const { connection } = inv;
  const sql = checkedSql(compiledSql, node);
  await runHooks(connection, hooks.pre, 'pre-hook', false);
  await ensureSchema(connection, node.relation);
  await dropLeftovers(inv, cache, node);
  const existing = cache.lookup(node.relation);
  await inTransaction(connection, async () => {
    await runHooks(connection, hooks.pre, 'pre-hook', true);
    if (existing?.type === 'table') await connection.exec(dropSql(existing));
    await runStatement(
      connection,
      `create or replace view ${node.relation.render()} as (\n${sql}\n)`,
      1,
    );
    await runHooks(connection, hooks.post, 'post-hook', true);
  });
  await runHooks(connection, hooks.post, 'post-hook', false);
  return { status: 'OK' };
}
