import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { chromiumArgs, systemChromium } from './e2e/browser';

// The server's data folder (its SQLite database, secret and setup link): fresh for every run, and
// shared with the tests through the environment (the classes tests read the setup link from it).
process.env.E2E_LAB_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'lab-e2e-'));

const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    // The service worker is tested on its own (e2e/offline.spec.ts); elsewhere it would hide
    // requests from the tests' routing.
    serviceWorkers: 'block',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        launchOptions: {
          ...(systemChromium ? { executablePath: systemChromium } : {}),
          args: chromiumArgs,
        },
      },
    },
  ],
  // The suite runs against the production build (`npm run build` first).
  webServer: {
    command: `npx next start -p ${port} -H 127.0.0.1`,
    env: {
      LAB_DATA_DIR: process.env.E2E_LAB_DATA_DIR,
      LAB_PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORT: String(port),
      DATABASE_URL: '',
    },
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
