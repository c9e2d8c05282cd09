/**
 * Value formatting shared by both adapters, so a timestamp or a big integer looks the same whether it
 * came from native DuckDB or from DuckDB-WASM's Arrow output.
 */
import type { Column } from './connection';

const MICROS_PER_DAY = 86_400_000_000n;

/** `YYYY-MM-DD` from days since 1970-01-01 (DuckDB's DATE text form). */
export function formatDate(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

/** DuckDB's TIMESTAMP text form: `YYYY-MM-DD HH:MM:SS`, fractional seconds only when not zero. */
export function formatTimestampMicros(micros: bigint): string {
  let days = micros / MICROS_PER_DAY;
  let rest = micros % MICROS_PER_DAY;
  if (rest < 0n) {
    rest += MICROS_PER_DAY;
    days -= 1n;
  }
  const seconds = Number(rest / 1_000_000n);
  const fraction = Number(rest % 1_000_000n);
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  const frac = fraction === 0 ? '' : '.' + String(fraction).padStart(6, '0').replace(/0+$/, '');
  return `${formatDate(Number(days))} ${hh}:${mm}:${ss}${frac}`;
}

/** Integers stay numbers while exact; beyond 2^53 they become decimal strings rather than lose digits. */
export function integerValue(value: bigint): number | string {
  const asNumber = Number(value);
  return Number.isSafeInteger(asNumber) ? asNumber : value.toString();
}

/** Scaled integer (DECIMAL storage) to a JS number. */
export function decimalValue(unscaled: bigint, scale: number): number {
  if (scale === 0) return Number(unscaled);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return Number(negative ? `-${text}` : text);
}

/** Gives repeated column names a numeric suffix so rows can be keyed by name. */
export function uniqueColumnNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count === 0 ? name : `${name}_${count}`;
  });
}

export function columnsFrom(names: string[], types: string[]): Column[] {
  return uniqueColumnNames(names).map((name, i) => ({ name, type: types[i] ?? 'UNKNOWN' }));
}

/**
 * DuckDB's error text as DuckDB prints it (`Parser Error: …`), whichever way the adapter received it:
 * DuckDB-WASM sends errors as JSON, the streaming API prefixes parse errors with its own step, and some
 * errors repeat their context block.
 */
export function cleanErrorMessage(message: string): string {
  const text = fromJsonError(message.trim()).replace(/^Failed to extract statements: /, '');
  const marker = text.indexOf('\n\nLINE ');
  if (marker === -1) return text;
  const head = text.slice(0, marker);
  const blocks = text
    .slice(marker)
    .split(/\n\n(?=LINE )/)
    .filter(Boolean);
  return [head, ...new Set(blocks.map((b) => b.trim()))].join('\n\n');
}

function fromJsonError(message: string): string {
  if (!message.startsWith('{')) return message;
  try {
    const parsed = JSON.parse(message) as { exception_type?: string; exception_message?: string };
    if (!parsed.exception_message) return message;
    return parsed.exception_type
      ? `${parsed.exception_type} Error: ${parsed.exception_message}`
      : parsed.exception_message;
  } catch {
    return message;
  }
}
