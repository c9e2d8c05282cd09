import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { COURSE_TABLES } from './course-tables';
import { describeSource, loadFullData, loadLabData } from './load';
import { copyPrebuilt, manifestMatches, prebuiltFileName } from './prebuilt';

const SOURCE = { kind: 'generated', scale: 0.02, seed: 9 } as const;
const dir = mkdtempSync(path.join(tmpdir(), 'lab-prebuilt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('prebuilt lab data', () => {
  it('loads exactly the tables a generation makes, and the same timeline', async () => {
    const file = path.join(dir, prebuiltFileName(SOURCE));
    const writer = await openNodeConnection({ path: file });
    const rows = await loadFullData(writer, SOURCE);
    await writer.exec('CHECKPOINT');
    await writer.close();

    const fromFile = await openNodeConnection();
    const generated = await openNodeConnection();
    try {
      await fromFile.exec(`ATTACH '${file}' AS pre (READ_ONLY)`);
      const info = await loadLabData(fromFile, SOURCE, {
        fillFull: (c) => copyPrebuilt(c, 'pre', rows),
      });
      const reference = await loadLabData(generated, SOURCE);
      expect(info).toEqual(reference);
      for (const table of COURSE_TABLES) {
        const dump = async (c: typeof fromFile) =>
          (await c.query(`select * from lab_full.${table} order by all`, { maxRows: 1_000_000 }))
            .rows;
        expect(await dump(fromFile)).toEqual(await dump(generated));
      }
      // The attached file is gone once copied.
      const attached = await fromFile.query<{ n: number }>(
        "select count(*)::int as n from duckdb_databases() where database_name = 'pre'",
      );
      expect(attached.rows[0]!.n).toBe(0);
    } finally {
      await fromFile.close();
      await generated.close();
    }
  });

  it('refuses a file whose row counts differ from its manifest (a truncated download)', async () => {
    const file = path.join(dir, prebuiltFileName(SOURCE));
    const conn = await openNodeConnection();
    try {
      await conn.exec(`ATTACH '${file}' AS pre (READ_ONLY)`);
      const wrong = Object.fromEntries(COURSE_TABLES.map((t) => [t, 1])) as never;
      await expect(copyPrebuilt(conn, 'pre', wrong)).rejects.toThrow(/rows, not 1/);
    } finally {
      await conn.close();
    }
  });

  it('uses a manifest only for the source it describes', () => {
    const manifest = {
      key: describeSource(SOURCE).key,
      file: prebuiltFileName(SOURCE),
      bytes: 1,
      rows: {},
    };
    expect(manifestMatches(manifest, SOURCE)).toBe(true);
    expect(manifestMatches(manifest, { ...SOURCE, seed: 10 })).toBe(false);
    expect(manifestMatches({ ...manifest, file: '../secret.duckdb' }, SOURCE)).toBe(false);
    expect(manifestMatches(null, SOURCE)).toBe(false);
  });
});
