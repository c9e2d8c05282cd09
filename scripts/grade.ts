/** `npm run -s grade -- <fct_orders.sql | project dir>... [--json] [--scale S] [--seed N]` */
import { main } from '../lib/grader/cli.node';
import { runCli } from './run-cli';

runCli(main);
