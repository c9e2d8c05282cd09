/**
 * The lab's dbt command line: `npm run -s dbt -- [--quiet] <command> [flags] --project-dir DIR`.
 * Exit codes: 0 success, 1 a node or test failed, 2 a bad invocation or an unparseable project.
 */
import { main } from '../lib/dbt/cli/main.node';

main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
