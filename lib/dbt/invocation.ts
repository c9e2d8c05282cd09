/**
 * What one dbt invocation knows before any node runs: the project, the target it builds into, the
 * vars and flags, and the clocks. Shared by the parse phase, compilation and the materializations.
 */
import type { Connection } from '@/lib/engine/connection';
import type { Project } from './project/load-project';
import type { ExecutedStatement } from './types';

export interface Invocation {
  project: Project;
  connection: Connection;
  /** Target database (`current_database()`), e.g. `memory` or a file's stem. */
  database: string;
  /** Target schema, `main` unless the profile says otherwise. */
  schema: string;
  targetName: string;
  /** `target` as Jinja sees it. */
  target: Record<string, unknown>;
  cliVars: Record<string, unknown>;
  /** `run_started_at`: the lab clock when one is set, else the wall clock at start. */
  runStartedAt: Date;
  /** "Now" for `modules.datetime` (the lab clock when set). */
  now: () => Date;
  /** Wall clock, for log timestamps and timings. */
  wallClock: () => Date;
  fullRefresh: boolean;
  /** `--event-time-start` / `--event-time-end`: the window a microbatch run builds. */
  eventTimeStart?: Date;
  eventTimeEnd?: Date;
  /** Profile model builds (see `materialize/profile.ts`). */
  profile: boolean;
  /** The command being run (`run`, `build`…), as `flags.WHICH`. */
  which: string;
  invocationId: string;
  log(line: string): void;
  /** Per-model config overrides (`DbtOptions.modelConfig`). */
  modelConfig?: Record<string, Record<string, unknown>>;
  /** `DbtOptions.onStatement`. */
  onStatement?: (statement: ExecutedStatement) => void;
  /** `DbtOptions.windowColumn`. */
  windowColumn?: string;
}
