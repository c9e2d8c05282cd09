/**
 * Table comparisons the grader needs, all in SQL over the `Connection`: snapshots, key-level change
 * counts, duplicate keys, and two-way `EXCEPT ALL` (row for row, duplicates counted).
 */
import type { Connection, Row } from '@/lib/engine/connection';

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Text values as a SQL list of string literals. */
export const sqlList = (values: string[]) =>
  values.map((k) => `'${k.replace(/'/g, "''")}'`).join(', ');

/** A text key per row that also works for NULLs and composite keys. */
export function keyExpression(keys: string[], alias?: string): string {
  const prefix = alias ? `${alias}.` : '';
  const parts = keys.map((k) => `coalesce(cast(${prefix}${quoteIdent(k)} as varchar), '∅')`);
  return parts.length === 1 ? parts[0]! : `concat_ws(' | ', ${parts.join(', ')})`;
}

export async function columnNames(connection: Connection, relation: string): Promise<string[]> {
  const result = await connection.query(`select * from ${relation} limit 0`);
  return result.columns.map((c) => c.name);
}

export async function countRows(connection: Connection, relation: string): Promise<number> {
  const result = await connection.query<{ n: number }>(`select count(*) as n from ${relation}`);
  return result.rows[0]?.n ?? 0;
}

export async function snapshot(connection: Connection, relation: string, name: string) {
  await connection.exec(`create or replace temp table ${name} as select * from ${relation}`);
}

export interface KeyChanges {
  /** Rows whose key is new. */
  inserted: number;
  /** Keys present before and after whose rows changed. */
  updated: number;
  /** Rows whose key disappeared. */
  deleted: number;
}

/**
 * What changed between two versions of a table, counted by key. Rows are compared through a per-key
 * sum of row hashes (order-insensitive, duplicates counted), one full outer join instead of set ops.
 */
export async function changesByKey(
  connection: Connection,
  before: string,
  after: string,
  keys: string[],
): Promise<KeyChanges> {
  const cols = (await columnNames(connection, before)).map(quoteIdent).join(', ');
  const key = keyExpression(keys);
  const perKey = (relation: string) =>
    `select ${key} as k, count(*) as c, sum(hash(${cols})::hugeint) as h from ${relation} group by 1`;
  const result = await connection.query<{ inserted: number; updated: number; deleted: number }>(`
    with b as (${perKey(before)}), a as (${perKey(after)})
    select
      coalesce(sum(a.c) filter (where b.k is null), 0) as inserted,
      count(*) filter (where a.k is not null and b.k is not null and (a.c <> b.c or a.h <> b.h)) as updated,
      coalesce(sum(b.c) filter (where a.k is null), 0) as deleted
    from a full outer join b on a.k = b.k`);
  const row = result.rows[0]!;
  return { inserted: row.inserted, updated: row.updated, deleted: row.deleted };
}

export interface DuplicateKeys {
  /** Key values that appear more than once, plus rows whose key is NULL. */
  count: number;
  nullKeys: number;
  /** A few offending keys with how often they appear. */
  sample: { key: string; times: number }[];
}

export async function duplicateKeys(
  connection: Connection,
  relation: string,
  keys: string[],
): Promise<DuplicateKeys> {
  const key = keyExpression(keys);
  const anyNull = keys.map((k) => `${quoteIdent(k)} is null`).join(' or ');
  const dupes = await connection.query<{ key: string; times: number }>(
    `select ${key} as key, count(*) as times from ${relation}
     where not (${anyNull}) group by all having count(*) > 1 order by times desc, key limit 3`,
  );
  const totals = await connection.query<{ dupes: number; nulls: number }>(
    `select
       (select count(*) from (select 1 from ${relation} where not (${anyNull}) group by ${key} having count(*) > 1)) as dupes,
       (select count(*) from ${relation} where ${anyNull}) as nulls`,
  );
  const t = totals.rows[0]!;
  return { count: t.dupes + t.nulls, nullKeys: t.nulls, sample: dupes.rows };
}

export interface RowDiff {
  /** Rows in `left` that `right` does not have (EXCEPT ALL). */
  onlyLeft: number;
  onlyRight: number;
  /** Keys of differing rows, first few. */
  sampleKeys: string[];
}

export interface KeyFilter {
  /** Leave rows with these keys out of the comparison. */
  ignore?: string[];
  /** Compare only rows with these keys. */
  only?: string[];
}

/** Two-way EXCEPT ALL on the left table's columns. */
export async function rowDiff(
  connection: Connection,
  left: string,
  right: string,
  keys: string[],
): Promise<RowDiff> {
  const cols = (await columnNames(connection, left)).map(quoteIdent).join(', ');
  const key = keyExpression(keys);
  const result = await connection.query<{ side: string; k: string; n: number }>(`
    with
      l as (select ${cols} from ${left}),
      r as (select ${cols} from ${right}),
      only_l as (select * from l except all select * from r),
      only_r as (select * from r except all select * from l)
    select 'left' as side, ${key} as k, count(*) over () as n from only_l
    union all
    select 'right' as side, ${key} as k, count(*) over () as n from only_r
    order by k, side`);
  const onlyLeft = result.rows.find((r) => r.side === 'left')?.n ?? 0;
  const onlyRight = result.rows.find((r) => r.side === 'right')?.n ?? 0;
  const sampleKeys = [...new Set(result.rows.map((r) => r.k))].slice(0, 5);
  return { onlyLeft, onlyRight, sampleKeys };
}

/** The rows of one key in a relation, for showing what differs. */
export async function rowsForKey(
  connection: Connection,
  relation: string,
  keys: string[],
  keyValue: string,
): Promise<Row[]> {
  const result = await connection.query(
    `select * from ${relation} where ${keyExpression(keys)} = ${sqlList([keyValue])} limit 5`,
  );
  return result.rows;
}

/** Which keys from a list are missing or repeated in a relation. */
export async function presence(
  connection: Connection,
  relation: string,
  keys: string[],
  wanted: string[],
): Promise<{ missing: string[]; repeated: string[] }> {
  if (wanted.length === 0) return { missing: [], repeated: [] };
  const values = wanted.map((k) => `(${sqlList([k])})`).join(', ');
  const result = await connection.query<{ k: string; times: number }>(`
    with wanted(k) as (values ${values}),
      counts as (select ${keyExpression(keys)} as k, count(*) as times from ${relation} group by all)
    select wanted.k, coalesce(counts.times, 0) as times from wanted left join counts using (k)
    where coalesce(counts.times, 0) <> 1 order by wanted.k`);
  return {
    missing: result.rows.filter((r) => r.times === 0).map((r) => r.k),
    repeated: result.rows.filter((r) => r.times > 1).map((r) => r.k),
  };
}

/**
 * Both sides of a two-way EXCEPT ALL, kept in a small temp table (`side`, then the row) so several
 * questions about the differences (all of them, some keys, other keys) cost one comparison.
 */
export async function materializeDiff(
  connection: Connection,
  incremental: string,
  reference: string,
  table: string,
): Promise<void> {
  const cols = (await columnNames(connection, incremental)).map(quoteIdent).join(', ');
  await connection.exec(`create or replace temp table ${table} as
    select 'incremental' as grade_side, * from (select ${cols} from ${incremental} except all select ${cols} from ${reference})
    union all
    select 'reference' as grade_side, * from (select ${cols} from ${reference} except all select ${cols} from ${incremental})`);
}

/** Counts and sample keys of a materialized diff, restricted by key. */
export async function diffSummary(
  connection: Connection,
  table: string,
  keys: string[],
  filter: KeyFilter = {},
): Promise<RowDiff & { keyCount: number }> {
  const key = keyExpression(keys);
  const conditions = [
    filter.ignore?.length ? `${key} not in (${sqlList(filter.ignore)})` : '',
    filter.only ? (filter.only.length ? `${key} in (${sqlList(filter.only)})` : 'false') : '',
  ].filter(Boolean);
  const where = conditions.length ? `where ${conditions.join(' and ')}` : '';
  const result = await connection.query<{
    only_left: number;
    only_right: number;
    key_count: number;
    sample: string[] | null;
  }>(`select
      count(*) filter (where grade_side = 'incremental') as only_left,
      count(*) filter (where grade_side = 'reference') as only_right,
      count(distinct ${key}) as key_count,
      (select list(k order by k) from (select distinct ${key} as k from ${table} ${where} order by k limit 5)) as sample
    from ${table} ${where}`);
  const row = result.rows[0]!;
  return {
    onlyLeft: row.only_left,
    onlyRight: row.only_right,
    keyCount: row.key_count,
    sampleKeys: row.sample ?? [],
  };
}
