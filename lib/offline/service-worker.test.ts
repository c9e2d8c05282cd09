import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { coursePages } from '@/lib/course/pages';
import { offlineConfig } from './service-worker.node';

describe("the service worker's list of this build", () => {
  it("names the build, the course pages and the build's static files without source maps", async () => {
    const next = mkdtempSync(path.join(tmpdir(), 'lab-sw-'));
    writeFileSync(path.join(next, 'BUILD_ID'), 'abc123\n');
    mkdirSync(path.join(next, 'static', 'chunks'), { recursive: true });
    mkdirSync(path.join(next, 'static', 'media'), { recursive: true });
    writeFileSync(path.join(next, 'static', 'chunks', 'b.js'), '');
    writeFileSync(path.join(next, 'static', 'chunks', 'b.js.map'), '');
    writeFileSync(path.join(next, 'static', 'media', 'a.ttf'), '');
    const config = await offlineConfig(next);
    expect(config.buildId).toBe('abc123');
    expect(config.assets).toEqual(['/_next/static/chunks/b.js', '/_next/static/media/a.ttf']);
    for (const page of coursePages) expect(config.shell).toContain(page.href);
    expect(config.shell).toContain('/');
    // the instructor's pages hold class data: never cached
    expect(config.shell.some((p) => /^\/(teach|join|api)/.test(p))).toBe(false);
  });
});
