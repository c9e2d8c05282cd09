/**
 * `npm run bench:classes`: the classes load test on its own (scripts/bench/classes.ts; `npm run
 * bench` runs it too, beside the other figures). Run `npm run build` first.
 *   npm run -s bench:classes -- --students 200 --drain-limit 600 --model broken
 */
import { parseArgs } from 'node:util';
import { benchClasses, type SubmittedModel } from './bench/classes';

async function main() {
  const { values } = parseArgs({
    options: {
      students: { type: 'string', default: '200' },
      'drain-limit': { type: 'string', default: '600' },
      model: { type: 'string', default: 'broken' },
    },
  });
  const model = values.model as SubmittedModel;
  if (model !== 'broken' && model !== 'solution')
    throw new Error(
      '--model is broken (a Jinja error: the queue and the sandbox start) or solution',
    );
  const overall = setTimeout(() => {
    console.error('The load test ran over 20 minutes and was stopped.');
    process.exit(2);
  }, 20 * 60_000);
  overall.unref();
  const figures = await benchClasses({
    students: Number(values.students),
    drainLimitS: Number(values['drain-limit']),
    model,
    log: (line) => console.log(line),
  });
  for (const reason of figures.skipped) console.log(`skipped: ${reason}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
