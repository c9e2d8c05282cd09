/**
 * The data a lesson's runnable SQL sees: the lab's generated Olist tables in schema `raw` at the
 * initial cut-off (the state the lab starts from), with the lab clock, plus the Snowflake bridge so
 * `dateadd('day', -3, current_timestamp)` runs as the course writes it. A tenth of the real size keeps
 * the first Run quick in the browser; the shapes and dates are the same as the lab's.
 */
import { loadLabData, type DataSource, type LabDataInfo } from '@/lib/data';
import { snowflakeBridgeSql } from '@/lib/dbt/snowflake-bridge';
import type { Connection } from '@/lib/engine/connection';

export const LESSON_DATA_SOURCE: DataSource = { kind: 'generated', scale: 0.1, seed: 42 };

export async function loadLessonData(connection: Connection): Promise<LabDataInfo> {
  const info = await loadLabData(connection, LESSON_DATA_SOURCE);
  for (const sql of snowflakeBridgeSql()) await connection.exec(sql);
  return info;
}
