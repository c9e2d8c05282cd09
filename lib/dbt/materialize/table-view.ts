/**
 * `table` and `view` materializations. A table is built beside the old relation and swapped in within
 * one transaction (so readers never see it missing); a view replaces whatever was there.
 */
import type { Invocation } from '../invocation';
import type { ModelNode } from '../manifest/nodes';
import type { RelationCache } from '../relation-cache';
import { buildAndSwap, dropLeftovers, type MaterializeOutcome } from './incremental';
import { dropSql, ensureSchema, inTransaction, runStatement, stripTrailingSemicolon } from './sql';

export async function materializeTable(
  inv: Invocation,
  cache: RelationCache,
  node: ModelNode,
  compiledSql: string,
): Promise<MaterializeOutcome> {
  await ensureSchema(inv.connection, node.relation);
  await dropLeftovers(inv, cache, node);
  const sql = stripTrailingSemicolon(compiledSql);
  const { total, reads } = await inTransaction(inv.connection, () =>
    buildAndSwap(inv, cache, node, sql),
  );
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
): Promise<MaterializeOutcome> {
  await ensureSchema(inv.connection, node.relation);
  await dropLeftovers(inv, cache, node);
  const sql = stripTrailingSemicolon(compiledSql);
  const existing = cache.lookup(node.relation);
  await inTransaction(inv.connection, async () => {
    if (existing?.type === 'table') await inv.connection.exec(dropSql(existing));
    await runStatement(
      inv.connection,
      `create or replace view ${node.relation.render()} as (\n${sql}\n)`,
      1,
    );
  });
  return { status: 'OK' };
}
