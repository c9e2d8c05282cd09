import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildLabData, type BuiltLabData } from '@/lib/course/lab-data-build.node';
import { readTimelineState } from '@/lib/data';
import { writeCourseCsvs } from '@/lib/data/csv-writer.node';
import { generateOlist } from '@/lib/data/generator/generate';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { courseData, ensureWorkspaceData } from './course-data';

describe('workspace course data', () => {
  it('loads the data on first use only and returns the lab clock', async () => {
    const connection = await openNodeConnection();
    try {
      const log: string[] = [];
      const source = { kind: 'generated', scale: 0.01, seed: 42 } as const;
      let afterLoads = 0;
      const afterLoad = async () => {
        afterLoads++;
        log.push('after load');
      };
      const [clock, same] = await Promise.all([
        ensureWorkspaceData(connection, (l) => log.push(l), { source, afterLoad }),
        ensureWorkspaceData(connection, (l) => log.push(l), { source, afterLoad }),
      ]);
      expect(afterLoads).toBe(1);
      expect(log.at(-1)).toBe('after load'); // both callers waited for it
      expect(clock).toBe('2018-08-14 23:59:59');
      expect(same).toBe(clock);
      expect(log.filter((l) => l.startsWith('Loaded the course data'))).toHaveLength(1);
      const again = await ensureWorkspaceData(connection, (l) => log.push(l), {
        source,
        afterLoad,
      });
      expect(afterLoads).toBe(1); // the data was there: nothing to restore
      expect(again).toBe(clock);
      expect(log.filter((l) => l.startsWith('Loading'))).toHaveLength(1);
    } finally {
      await connection.close();
    }
  });
});

describe('the course data a build made from data/raw', () => {
  let tmp: string;
  let built: BuiltLabData;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'course-data-'));
    const conn = await openNodeConnection();
    try {
      await conn.exec('CREATE SCHEMA g');
      await generateOlist(conn, { scale: 0.02, seed: 7 }, 'g');
      await writeCourseCsvs(conn, 'g', path.join(tmp, 'data/raw'));
    } finally {
      await conn.close();
    }
    built = await buildLabData({
      outDir: path.join(tmp, 'public/data'),
      rawDir: path.join(tmp, 'data/raw'),
      projectRoot: tmp,
    });
    // The page's fetch of the manifest, served from the build's folder.
    vi.stubGlobal('fetch', async (url: string) => {
      const file = path.join(tmp, 'public', url);
      const body = await readFile(file).catch(() => null);
      return body ? new Response(body) : new Response('not found', { status: 404 });
    });
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await rm(tmp, { recursive: true, force: true });
  });

  /** The browser engine's attach, in Node: the served file inflated and attached read-only. */
  function attachTo(connection: Connection) {
    return async (url: string, alias: string) => {
      const file = path.join(tmp, `${alias}.duckdb`);
      await writeFile(file, gunzipSync(await readFile(path.join(tmp, 'public', url))));
      await connection.exec(`ATTACH '${file}' AS ${alias} (READ_ONLY)`);
      return async () => connection.exec(`DETACH DATABASE IF EXISTS ${alias}`);
    };
  }

  it('loads the CSVs the manifest describes from the prebuilt file, with their label', async () => {
    const connection = await openNodeConnection();
    try {
      const log: string[] = [];
      await ensureWorkspaceData(connection, (l) => log.push(l), {
        attachFile: attachTo(connection),
      });
      expect(log.at(-1)).toMatch(
        new RegExp(
          `^Loaded the course data \\(the real Olist CSVs \\(data/raw\\), prebuilt\\) up to ${built.info.cutoffDay}`,
        ),
      );
      const state = await readTimelineState(connection);
      expect(state.source).toBe('the real Olist CSVs (data/raw)');
      expect(state.sourceKey).toBe(built.manifest.key);

      // The Grade tab's fresh database gets the same source, filled from the same file.
      const fresh = await openNodeConnection();
      try {
        const grading = await courseData(attachTo(fresh), 'grading_prebuilt');
        expect(grading.source).toEqual(built.manifest.data);
        expect(await grading.fillFull!(fresh)).toEqual(built.manifest.rows);
      } finally {
        await fresh.close();
      }
    } finally {
      await connection.close();
    }
  });

  it('says so and runs on generated data when the server’s file cannot be had', async () => {
    const connection = await openNodeConnection();
    try {
      const log: string[] = [];
      const grading = await courseData(async () => {
        throw new Error('503');
      });
      await expect(grading.fillFull!(connection)).rejects.toThrow(
        /The lab's data \(the real Olist CSVs \(data\/raw\)\) could not be loaded from the server: 503/,
      );
      await ensureWorkspaceData(connection, (l) => log.push(l), {
        attachFile: async () => {
          throw new Error('503');
        },
      });
      expect(log.join('\n')).toMatch(
        /could not be loaded from the server: 503; the lab runs on generated data instead/,
      );
      expect((await readTimelineState(connection)).source).toBe('generated (scale 1, seed 42)');
    } finally {
      await connection.close();
    }
  }, 60_000);
});
