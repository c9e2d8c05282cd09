/**
 * `npm run bench`: every performance figure of the product brief, side by side in one run, written
 * to bench/results.json and BENCHMARKS.md. Needs the production build (`npm run build`, or pass
 * --build to build first); it starts `next start` on a free port itself and stops it, failure or not.
 *   npm run bench                       # SF1 and SF10, about 10 minutes on 2 cores
 *   npm run bench -- --quick            # SF1 only, one run each
 *   npm run bench -- --only ready,bytes # some parts (both files are still written)
 *   npm run bench -- --render           # BENCHMARKS.md again from bench/results.json, no measuring
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';
import type { EngineBenchRequest } from '@/components/bench/EngineBench';
import {
  chromiumVersion,
  measureBrowserFctOrders,
  measureBrowserGrading,
  measureLessonBytes,
  measureReady,
} from './bench/browser';
import { benchClasses } from './bench/classes';
import { deriveFigures } from './bench/figures';
import { measureNodeFctOrders, measureNodeGrading } from './bench/node';
import { renderMarkdown } from './bench/report';
import type { BenchResults, RawResults } from './bench/results';
import { requireBuild, startApp, type AppServer } from './bench/server';

const PARTS = ['ready', 'bytes', 'grading', 'fct-browser', 'fct-node', 'classes'] as const;
type Part = (typeof PARTS)[number];

const LESSON_ROUTE = '/lessons/incremental-concepts';
const OVERALL_LIMIT_MIN = 30;

interface Plan {
  readyRuns: number;
  gradingRuns: number;
  /** Per scale: runs, and whether the straight SQL and the profile are measured. */
  scales: { scale: number; runs: number; straight: boolean; profile: boolean; warmUp: boolean }[];
  models: string[];
  /** Model versions measured in the browser at SF10 (the heaviest part of the run). */
  browserSf10Models: string[];
  browserLimitS: number;
  students: number;
  drainLimitS: number;
}

function plan(quick: boolean): Plan {
  if (quick)
    return {
      readyRuns: 1,
      gradingRuns: 1,
      scales: [{ scale: 1, runs: 1, straight: true, profile: true, warmUp: true }],
      models: ['solution', 'stretch'],
      browserSf10Models: [],
      browserLimitS: 240,
      students: 20,
      drainLimitS: 30,
    };
  return {
    readyRuns: 3,
    gradingRuns: 3,
    scales: [
      { scale: 1, runs: 3, straight: true, profile: true, warmUp: true },
      { scale: 10, runs: 1, straight: false, profile: true, warmUp: false },
    ],
    models: ['solution', 'stretch'],
    browserSf10Models: ['solution', 'stretch'],
    browserLimitS: 420,
    students: 100,
    drainLimitS: 90,
  };
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}

function checkBenchPages(): void {
  const manifest = path.join('.next', 'server', 'app-paths-manifest.json');
  if (!existsSync(manifest)) return;
  const routes = Object.keys(JSON.parse(readFileSync(manifest, 'utf8')) as object);
  if (!routes.some((r) => r.startsWith('/bench/')))
    throw new Error('The build in .next predates the bench pages: run `npm run build` again.');
}

/** Both files, formatted as the repository's Prettier would (they are committed). */
async function writeOutputs(json: string, markdown: string, results: BenchResults): Promise<void> {
  mkdirSync(path.dirname(json), { recursive: true });
  for (const [file, text] of [
    [json, JSON.stringify(results, null, 2)],
    [markdown, renderMarkdown(results)],
  ] as const) {
    const options = (await prettier.resolveConfig(file)) ?? {};
    writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      only: { type: 'string' },
      json: { type: 'string', default: 'bench/results.json' },
      markdown: { type: 'string', default: 'BENCHMARKS.md' },
      render: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.render) {
    // Only the report: the figures judged again from the measurements already in the JSON file.
    const saved = JSON.parse(readFileSync(values.json!, 'utf8')) as BenchResults;
    const results = { ...saved, figures: deriveFigures(saved.raw) };
    await writeOutputs(values.json!, values.markdown!, results);
    console.log(`wrote ${values.markdown} from ${values.json}`);
    return;
  }
  const only = values.only?.split(',').map((p) => p.trim()) ?? [...PARTS];
  for (const p of only)
    if (!PARTS.includes(p as Part)) throw new Error(`--only takes ${PARTS.join(', ')}, not ${p}`);
  const wants = (p: Part) => only.includes(p);
  const steps = plan(values.quick);
  const started = Date.now();
  const startLoad = os.loadavg()[0]!;
  const log = (line: string) =>
    console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

  // Nothing here may hang the machine: past this the run stops (its servers are stopped on exit).
  const guard = setTimeout(() => {
    console.error(`npm run bench ran over ${OVERALL_LIMIT_MIN} minutes and was stopped.`);
    process.exit(2);
  }, OVERALL_LIMIT_MIN * 60_000);
  guard.unref();
  if (values.build) execSync('npm run build', { stdio: 'inherit' });
  requireBuild();
  checkBenchPages();

  const raw: RawResults = { grading: {}, fctOrders: { browser: [], node: [] }, problems: {} };
  const attempt = async (key: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      raw.problems[key] = message(error);
      log(`${key}: ${raw.problems[key]}`);
    }
  };

  let chromium = 'not found';
  await attempt('browser', async () => {
    chromium = await chromiumVersion();
  });
  const solution = readFileSync('content/lab/solution/models/marts/fct_orders.sql', 'utf8');
  const browserParts = (['ready', 'bytes', 'grading', 'fct-browser'] as const).filter(wants);
  if (browserParts.length > 0 && !raw.problems.browser) {
    let server: AppServer | null = null;
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lab-bench-data-'));
    const start = async () => {
      server = await startApp({ LAB_DATA_DIR: dataDir, DATABASE_URL: '' }, { probe: '/lab' });
      log(`next start on ${server.base}`);
      return server.base;
    };
    /**
     * A browser part against a running server. A server that ended under it (stopped from outside
     * the run) is started again and the part retried once, and the report says so.
     */
    const browserPart = async (key: string, work: (base: string) => Promise<void>) => {
      let base = server && !server.exited() ? server.base : await start();
      try {
        await work(base);
        return;
      } catch (error) {
        const ended = server?.exited();
        if (!ended) throw error;
        const how = ended.signal ?? `code ${ended.code}`;
        raw.problems[`server_${key}`] =
          `next start ended (${how}) during ${key}, not by the benchmark; started again and ${key} retried`;
        log(raw.problems[`server_${key}`]!);
        base = await start();
        await work(base);
      }
    };
    try {
      if (wants('ready'))
        await attempt('ready', () =>
          browserPart('ready', async (base) => {
            raw.ready = await measureReady(base, steps.readyRuns, log);
          }),
        );
      if (wants('bytes'))
        await attempt('bytes', () =>
          browserPart('bytes', async (base) => {
            raw.lessonBytes = await measureLessonBytes(base, LESSON_ROUTE);
            log(`lesson page: ${raw.lessonBytes.cold.bytes} bytes cold`);
          }),
        );
      if (wants('grading'))
        await attempt('grading_browser', () =>
          browserPart('grading_browser', async (base) => {
            raw.grading.browser = await measureBrowserGrading(
              base,
              solution,
              steps.gradingRuns,
              log,
            );
          }),
        );
      if (wants('fct-browser'))
        for (const s of steps.scales) {
          const models = s.scale === 1 ? steps.models : steps.browserSf10Models;
          if (models.length === 0) continue;
          const request: EngineBenchRequest = { ...s, seed: 42, models };
          const key = `fct_browser_sf${s.scale}`;
          await attempt(key, () =>
            browserPart(key, async (base) => {
              raw.fctOrders.browser.push(
                await measureBrowserFctOrders(base, request, steps.browserLimitS * 1000, log),
              );
            }),
          );
        }
    } finally {
      await (server as AppServer | null)?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  if (wants('fct-node'))
    for (const s of steps.scales)
      await attempt(`fct_node_sf${s.scale}`, async () => {
        raw.fctOrders.node.push(await measureNodeFctOrders({ ...s, models: steps.models }, log));
      });
  if (wants('grading'))
    await attempt('grading_node', async () => {
      raw.grading.node = await measureNodeGrading(steps.gradingRuns, log);
    });
  if (wants('classes'))
    await attempt('classes', async () => {
      raw.classes = await benchClasses({
        students: steps.students,
        drainLimitS: steps.drainLimitS,
        model: 'solution',
        log,
      });
      for (const reason of raw.classes.skipped) raw.problems[`classes_skipped`] = reason;
    });

  const results: BenchResults = {
    run: {
      date: new Date(started).toISOString(),
      commit: git(['rev-parse', '--short', 'HEAD']),
      dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
      mode: values.quick ? 'quick' : 'full',
      command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
      durationS: Math.round((Date.now() - started) / 1000),
      loadAverage: { start: startLoad, end: os.loadavg()[0]! },
      plan: { ...steps, parts: only, lessonRoute: LESSON_ROUTE },
    },
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      cores: os.cpus().length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      chromium,
    },
    figures: deriveFigures(raw),
    raw,
  };
  await writeOutputs(values.json!, values.markdown!, results);
  const counts = { met: 0, missed: 0, 'not measured': 0 };
  for (const f of results.figures)
    if (f.status in counts) counts[f.status as keyof typeof counts]++;
  log(
    `wrote ${values.json} and ${values.markdown}: ${counts.met} targets met, ${counts.missed} missed, ${counts['not measured']} not measured`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(message(error));
    process.exit(1);
  },
);
