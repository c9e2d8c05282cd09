/**
 * The course with the network gone. The browser talks to the app through a small proxy in this
 * test, which logs what reaches the server and can stop answering, as a school's Wi-Fi does. This
 * spec uses Playwright's own `test` (not ./fixtures), whose request routing would turn off the
 * HTTP cache and bypass the service worker; it checks the origin of every request itself.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';

test.use({ serviceWorkers: 'allow' });
test.setTimeout(240_000);

interface Proxy {
  origin: string;
  log: { path: string; status: number }[];
  /** Stops answering: connections are refused, open ones cut. */
  stop: () => Promise<void>;
}

async function startProxy(target: string, port = 0): Promise<Proxy> {
  const upstream = new URL(target);
  const log: Proxy['log'] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        log.push({ path: req.url ?? '', status: answer.statusCode ?? 0 });
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${bound}`,
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function watchOrigin(context: BrowserContext, origin: string): string[] {
  const foreign: string[] = [];
  context.on('request', (request) => {
    const url = request.url();
    if (/^(data|blob):/.test(url) || url === 'about:blank') return;
    if (new URL(url).origin !== origin) foreign.push(url);
  });
  return foreign;
}

async function labReady(page: Page, origin: string) {
  await page.goto(`${origin}/lab`);
  await expect(page.getByTestId('lab-clock')).toBeVisible({ timeout: 120_000 });
}

/** The worker has the engine, its data and the build's chunks (the lab asks it after loading). */
async function offlineCacheFilled(page: Page) {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const files = await caches.open('lab-files');
          const paths = (await files.keys()).map((r) => new URL(r.url).pathname);
          const shells = (await caches.keys()).filter((k) => k.startsWith('lab-shell-'));
          const shell = shells.length ? await caches.open(shells[0]!) : null;
          const chunks = shell
            ? (await shell.keys()).filter((r) => r.url.includes('/_next/static/')).length
            : 0;
          return {
            wasm: paths.some((p) => p.endsWith('.wasm.gz')),
            worker: paths.some((p) => p.endsWith('.worker.js')),
            data: paths.some((p) => /\.duckdb(\.gz)?$/.test(p)),
            chunks: chunks > 20,
          };
        }),
      { timeout: 60_000 },
    )
    .toEqual({ wasm: true, worker: true, data: true, chunks: true });
}

const heavy = (path: string) => /\.(wasm|wasm\.gz|duckdb|duckdb\.gz)$/.test(path.split('?')[0]!);

test('after a first visit, a second makes no request for the wasm or the data, and the lab runs and grades with the server gone', async ({
  browser,
  baseURL,
}) => {
  const proxy = await startProxy(baseURL!);
  const context = await browser.newContext();
  const foreign = watchOrigin(context, proxy.origin);
  try {
    const page = await context.newPage();
    await labReady(page, proxy.origin);
    expect(proxy.log.filter((e) => heavy(e.path)).length).toBeGreaterThan(0);
    await offlineCacheFilled(page);

    // A second visit: the engine and the data come from this browser, not the server, and the
    // tables are those the first left in the browser's storage.
    proxy.log.length = 0;
    await labReady(page, proxy.origin);
    const fetched = proxy.log.filter((e) => heavy(e.path) && e.status !== 304);
    expect(fetched, 'wasm or data downloaded again').toEqual([]);
    await expect(page.getByTestId('terminal-log')).toContainText(
      'Opened your tables as you left them',
    );

    // The server is gone: the lab opens, runs dbt and grades; the lessons open.
    await proxy.stop();
    await labReady(page, proxy.origin);
    await expect(page.getByTestId('terminal-log')).toContainText(
      'Opened your tables as you left them',
      { timeout: 60_000 },
    );
    await page.getByRole('tab', { name: 'Terminal' }).click();
    const input = page.getByLabel('dbt command');
    await input.fill('dbt run -s fct_orders');
    await input.press('Enter');
    await expect(page.getByTestId('terminal-log')).toContainText(
      /OK created sql table model main\.fct_orders/,
      { timeout: 60_000 },
    );
    await page.getByRole('tab', { name: 'Grade' }).click();
    await page.getByRole('button', { name: 'Grade', exact: true }).click();
    await expect(page.getByTestId('grade-report')).toBeVisible({ timeout: 150_000 });
    await expect(page.getByTestId('check-materialized_incremental')).toHaveAttribute(
      'data-status',
      'fail',
    );
    await page.screenshot({ path: 'test-results/screenshots/offline-lab.png' });

    await page.goto(`${proxy.origin}/lessons/implementation-guide`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(foreign).toEqual([]);
  } finally {
    await context.close();
    await proxy.stop().catch(() => undefined);
  }
});

test('a lab whose storage was evicted still opens, fetching what it needs again', async ({
  browser,
  baseURL,
}) => {
  const proxy = await startProxy(baseURL!);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await labReady(page, proxy.origin);
    await offlineCacheFilled(page);
    // What a browser under storage pressure may drop: the caches, IndexedDB, the worker and the
    // kept database (from another page: the lab's engine holds that file open).
    await page.goto(`${proxy.origin}/`);
    await page.evaluate(async () => {
      for (const key of await caches.keys()) await caches.delete(key);
      for (const db of await indexedDB.databases()) if (db.name) indexedDB.deleteDatabase(db.name);
      for (const registration of await navigator.serviceWorker.getRegistrations())
        await registration.unregister();
      const root = await navigator.storage.getDirectory();
      await root.removeEntry('incremental-lab', { recursive: true });
    });
    proxy.log.length = 0;
    await labReady(page, proxy.origin);
    await expect(page.getByTestId('terminal-log')).toContainText(/Day 10's project is built/, {
      timeout: 60_000,
    });
    await offlineCacheFilled(page);
  } finally {
    await context.close();
    await proxy.stop();
  }
});
