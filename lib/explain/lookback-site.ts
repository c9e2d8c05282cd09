/**
 * Where a model says how many days its incremental window looks back, so the lateness lab can run
 * it at other widths: a dbt var (`var('lookback_days', 3)`, passed with `--vars`), or a day count
 * written into the window (`dateadd('day', -3, …)`, `interval 3 day`, `interval '3 days'`,
 * `to_days(3)`, `timedelta(days=3)`), which is rewritten per width. SQL and Jinja comments are
 * ignored; inside `{% if is_incremental() %}` blocks first, the whole model when they have none.
 */

export const LOOKBACK_VAR = 'lookback_days';

export type LookbackInjection =
  | {
      kind: 'var';
      name: string;
      /** The width the model runs with now: the var's default, else the project's value. */
      current: number | null;
    }
  | {
      kind: 'literal';
      current: number;
      /** Where the day count is written, as offsets into the model's text. */
      sites: { start: number; end: number; text: string }[];
    }
  | { kind: 'none'; reason: string };

/** The text with comments blanked out (same length, so offsets still point into the original). */
export function maskComments(text: string): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      continue;
    }
    const two = text.slice(i, i + 2);
    const close = two === '--' ? '\n' : two === '/*' ? '*/' : two === '{#' ? '#}' : null;
    if (!close) continue;
    const found = text.indexOf(close, i + 2);
    const end = found === -1 ? text.length : close === '\n' ? found : found + close.length;
    blank(i, end);
    i = end - 1;
  }
  return out.join('');
}

/** The `{% if … is_incremental() … %}` … `{% endif %}` spans of a (masked) model, nesting counted. */
export function incrementalBlocks(masked: string): [number, number][] {
  const tags = [...masked.matchAll(/\{%-?\s*(if|elif|else|endif)\b([^%]*)-?%\}/g)];
  const blocks: [number, number][] = [];
  for (const [i, tag] of tags.entries()) {
    if (tag[1] !== 'if' || !/\bis_incremental\s*\(\s*\)/.test(tag[2] ?? '')) continue;
    let depth = 0;
    for (const next of tags.slice(i + 1)) {
      if (next[1] === 'if') depth++;
      else if (next[1] === 'endif') {
        if (depth === 0) {
          blocks.push([tag.index!, next.index! + next[0].length]);
          break;
        }
        depth--;
      }
    }
  }
  return blocks;
}

/** Day counts in window expressions; group 1 is the number. */
const LITERAL_FORMS: RegExp[] = [
  /\bdateadd\s*\(\s*['"]?(?:day|days|dd|d)['"]?\s*,\s*-\s*(\d+)\s*,/gi,
  /\binterval\s+'?\s*(\d+)\s*'?\s*days?\b/gi,
  /\binterval\s*'\s*(\d+)\s+days?\s*'/gi,
  /\binterval\s*\(\s*(\d+)\s*\)\s*days?\b/gi,
  /\bto_days\s*\(\s*(\d+)\s*\)/gi,
  /\btimedelta\s*\(\s*days\s*=\s*(\d+)\s*\)/gi,
];

function literalSites(masked: string, text: string, within: [number, number][] | null) {
  const sites = new Map<number, { start: number; end: number; text: string }>();
  for (const form of LITERAL_FORMS) {
    for (const match of masked.matchAll(form)) {
      const offset = match.index! + match[0].lastIndexOf(match[1]!);
      if (within && !within.some(([a, b]) => offset >= a && offset < b)) continue;
      const end = offset + match[1]!.length;
      sites.set(offset, { start: offset, end, text: text.slice(offset, end) });
    }
  }
  return [...sites.values()].sort((a, b) => a.start - b.start);
}

/**
 * How the model's window width can be set. `projectVars` are the project's `vars:` (a var's value
 * there is the width when the call has no default).
 */
export function findLookback(
  text: string,
  options: { varName?: string; projectVars?: Record<string, unknown> } = {},
): LookbackInjection {
  const name = options.varName ?? LOOKBACK_VAR;
  const masked = maskComments(text);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const call = new RegExp(`\\bvar\\s*\\(\\s*['"]${escaped}['"]\\s*(?:,\\s*([^)]*?)\\s*)?\\)`, 'g');
  const calls = [...masked.matchAll(call)];
  if (calls.length > 0) {
    const written = calls.map((c) => c[1]).find((d) => d !== undefined && /^\d+$/.test(d));
    const project = options.projectVars?.[name];
    const current =
      written !== undefined ? Number(written) : typeof project === 'number' ? project : null;
    return { kind: 'var', name, current };
  }
  const blocks = incrementalBlocks(masked);
  let sites = blocks.length > 0 ? literalSites(masked, text, blocks) : [];
  if (sites.length === 0) sites = literalSites(masked, text, null);
  if (sites.length === 0)
    return {
      kind: 'none',
      reason: `No day count found in the model's window: write it as a number of days (interval 3 day, dateadd('day', -3, …)) or as {{ var('${name}', 3) }}.`,
    };
  const counts = [...new Set(sites.map((s) => Number(s.text)))];
  if (counts.length > 1)
    return {
      kind: 'none',
      reason: `The model's window names several day counts (${counts.join(', ')}): write the lookback once, or as {{ var('${name}', 3) }}.`,
    };
  return { kind: 'literal', current: counts[0]!, sites };
}

/** The model's text with its window's day count set to `width` (literal sites only). */
export function withWidth(text: string, injection: LookbackInjection, width: number): string {
  if (injection.kind !== 'literal') return text;
  if (!Number.isInteger(width) || width < 0)
    throw new RangeError(`A window is a whole number of days, not ${width}.`);
  let out = '';
  let at = 0;
  for (const site of injection.sites) {
    out += text.slice(at, site.start) + String(width);
    at = site.end;
  }
  return out + text.slice(at);
}
