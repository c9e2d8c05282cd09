/**
 * The lab's data, prebuilt: `npm run build` fills a DuckDB database file (`public/data/`) once with
 * native DuckDB — the real CSVs of `data/raw/` when they are there, else the lab's generated data —
 * and the lab attaches that file instead of generating or importing the same tables again in every
 * page (about 2 s at scale 1). The file holds only `lab_full`; the timeline's state is made from it
 * as after a generation. A manifest says which source it holds (its key, its label and the source
 * itself), so every page, the Grade tab and the server's re-grading run on the same data.
 */
import type { Connection } from '@/lib/engine/connection';
import { COURSE_TABLES, type CourseTable } from './course-tables';
import { describeSource } from './load';
import { DataSourceSchema } from './source-schema';
import type { DataSource } from './types';

export const PREBUILT_MANIFEST = 'lab-data.json';

export interface PrebuiltManifest {
  /** `describeSource(source).key` of the data in the file. */
  key: string;
  /** The same source in words (`describeSource(source).label`), as the lab shows it. */
  source?: string;
  /**
   * The source itself (files: their paths relative to the project root, for the server). Absent
   * in manifests written before it was added, which held generated data only.
   */
  data?: DataSource;
  /** The file as served: `.duckdb`, or `.duckdb.gz` sent with `Content-Encoding: gzip`. */
  file: string;
  /** Its size as a database file (uncompressed). */
  bytes: number;
  rows: Record<CourseTable, number>;
  /**
   * A digest of the code that decides a lab database's contents (lib/course/lab-data-build.node.ts):
   * a browser's kept database made by other code is rebuilt. Absent in older manifests.
   */
  code?: string;
}

export function prebuiltFileName(source: DataSource): string {
  if (source.kind === 'generated') return `lab-scale${source.scale}-seed${source.seed}.duckdb`;
  if (!source.digest) throw new Error('Files are prebuilt only with the digest of their bytes.');
  return `lab-files-${source.digest}.duckdb`;
}

/** Whether a manifest describes this source. */
export function manifestMatches(
  manifest: unknown,
  source: DataSource,
): manifest is PrebuiltManifest {
  if (typeof manifest !== 'object' || manifest === null) return false;
  const m = manifest as Partial<PrebuiltManifest>;
  return (
    m.key === describeSource(source).key &&
    typeof m.file === 'string' &&
    /^[\w.-]+\.duckdb(\.gz)?$/.test(m.file)
  );
}

/**
 * The source a manifest describes, or null when it is not a manifest this code can trust: the
 * source must parse and have the manifest's key. A manifest without `data` (an older build) holds
 * `fallback` when its key is `fallback`'s.
 */
export function manifestSource(manifest: unknown, fallback: DataSource): DataSource | null {
  if (typeof manifest !== 'object' || manifest === null) return null;
  const m = manifest as Partial<PrebuiltManifest>;
  if (m.data === undefined) return manifestMatches(manifest, fallback) ? fallback : null;
  const parsed = DataSourceSchema.safeParse(m.data);
  if (!parsed.success || !manifestMatches(manifest, parsed.data)) return null;
  return parsed.data;
}

/**
 * Fills `lab_full` from the prebuilt database attached as `alias`, then detaches it. Returns the
 * row counts, which must match the manifest's (a truncated download is refused).
 */
export async function copyPrebuilt(
  conn: Connection,
  alias: string,
  expected?: Record<CourseTable, number>,
): Promise<Record<CourseTable, number>> {
  await conn.exec('CREATE SCHEMA IF NOT EXISTS lab_full');
  const rows = {} as Record<CourseTable, number>;
  try {
    for (const table of COURSE_TABLES) {
      await conn.exec(
        `CREATE OR REPLACE TABLE lab_full.${table} AS SELECT * FROM ${alias}.lab_full.${table}`,
      );
      const result = await conn.query<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM lab_full.${table}`,
      );
      rows[table] = Number(result.rows[0]?.n ?? 0);
      if (expected && rows[table] !== expected[table])
        throw new Error(`The prebuilt ${table} has ${rows[table]} rows, not ${expected[table]}`);
    }
  } finally {
    await conn.exec(`DETACH DATABASE IF EXISTS ${alias}`).catch(() => undefined);
  }
  return rows;
}
