/** Runs one dbt command for a grading step, with a time limit that cancels a runaway query. */
import type { Connection } from '@/lib/engine/connection';
import {
  parseArgs,
  runDbt,
  UsageError,
  type DbtResult,
  type NodeResult,
  type ProjectFiles,
} from '@/lib/dbt';

export interface StepRun {
  result: DbtResult | null;
  node: NodeResult | null;
  /** Why the run failed, in words, or null. */
  error: string | null;
  ms: number;
}

export async function runModel(
  connection: Connection,
  files: ProjectFiles,
  args: string[],
  model: string,
  clock: string,
  timeLimitMs: number,
): Promise<StepRun> {
  const started = performance.now();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void connection.cancel();
  }, timeLimitMs);
  try {
    const command = parseArgs(args);
    if (command instanceof UsageError) throw command;
    const result = await runDbt(command, { connection, files, clock });
    const node = result.results.find((r) => r.name === model && r.resourceType === 'model') ?? null;
    const failed = result.results.find((r) => r.status === 'error');
    let error: string | null = null;
    if (timedOut)
      error = `The run was stopped after ${timeLimitMs / 1000} s: a query ran too long.`;
    else if (result.error) error = result.error.message;
    else if (failed) error = `${failed.name}: ${failed.error?.message ?? failed.message}`;
    else if (!node) error = `No model named '${model}' was run.`;
    return { result, node, error, ms: performance.now() - started };
  } catch (e) {
    const message = timedOut
      ? `The run was stopped after ${timeLimitMs / 1000} s: a query ran too long.`
      : e instanceof Error
        ? e.message
        : String(e);
    return { result: null, node: null, error: message, ms: performance.now() - started };
  } finally {
    clearTimeout(timer);
  }
}
