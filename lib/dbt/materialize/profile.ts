/**
 * Work a model's build actually did, from DuckDB's profiler: the build statement runs under
 * `EXPLAIN (ANALYZE, FORMAT JSON)`, which executes it and returns the profile as its result, so the
 * work is measured on the one real execution (no second run, no profiling file). For each table the
 * plan scans we keep the rows the scan passed into the query — after filters DuckDB pushed into the
 * scan. A window filter that reaches the scan shrinks these numbers; one applied after the joins
 * does not, which is exactly what the lab's run chart has to show.
 */
import type { Connection } from '@/lib/engine/connection';
import type { TableRead } from '../types';
import { queryStatement, runStatement } from './sql';

interface PlanNode {
  operator_type?: string;
  operator_cardinality?: number;
  extra_info?: Record<string, unknown>;
  children?: PlanNode[];
}

/** Rows read per table from a profile tree, in first-seen order; repeated scans of a table add up. */
export function tableReads(plan: PlanNode): TableRead[] {
  const reads = new Map<string, number>();
  const visit = (node: PlanNode) => {
    const table = node.extra_info?.['Table'];
    if (node.operator_type === 'TABLE_SCAN' && typeof table === 'string') {
      reads.set(table, (reads.get(table) ?? 0) + Number(node.operator_cardinality ?? 0));
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(plan);
  return [...reads].map(([table, rows]) => ({ table, rows }));
}

/**
 * Runs a model's build statement (`create … as (<sql>)`); with `profile` it also returns the rows
 * read per table. `offset` as for `runStatement` (error lines in compiled-SQL lines).
 */
export async function runBuildStatement(
  connection: Connection,
  statement: string,
  offset: number,
  profile: boolean,
): Promise<TableRead[] | undefined> {
  if (!profile) {
    await runStatement(connection, statement, offset);
    return undefined;
  }
  // Same line as the statement's first line, so DuckDB's LINE numbers keep their meaning.
  const rows = await queryStatement<{ explain_value: string }>(
    connection,
    `explain (analyze, format json) ${statement}`,
    offset,
  );
  const text = rows[0]?.explain_value;
  if (typeof text !== 'string') return [];
  try {
    return tableReads(JSON.parse(text) as PlanNode);
  } catch {
    return []; // a profile we cannot read must not fail the build that already happened
  }
}
