// Before the e2e suite: use a system Chromium when present, else make sure Playwright's own is installed.
import { execSync } from 'node:child_process';
import { systemChromium } from '../e2e/browser';

if (systemChromium) {
  console.log(`e2e: using ${systemChromium}`);
} else {
  console.log('e2e: no system Chromium found; installing Playwright’s Chromium');
  execSync('npx playwright install chromium', { stdio: 'inherit' });
}
