/**
 * Finds the browser for the e2e suite: a system Chromium when there is one (CI and machines that
 * cannot download browsers), else Playwright's own Chromium (`npx playwright install chromium`).
 */
import { existsSync } from 'node:fs';

const candidates = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((path): path is string => Boolean(path));

export const systemChromium = candidates.find((path) => existsSync(path));

/** Flags for a headless Chromium run as root in a closed network (no sandbox, no background calls). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
