/**
 * The service worker's script for this build: a first line with the build's id, the course pages and
 * the build's static files, then the logic in sw-core.js. A new build changes the first line, so
 * browsers install the new worker on their next online visit and drop the old build's cache.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { coursePages } from '@/lib/course/pages';

const NEXT_DIR = path.join(process.cwd(), '.next');

async function listStatic(dir: string, prefix: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listStatic(full, `${prefix}${entry.name}/`)));
    else if (!entry.name.endsWith('.map')) out.push(`${prefix}${entry.name}`);
  }
  return out;
}

export interface OfflineConfig {
  buildId: string;
  /** The course's pages, cached when the worker installs (their HTML only). */
  shell: string[];
  /** The build's static files, cached when the lab asks. */
  assets: string[];
}

export async function offlineConfig(nextDir = NEXT_DIR): Promise<OfflineConfig> {
  const buildId = (await readFile(path.join(nextDir, 'BUILD_ID'), 'utf8')).trim();
  const assets = (await listStatic(path.join(nextDir, 'static'), '/_next/static/')).sort();
  const shell = ['/', ...coursePages.map((p) => p.href), '/lab/self-test', '/data/lab-data.json'];
  return { buildId, shell: [...new Set(shell)], assets };
}

let cached: Promise<string> | null = null;

export function serviceWorkerScript(): Promise<string> {
  cached ??= (async () => {
    const core = await readFile(path.join(process.cwd(), 'lib', 'offline', 'sw-core.js'), 'utf8');
    const config = await offlineConfig();
    return `self.__LAB_OFFLINE = ${JSON.stringify(config)};\n${core}`;
  })().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}
