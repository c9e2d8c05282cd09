/**
 * The lab clock: the simulated "now", the end of the latest loaded day. Olist's data ends in 2018, so
 * a model's `CURRENT_TIMESTAMP - INTERVAL 3 DAY` against the real clock would select nothing; these
 * macros make `current_timestamp`, `now()`, `get_current_timestamp()`, `current_date` and `today()`
 * return the lab clock instead. DuckDB resolves a user macro before the built-in function of the same
 * name, and temp macros are found whatever schema is in use. The date macros also avoid the `icu`
 * extension, which DuckDB-WASM does not have. They return plain TIMESTAMP/DATE (no time zone), like
 * the Olist columns they are compared with.
 */
import type { Connection } from '@/lib/engine/connection';

const CLOCK = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** The clock at the end of `day` (`YYYY-MM-DD`): `YYYY-MM-DD 23:59:59`. */
export function clockForDay(day: string): string {
  return `${day} 23:59:59`;
}

/** Statements that (re)create the clock macros; run them again whenever the clock moves. */
export function labClockSql(clock: string): string[] {
  const match = CLOCK.exec(clock);
  if (!match || Number.isNaN(Date.parse(`${match[1]}T${match[2]}Z`))) {
    throw new RangeError(`The lab clock must look like YYYY-MM-DD HH:MM:SS, not "${clock}".`);
  }
  const ts = `TIMESTAMP '${clock}'`;
  const day = `DATE '${match[1]}'`;
  return [
    `CREATE OR REPLACE TEMP MACRO get_current_timestamp() AS ${ts}`,
    `CREATE OR REPLACE TEMP MACRO now() AS ${ts}`,
    `CREATE OR REPLACE TEMP MACRO transaction_timestamp() AS ${ts}`,
    `CREATE OR REPLACE TEMP MACRO current_date() AS ${day}`,
    `CREATE OR REPLACE TEMP MACRO today() AS ${day}`,
  ];
}

/** The lab clock stored with the timeline (`YYYY-MM-DD HH:MM:SS`). */
export async function getLabClock(conn: Connection): Promise<string> {
  let day: string | undefined;
  try {
    const result = await conn.query<{ day: string }>(
      'SELECT clock_day::VARCHAR AS day FROM lab_state.timeline',
    );
    day = result.rows[0]?.day;
  } catch {
    day = undefined;
  }
  if (!day) throw new Error('No lab data is loaded yet: call loadLabData first.');
  return clockForDay(day);
}

export async function applyLabClock(conn: Connection, clock: string): Promise<void> {
  for (const sql of labClockSql(clock)) await conn.exec(sql);
}
