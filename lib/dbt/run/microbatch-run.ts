/**
 * Running a microbatch model as dbt-core does: the batches are planned, each is compiled with its
 * window (`model.batch`, refs and sources with `event_time` filtered) and built by the incremental
 * materialization, one `Batch i of n` line each. Pre-hooks run with the first batch only, post-hooks
 * with the last. If the first batch fails the rest are skipped; otherwise a failed batch leaves the
 * model a partial success, as in dbt.
 */
import { compileHooks, compileModel, isIncrementalFor, type CompileState } from '../compile';
import type { ModelNode } from '../manifest/nodes';
import { materializeIncremental } from '../materialize/incremental';
import { microbatchConfig, planBatches, type Batch } from '../materialize/microbatch';
import type { StoredResult } from '../jinja/queries';
import { RelationCache } from '../relation-cache';
import type { NodeResult, RowCounts, TableRead } from '../types';
import type { ExecuteContext } from './execute-nodes';
import { seconds } from './log';
import { describeNodeError } from './node-errors';

export interface BatchedOutcome {
  ok: string;
  status: string;
  partial: boolean;
}

function addReads(into: Map<string, number>, reads: TableRead[] | undefined): void {
  for (const read of reads ?? []) into.set(read.table, (into.get(read.table) ?? 0) + read.rows);
}

/** Warns, as dbt does, when no input of the model can be filtered to a batch. */
function warnWithoutEventTimeInputs(ctx: ExecuteContext, node: ModelNode): void {
  const filterable = node.dependsOn.some((id) => {
    const parent = ctx.manifest.nodes.get(id);
    return parent !== undefined && typeof parent.config.event_time === 'string';
  });
  if (!filterable) {
    ctx.log.line(
      `[WARNING]: The microbatch model '${node.name}' has no 'ref' or 'source' input with an 'event_time' configuration. This means no filtering can be applied and can result in unexpected duplicate records in the resulting microbatch model.`,
    );
  }
}

export async function buildMicrobatch(
  ctx: ExecuteContext,
  state: CompileState,
  node: ModelNode,
  result: NodeResult,
  description: string,
): Promise<BatchedOutcome> {
  const { inv, log } = ctx;
  const config = microbatchConfig(node.name, node.file, node.config);
  const batches: Batch[] = planBatches(config, {
    eventTimeStart: inv.eventTimeStart,
    eventTimeEnd: inv.eventTimeEnd,
    now: inv.runStartedAt,
    incremental: isIncrementalFor(state, node),
  });
  warnWithoutEventTimeInputs(ctx, node);
  const where = node.relation.displayName();
  const rows: RowCounts = { batch: 0, inserted: 0, updated: 0, deleted: 0, total: 0 };
  const reads = new Map<string, number>();
  let successes = 0;
  let failures = 0;
  let firstError: unknown;
  let incremental = false;
  for (const [index, batch] of batches.entries()) {
    const position = index + 1;
    const label = `batch ${batch.label} of ${where}`;
    if (index > 0 && successes === 0) {
      log.batchProgress(position, batches.length, `SKIP ${label}`, 'SKIPPED');
      continue;
    }
    log.batchProgress(position, batches.length, `START ${label}`, 'RUN');
    const started = performance.now();
    try {
      // the first batch may have created the table: every batch sees the database as it is now
      const batchState: CompileState = {
        ...state,
        cache: index === 0 ? state.cache : await RelationCache.load(inv.connection, inv.database),
      };
      const run = { batch, index };
      const stored = new Map<string, StoredResult>();
      const compiled = await compileModel(batchState, node, undefined, stored, run);
      const hooks = await compileHooks(batchState, node, compiled.isIncremental, stored, run);
      if (index > 0) hooks.pre = [];
      if (index < batches.length - 1) hooks.post = [];
      result.compiledSql = compiled.sql;
      const outcome = await materializeIncremental(
        inv,
        batchState.cache,
        node,
        compiled.sql,
        hooks,
        run,
      );
      incremental ||= outcome.incremental === true;
      if (outcome.rows) {
        rows.batch += outcome.rows.batch;
        rows.inserted += outcome.rows.inserted;
        rows.updated += outcome.rows.updated;
        rows.deleted += outcome.rows.deleted;
        rows.total = outcome.rows.total;
      }
      addReads(reads, outcome.reads);
      successes++;
      log.batchProgress(
        position,
        batches.length,
        `OK created ${label}`,
        `${outcome.status} in ${seconds(performance.now() - started)}s`,
      );
    } catch (error) {
      failures++;
      firstError ??= error;
      log.batchProgress(
        position,
        batches.length,
        `ERROR creating ${label}`,
        `ERROR in ${seconds(performance.now() - started)}s`,
      );
    }
  }
  if (successes === 0) throw firstError;
  result.rows = rows;
  result.incremental = incremental;
  if (reads.size > 0) result.reads = [...reads].map(([table, n]) => ({ table, rows: n }));
  if (failures > 0) {
    const { message, info } = describeNodeError(firstError, node);
    result.message = message;
    result.error = info;
    return {
      ok: `PARTIALLY created ${description}`,
      status: `PARTIAL SUCCESS (${successes}/${successes + failures})`,
      partial: true,
    };
  }
  result.message = 'SUCCESS';
  return { ok: `OK created ${description}`, status: 'SUCCESS', partial: false };
}
