/**
 * Server-side grading: the browser's grader run on the server in a sandboxed child process per job
 * (see sandbox.ts), on the lab's data as the build prebuilt it (see data.ts), with a version that says when a verdict is stale.
 */
export {
  describeSandbox,
  gradeInSandbox,
  sandboxCommand,
  type SandboxCommand,
  type SandboxOptions,
  type SandboxOutcome,
} from './sandbox';
export { graderVersion } from './grader-version';
export { SERVER_GRADING_DATA, serverGradingData, type ServerGradingData } from './data';
export type { GradeReport } from '@/lib/grader/types';
