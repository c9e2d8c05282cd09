/**
 * The logic-change guard. An incremental run rewrites only the rows in its window, so after the
 * model's SQL changes, the table holds rows built by the old logic beside rows built by the new.
 * dbt never says so. The lab records, on each table it builds, the full-build SQL of the logic that
 * built its rows (whitespace and comments ignored), as the table's comment; an incremental run whose
 * full-build SQL is not the only logic recorded there warns and suggests `--full-refresh`.
 *
 * The comment is the record because it travels with the table: a full build writes a new one, an
 * incremental run adds its logic to it, and a table made any other way has none (no warning then).
 */
import type { Connection } from '@/lib/engine/connection';
import type { Relation } from '../relation';

const MARKER = 'incremental-lab logic v1: ';
/** Logics kept per table: the one that built it and the newest ones mixed in since. */
const MAX_LOGICS = 4;

const WORD = /[A-Za-z0-9_$]/;
/** Longer logics are recorded as a digest, so a huge generated model cannot bloat the catalog. */
const MAX_RECORDED = 20_000;
const DIGEST = 'digest:';

/** What the guard records and compares for a model's full-build SQL. */
export function logicRecord(sql: string): string {
  const normalized = normalizeLogic(sql);
  return normalized.length <= MAX_RECORDED ? normalized : digest(normalized);
}

/** Two 32-bit FNV-1a hashes with different offsets, and the length: a collision is not a concern here. */
function digest(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${DIGEST}${hex(a)}${hex(b)}:${text.length}`;
}

/**
 * The SQL with comments removed and whitespace kept only where it separates two words, so a
 * reformatted or recommented model counts as the same logic. Quoted text is kept as written.
 */
export function normalizeLogic(sql: string): string {
  let out = '';
  let pendingSpace = false;
  const emit = (text: string) => {
    if (pendingSpace && WORD.test(out.at(-1) ?? '') && WORD.test(text[0] ?? '')) out += ' ';
    pendingSpace = false;
    out += text;
  };
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
      pendingSpace = true;
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      pendingSpace = true;
    } else if (ch === "'" || ch === '"') {
      const end = endOfQuoted(sql, i, ch);
      emit(sql.slice(i, end));
      i = end;
    } else if (/\s/.test(ch)) {
      pendingSpace = true;
      i++;
    } else {
      emit(ch);
      i++;
    }
  }
  return out;
}

function endOfQuoted(sql: string, from: number, quote: string): number {
  let i = from + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** The logics recorded on the table, or null when it has no record (built outside the lab's engine). */
export async function readLogics(
  connection: Connection,
  target: Relation,
): Promise<string[] | null> {
  const result = await connection.query<{ comment: string | null }>(
    `select comment from duckdb_tables() where database_name = ${literal(target.database ?? '')} and schema_name = ${literal(target.schema ?? 'main')} and table_name = ${literal(target.identifier)}`,
  );
  const comment = result.rows[0]?.comment;
  if (typeof comment !== 'string' || !comment.startsWith(MARKER)) return null;
  try {
    const parsed: unknown = JSON.parse(comment.slice(MARKER.length));
    if (Array.isArray(parsed) && parsed.every((l) => typeof l === 'string')) return parsed;
  } catch {
    // a damaged record is no record
  }
  return null;
}

export async function writeLogics(
  connection: Connection,
  target: Relation,
  logics: string[],
): Promise<void> {
  const kept = [...new Set(logics)];
  const record = kept.length > MAX_LOGICS ? [kept[0]!, ...kept.slice(-(MAX_LOGICS - 1))] : kept;
  await connection.exec(
    `comment on table ${target.render()} is ${literal(MARKER + JSON.stringify(record))}`,
  );
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Where two logics first differ, as a short excerpt of each. */
function firstDifference(before: string, now: string): { before: string; now: string } {
  let i = 0;
  while (i < before.length && i < now.length && before[i] === now[i]) i++;
  const from = Math.max(0, i - 30);
  const excerpt = (text: string) =>
    `${from > 0 ? '…' : ''}${text.slice(from, i + 50)}${text.length > i + 50 ? '…' : ''}`;
  return { before: excerpt(before), now: excerpt(now) };
}

/**
 * The warning for an incremental run of `logic` on a table whose rows were built by `recorded`, or
 * null when every row was built by this same logic (or the table has no record).
 */
export function logicChangeWarning(
  modelName: string,
  target: Relation,
  recorded: string[] | null,
  logic: string,
): string | null {
  if (recorded === null || recorded.length === 0) return null;
  if (recorded.length === 1 && recorded[0] === logic) return null;
  const older = [...recorded].reverse().find((l) => l !== logic) ?? recorded[0]!;
  const headline = `[WARNING]: Logic change in ${modelName}: its SQL differs from the SQL that built the rows already in ${target.displayName()}. This incremental run rebuilds only the rows in its window; older rows keep the old logic. To rebuild every row with the current logic: dbt run -s ${modelName} --full-refresh`;
  if (older.startsWith(DIGEST) || logic.startsWith(DIGEST))
    return `${headline}\n  (the SQL is too long to show where it differs)`;
  const { before, now } = firstDifference(older, logic);
  return [headline, `  rows built with: ${before}`, `  the model now:   ${now}`].join('\n');
}
