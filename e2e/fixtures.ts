/**
 * Every e2e test imports `test` from here: it fails any test whose page asks for anything outside the
 * app's own origin (a CDN, fonts, DuckDB's extension repository…), and blocks such requests.
 */
import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ foreignRequests: string[] }>({
  foreignRequests: [
    async ({ context, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const foreign: string[] = [];
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (isLocal(url, origin)) return route.continue();
        foreign.push(url);
        return route.abort('blockedbyclient');
      });
      context.on('request', (request) => {
        const url = request.url();
        if (!isLocal(url, origin) && !foreign.includes(url)) foreign.push(url);
      });
      await use(foreign);
      expect(foreign, 'requests that left the app origin').toEqual([]);
    },
    { auto: true },
  ],
});

function isLocal(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank') return true;
  return new URL(url).origin === origin;
}

export { expect };
