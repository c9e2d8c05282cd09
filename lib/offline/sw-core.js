/**
 * The service worker's logic (served by app/sw.js/route.ts after a line that sets
 * `self.__LAB_OFFLINE` to this build's id, course pages and static files). It keeps the course
 * working with the server unreachable: the pages, the build's chunks, DuckDB-WASM and the lab's data
 * come from the Cache API once a first visit has fetched them. Plain JavaScript, as the browser runs
 * it as it is.
 *
 * - The build's chunks (`/_next/static/`) and the immutable engine and data files: cache first.
 * - The course pages and their navigation payloads, the data manifest: network first, the cached
 *   copy when the network fails or is slower than NETWORK_TIMEOUT_MS.
 * - The server's API, the instructor pages and the join links: never cached.
 * The chunks are cached all at once only when the lab asks (`cache-lab`), so a lesson reader does
 * not download the editor and the engine.
 */
/* global self, caches, fetch */
const { buildId, shell, assets } = self.__LAB_OFFLINE;
const SHELL = `lab-shell-${buildId}`; // this build's pages and chunks
const FILES = 'lab-files'; // immutable files named by version or digest, kept across builds
const NETWORK_TIMEOUT_MS = 4000;
const NEVER_CACHED = /^\/(api|teach|join)(\/|$)/;
const IMMUTABLE = /^\/(duckdb\/[^/]+\/.+|data\/[^/]+\.duckdb(\.gz)?)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      await Promise.all(shell.map((path) => cache.add(path).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys())
        if (key.startsWith('lab-shell-') && key !== SHELL) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  const data = event.data;
  if (data && data.type === 'cache-lab' && Array.isArray(data.files)) {
    const done = cacheLab(data.files.filter((f) => typeof f === 'string'));
    event.waitUntil(done);
    done.then(
      (report) => event.source && event.source.postMessage({ type: 'cached-lab', ...report }),
    );
  }
});

/** Everything the lab needs offline: the build's chunks, and the engine and data files it used. */
async function cacheLab(files) {
  const shellCache = await caches.open(SHELL);
  const fileCache = await caches.open(FILES);
  let failed = 0;
  const put = async (cache, path) => {
    if (await cache.match(path)) return;
    await cache.add(path).catch(() => failed++);
  };
  for (const path of [...shell, ...assets]) await put(shellCache, path);
  const keep = new Set();
  for (const path of files) {
    const url = new URL(path, self.location.origin);
    keep.add(url.pathname);
    await put(IMMUTABLE.test(url.pathname) ? fileCache : shellCache, url.pathname);
  }
  // older versions of the engine or the data, no longer used by this build
  for (const request of await fileCache.keys())
    if (!keep.has(new URL(request.url).pathname)) await fileCache.delete(request);
  return { failed };
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER_CACHED.test(url.pathname)) return;
  if ((request.headers.get('accept') || '').includes('text/event-stream')) return;
  if (IMMUTABLE.test(url.pathname)) event.respondWith(cacheFirst(FILES, request));
  else if (url.pathname.startsWith('/_next/static/')) event.respondWith(cacheFirst(SHELL, request));
  else event.respondWith(networkFirst(request));
});

async function cacheFirst(name, request) {
  const cache = await caches.open(name);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

// A navigation is stored under its path alone; a payload fetch (`?_rsc=…`) under its whole URL.
function cacheKey(request) {
  const url = new URL(request.url);
  return request.mode === 'navigate' ? url.pathname : url.pathname + url.search;
}

function storable(response) {
  const control = response.headers.get('cache-control') || '';
  return response.ok && response.type === 'basic' && !/no-store|private/.test(control);
}

async function networkFirst(request) {
  const cache = await caches.open(SHELL);
  const key = cacheKey(request);
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    if (storable(response)) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(key, { ignoreVary: true });
    if (hit) return hit;
    throw error;
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('network timeout')), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}
