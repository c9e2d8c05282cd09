/**
 * How a grading process fills `lab_full` from the build's prebuilt file: inflated into a private
 * folder, attached read-only, copied, detached (before DuckDB is locked down, so a model's SQL
 * never reaches the file). Shared by the sandboxed child and the benchmark, which measures it.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { CourseTable } from '@/lib/data';
import { copyPrebuilt } from '@/lib/data/prebuilt';
import type { Connection } from '@/lib/engine/connection';

/** Inflates the prebuilt file into `scratch`; the fill attaches it, copies lab_full, detaches it. */
export async function prebuiltFill(
  prebuilt: { path: string; rows: Record<CourseTable, number> },
  scratch: string,
): Promise<(c: Connection) => Promise<Record<CourseTable, number>>> {
  const file = path.join(scratch, 'lab.duckdb');
  await pipeline(createReadStream(prebuilt.path), createGunzip(), createWriteStream(file));
  return async (c) => {
    await c.exec(`ATTACH '${file.replace(/'/g, "''")}' AS lab_prebuilt (READ_ONLY)`);
    return copyPrebuilt(c, 'lab_prebuilt', prebuilt.rows); // which detaches it
  };
}
