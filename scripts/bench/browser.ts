/**
 * The browser half of `npm run bench`, in headless Chromium (the system's when there is one, as
 * the e2e suite finds it) against the production server:
 * - ready: navigation to a usable lab (engine, SF1 data, Day 10's build, Monaco mounted) and to the
 *   bare DuckDB page (`/bench/duckdb`: the engine started and `select 1`), cold in a new profile,
 *   warm on a reload in the same profile (for the lab, once its offline copy is made);
 * - bytes: what a lesson page and the lab transfer, cold and warm (every response, the workers'
 *   included: Playwright reports them, CDP's page session does not);
 * - grading: the lab's Grade tab on the solution, from the click to the report;
 * - fct_orders: lib/bench/fct-orders.ts on DuckDB-WASM through `/bench/engine`.
 * Each profile is a persistent context with its own user-data folder, so the second visit meets a
 * real disk cache (an incognito context keeps only small responses in memory).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Request } from '@playwright/test';
import type { EngineBenchRequest } from '@/components/bench/EngineBench';
import type { FctOrdersFigures } from '@/lib/bench/fct-orders';
import { spread, type Spread } from '@/lib/bench/stats';
import { chromiumArgs, systemChromium } from '../../e2e/browser';
import { setModelText, waitForEditor } from '../../e2e/monaco';

const LAB_MODEL = 'models/marts/fct_orders.sql';

interface Profile {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

async function openProfile(): Promise<Profile> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lab-bench-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    ...(systemChromium ? { executablePath: systemChromium } : {}),
    args: chromiumArgs,
    headless: true,
    viewport: { width: 1440, height: 900 },
  });
  await context.addInitScript(MARKS_SCRIPT);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function chromiumVersion(): Promise<string> {
  const browser = await chromium.launch({
    ...(systemChromium ? { executablePath: systemChromium } : {}),
    args: chromiumArgs,
  });
  const version = browser.version();
  await browser.close();
  return version;
}

/**
 * Runs in every document before its scripts: notes (performance.now(), so from the navigation's
 * start) when each readiness marker first appears.
 */
const MARKS_SCRIPT = `(() => {
  const marks = (window.__benchMarks = {});
  const has = (selector) => document.querySelector(selector) !== null;
  const check = () => {
    const now = performance.now();
    if (marks.editor === undefined && has('[data-testid="editor"] .monaco-editor') && !has('[data-testid="editor-placeholder"]')) marks.editor = now;
    if (marks.clock === undefined && has('[data-testid="lab-clock"]')) marks.clock = now;
    if (marks.duckdb === undefined && has('[data-testid="duckdb-ready"]')) marks.duckdb = now;
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

type Marks = Partial<Record<'editor' | 'clock' | 'duckdb', number>>;

async function waitForMarks(page: Page, names: (keyof Marks)[], timeout = 120_000): Promise<Marks> {
  const handle = await page.waitForFunction(
    (wanted) => {
      const marks = (window as unknown as { __benchMarks?: Record<string, number> }).__benchMarks;
      return marks && wanted.every((n) => marks[n] !== undefined) ? marks : null;
    },
    names,
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as Marks;
}

// ---- bytes ----

export interface Transfer {
  /** Bytes over the network (headers and encoded bodies; a cache hit transfers nothing). */
  bytes: number;
  /** The part for scripts. */
  scriptBytes: number;
  requests: number;
  /** Requests the app's service worker answered (nothing over the network for them). */
  fromServiceWorker: number;
  /** The largest responses, for the report. */
  largest: { url: string; bytes: number }[];
}

/** Collects every finished request of a context (the page's and its workers'). */
class RequestLog {
  private entries: Promise<{ url: string; bytes: number; type: string }>[] = [];
  private inFlight = 0;
  private lastChange = Date.now();
  constructor(context: BrowserContext) {
    context.on('request', () => {
      this.inFlight++;
      this.lastChange = Date.now();
    });
    const done = (request: Request, finished: boolean) => {
      this.inFlight = Math.max(0, this.inFlight - 1);
      this.lastChange = Date.now();
      if (!finished) return;
      this.entries.push(
        (async () => {
          const entry = { url: request.url(), bytes: 0, type: request.resourceType() };
          try {
            // Answered by the app's service worker: its own fetch, if any, is counted as its request.
            if ((await request.response())?.fromServiceWorker()) return { ...entry, type: 'sw' };
            const s = await request.sizes();
            return { ...entry, bytes: s.responseHeadersSize + s.responseBodySize };
          } catch {
            return entry;
          }
        })(),
      );
    };
    context.on('requestfinished', (r) => done(r, true));
    context.on('requestfailed', (r) => done(r, false));
  }
  reset(): void {
    this.entries = [];
  }
  /** Waits until no request has been open for `quietMs` (at most `limitMs`). */
  async settle(quietMs = 1000, limitMs = 15_000): Promise<void> {
    const started = Date.now();
    while (Date.now() - started < limitMs) {
      if (this.inFlight === 0 && Date.now() - this.lastChange >= quietMs) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  async total(): Promise<Transfer> {
    const entries = await Promise.all(this.entries);
    const origin = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');
    return {
      bytes: entries.reduce((sum, e) => sum + e.bytes, 0),
      scriptBytes: entries.filter((e) => e.type === 'script').reduce((sum, e) => sum + e.bytes, 0),
      requests: entries.filter((e) => e.type !== 'sw').length,
      fromServiceWorker: entries.filter((e) => e.type === 'sw').length,
      largest: entries
        .filter((e) => e.bytes > 0)
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 5)
        .map((e) => ({ url: origin(e.url).split('#')[0]!.slice(0, 100), bytes: e.bytes })),
    };
  }
}

// ---- ready ----

export interface VisitTimes {
  cold: Spread;
  warm: Spread;
}

export interface ReadyFigures {
  /** The bare page: DuckDB-WASM started and `select 1` answered. */
  duckdb: VisitTimes;
  /** The lab: the clock shown (engine, data, Day 10's build) and Monaco mounted. */
  lab: VisitTimes;
  /** When each part of the lab was there, median over the runs (ms from navigation). */
  labParts: { cold: { editor: number; clock: number }; warm: { editor: number; clock: number } };
  /** The lab's own account in its terminal (first run): data load and Day 10's build. */
  labTerminal: { cold: TerminalAccount; warm: TerminalAccount };
  bytes: { lab: { cold: Transfer; warm: Transfer }; duckdb: { cold: Transfer; warm: Transfer } };
}

export interface TerminalAccount {
  dataLoadS: number | null;
  day10S: number | null;
  /** The lab opened the tables kept in the browser (nothing loaded, built or replayed). */
  openedKept?: boolean;
  /** The lab's own User Timing marks (`lab:*`, ms from navigation; lib/engine/browser-engine.ts). */
  marks?: Record<string, number>;
  lines: string[];
}

async function terminalAccount(page: Page): Promise<TerminalAccount> {
  const text = await page
    .getByTestId('terminal-log')
    .innerText()
    .catch(() => '');
  const lines = text
    .split('\n')
    .filter((l) => /Loaded the course data|Day 10's project|Opened your tables/.test(l));
  const marks = await page
    .evaluate(() =>
      Object.fromEntries(
        performance
          .getEntriesByType('mark')
          .filter((m) => m.name.startsWith('lab:'))
          .map((m) => [m.name.slice(4), Math.round(m.startTime)]),
      ),
    )
    .catch(() => ({}));
  const number = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : null;
  };
  return {
    dataLoadS: number(/Loaded the course data[^\n]* in ([\d.]+)s/),
    day10S: number(/Day 10's project is built[^\n]*\(([\d.]+)s\)/),
    openedKept: /Opened your tables as you left them/.test(text),
    marks,
    lines,
  };
}

/**
 * Waits (up to a minute) until the lab's service worker holds the wasm and the data, as it does
 * once the lab has asked it to keep them (lib/offline/sw-core.js); without one, goes on.
 */
async function offlineCopyMade(page: Page): Promise<void> {
  await page
    .waitForFunction(
      async () => {
        if (!('caches' in window)) return true;
        const paths = (await (await caches.open('lab-files')).keys()).map(
          (r) => new URL(r.url).pathname,
        );
        return paths.some((p) => p.endsWith('.wasm.gz')) && paths.some((p) => /\.duckdb/.test(p));
      },
      undefined,
      { timeout: 60_000, polling: 250 },
    )
    .catch(() => undefined);
}

/** One page, cold then warm, in a new profile. */
async function visitTwice(
  base: string,
  route: string,
  markers: (keyof Marks)[],
): Promise<{
  marks: { cold: Marks; warm: Marks };
  bytes: { cold: Transfer; warm: Transfer };
  terminal: ReadyFigures['labTerminal'] | null;
}> {
  const lab = markers.includes('clock');
  const profile = await openProfile();
  try {
    const log = new RequestLog(profile.context);
    await profile.page.goto(`${base}${route}`, { waitUntil: 'commit' });
    const cold = await waitForMarks(profile.page, markers);
    await log.settle();
    const coldBytes = await log.total();
    const coldTerminal = lab ? await terminalAccount(profile.page) : null;
    // A second visit comes after the first one has finished, its offline copy made included.
    if (lab) await offlineCopyMade(profile.page);
    await log.settle();
    log.reset();
    await profile.page.reload({ waitUntil: 'commit' });
    const warm = await waitForMarks(profile.page, markers);
    await log.settle();
    const warmBytes = await log.total();
    const terminal =
      coldTerminal && lab
        ? { cold: coldTerminal, warm: await terminalAccount(profile.page) }
        : null;
    return { marks: { cold, warm }, bytes: { cold: coldBytes, warm: warmBytes }, terminal };
  } finally {
    await profile.close();
  }
}

export async function measureReady(
  base: string,
  runs: number,
  log: (line: string) => void,
): Promise<ReadyFigures> {
  const duckdb = { cold: [] as number[], warm: [] as number[] };
  const lab = { cold: [] as number[], warm: [] as number[] };
  const parts = {
    cold: { editor: [] as number[], clock: [] as number[] },
    warm: { editor: [] as number[], clock: [] as number[] },
  };
  let bytes: ReadyFigures['bytes'] | undefined;
  let terminal: ReadyFigures['labTerminal'] | null = null;
  for (let i = 0; i < runs; i++) {
    const bare = await visitTwice(base, '/bench/duckdb', ['duckdb']);
    const full = await visitTwice(base, '/lab', ['editor', 'clock']);
    for (const visit of ['cold', 'warm'] as const) {
      duckdb[visit].push(bare.marks[visit].duckdb!);
      const { editor, clock } = full.marks[visit];
      lab[visit].push(Math.max(editor!, clock!));
      parts[visit].editor.push(editor!);
      parts[visit].clock.push(clock!);
    }
    bytes ??= { lab: full.bytes, duckdb: bare.bytes };
    terminal ??= full.terminal;
    log(
      `ready run ${i + 1}: duckdb ${bare.marks.cold.duckdb!.toFixed(0)} / ${bare.marks.warm.duckdb!.toFixed(0)} ms, lab ${lab.cold.at(-1)!.toFixed(0)} / ${lab.warm.at(-1)!.toFixed(0)} ms (cold / warm)`,
    );
  }
  const med = (xs: number[]) => spread(xs).median;
  return {
    duckdb: { cold: spread(duckdb.cold), warm: spread(duckdb.warm) },
    lab: { cold: spread(lab.cold), warm: spread(lab.warm) },
    labParts: {
      cold: { editor: med(parts.cold.editor), clock: med(parts.cold.clock) },
      warm: { editor: med(parts.warm.editor), clock: med(parts.warm.clock) },
    },
    labTerminal: terminal ?? {
      cold: { dataLoadS: null, day10S: null, lines: [] },
      warm: { dataLoadS: null, day10S: null, lines: [] },
    },
    bytes: bytes!,
  };
}

/** A lesson page, cold then warm: what it transfers once loaded and quiet. */
export async function measureLessonBytes(
  base: string,
  route: string,
): Promise<{ route: string; cold: Transfer; warm: Transfer }> {
  const profile = await openProfile();
  try {
    const log = new RequestLog(profile.context);
    await profile.page.goto(`${base}${route}`, { waitUntil: 'load' });
    await log.settle();
    const cold = await log.total();
    log.reset();
    await profile.page.reload({ waitUntil: 'load' });
    await log.settle();
    return { route, cold, warm: await log.total() };
  } finally {
    await profile.close();
  }
}

// ---- grading ----

export interface BrowserGrading {
  /** From the click on Grade to the report. */
  ms: Spread;
  /** The report's own line: how many checks pass, the data it graded on, its duration. */
  status: string;
  passed: boolean;
}

/** The lab's Grade tab on the solution's model, `runs` times in one visit. */
export async function measureBrowserGrading(
  base: string,
  solution: string,
  runs: number,
  log: (line: string) => void,
): Promise<BrowserGrading> {
  const profile = await openProfile();
  const { page } = profile;
  try {
    await page.goto(`${base}/lab`, { waitUntil: 'commit' });
    await waitForMarks(page, ['editor', 'clock']);
    await waitForEditor(page, LAB_MODEL);
    await setModelText(page, LAB_MODEL, solution);
    await page.getByRole('tab', { name: 'Grade' }).click();
    const report = page.getByTestId('grade-report');
    const times: number[] = [];
    let status = '';
    let passed = false;
    for (let i = 0; i < runs; i++) {
      const button = page.getByRole('button', { name: /^Grade( again)?$/ });
      await button.waitFor();
      const started = performance.now();
      await button.click();
      await report.waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
      await report.waitFor({ timeout: 180_000 });
      times.push(performance.now() - started);
      status = (await report.getByRole('status').innerText()).replace(/\s+/g, ' ').trim();
      passed = (await report.getAttribute('data-passed')) === 'true';
      log(`browser grading run ${i + 1}: ${times.at(-1)!.toFixed(0)} ms (${status})`);
    }
    return { ms: spread(times), status, passed };
  } finally {
    await profile.close();
  }
}

// ---- fct_orders on DuckDB-WASM ----

/**
 * lib/bench/fct-orders.ts in a fresh profile on /bench/engine. A crashed tab (out of memory) or a
 * run over `limitMs` rejects with what happened.
 */
export async function measureBrowserFctOrders(
  base: string,
  request: EngineBenchRequest,
  limitMs: number,
  log: (line: string) => void,
): Promise<FctOrdersFigures> {
  const profile = await openProfile();
  const { page } = profile;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('[bench] ')) log(`browser SF${request.scale}: ${text.slice(8)}`);
    });
    const crashed = new Promise<never>((_, reject) =>
      page.on('crash', () => reject(new Error('the tab crashed (out of memory?)'))),
    );
    const overtime = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`stopped after ${Math.round(limitMs / 1000)} s`)),
        limitMs,
      );
    });
    await page.goto(`${base}/bench/engine`);
    await page.locator('[data-testid="bench-engine"][data-installed="true"]').waitFor();
    const run = page.evaluate((r) => window.labBench!.fctOrders(r), request);
    return await Promise.race([run, crashed, overtime]);
  } finally {
    clearTimeout(timer);
    await profile.close().catch(() => undefined);
  }
}
