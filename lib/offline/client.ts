/**
 * The page's side of the service worker (lib/offline/sw-core.js): registration, and the lab's
 * request to keep what it used for the next visit without a network. No-ops where service workers
 * are unavailable (an insecure origin, an old browser, private modes that refuse them).
 */

export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

/**
 * Asks the worker to cache the build's chunks and the given files (the engine's and the data's, as
 * fetched). Resolves with how many could not be cached, or null without a worker.
 */
export async function cacheForOffline(files: string[]): Promise<{ failed: number } | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  if (!registration) return null;
  const worker = (await navigator.serviceWorker.ready).active;
  if (!worker) return null;
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: string; failed?: number } | null;
      if (data?.type !== 'cached-lab') return;
      navigator.serviceWorker.removeEventListener('message', onMessage);
      resolve({ failed: Number(data.failed ?? 0) });
    };
    navigator.serviceWorker.addEventListener('message', onMessage);
    worker.postMessage({ type: 'cache-lab', files });
  });
}
