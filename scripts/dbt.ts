/**
 * The lab's dbt command line: `npm run -s dbt -- [--quiet] <command> [flags] --project-dir DIR`.
 * Exit codes: 0 success, 1 a node or test failed, 2 a bad invocation or an unparseable project.
 */
import { main } from '../lib/dbt/cli/main.node';
import { runCli } from './run-cli';

runCli(main);
