/**
 * Maps a line of a model's compiled SQL back to the line of the file it came from. Jinja changes
 * line numbers: a false `{% if %}` block drops lines, a multi-line expression collapses them, a
 * macro may add some. So the two texts are aligned like a diff: a compiled line matches a file line
 * when the file line's literal text, with each `{{ … }}` standing for any text and each `{% … %}` /
 * `{# … #}` for nothing, is exactly the compiled line. The alignment keeps both orders and maximises
 * the matches (exact lines count more than ones with expressions), and a compiled line without a
 * match (a macro's output) takes the line of the nearest matched line above it.
 */

const JINJA = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}/g;

interface LinePattern {
  regex: RegExp | null;
  /** 2 for plain SQL lines, 1 for lines with an expression, 0.5 for expression-only lines. */
  weight: number;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One pattern per line of the file. */
function linePatterns(source: string): LinePattern[] {
  const WILD = '\u0000';
  // Lines a multi-line construct touches render merged with others: they never match on their own.
  const merged = new Set<number>();
  // Each construct becomes a placeholder (an expression) or nothing (a tag, a comment), keeping
  // its newlines so that line numbers stay put.
  const masked = source.replace(JINJA, (construct, offset: number) => {
    const first = source.slice(0, offset).split('\n').length - 1;
    const spanned = construct.split('\n').length;
    if (spanned > 1) for (let k = 0; k < spanned; k++) merged.add(first + k);
    return (construct.startsWith('{{') ? WILD : '') + '\n'.repeat(spanned - 1);
  });
  return masked.split('\n').map((line, index) => {
    const text = line.trimEnd();
    if (merged.has(index) || text.trim() === '') return { regex: null, weight: 0 };
    const parts = text.split(WILD);
    const literal = parts.join('').trim();
    const regex = new RegExp(`^${parts.map(escape).join('.*?')}\\s*$`);
    const weight = parts.length === 1 ? 2 : literal === '' ? 0.5 : 1;
    return { regex, weight };
  });
}

/**
 * The file line (1-based) that compiled line `compiledLine` (1-based) came from, or null when the
 * texts cannot be aligned at all.
 */
export function sourceLineFor(
  source: string,
  compiled: string,
  compiledLine: number,
): number | null {
  const patterns = linePatterns(source);
  const lines = compiled.split('\n').map((l) => l.trimEnd());
  const n = lines.length;
  const m = patterns.length;
  if (compiledLine < 1 || compiledLine > n) return null;
  const matchWeight = (i: number, j: number): number => {
    const { regex, weight } = patterns[j]!;
    const line = lines[i]!;
    if (!regex || line.trim() === '') return 0;
    return regex.test(line) ? weight : 0;
  };
  // score[i][j]: best total weight aligning compiled lines [i, n) with file lines [j, m).
  const score = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) {
      const w = matchWeight(i, j);
      score[i]![j] = Math.max(
        score[i + 1]![j]!,
        score[i]![j + 1]!,
        w > 0 ? w + score[i + 1]![j + 1]! : 0,
      );
    }
  const matched = new Array<number | null>(n).fill(null);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const w = matchWeight(i, j);
    if (w > 0 && score[i]![j] === w + score[i + 1]![j + 1]!) {
      matched[i++] = j++;
    } else if (score[i]![j] === score[i + 1]![j]) i++;
    else j++;
  }
  const target = compiledLine - 1;
  if (matched[target] !== null) return matched[target]! + 1;
  for (let k = target - 1; k >= 0; k--)
    if (matched[k] !== null) return Math.min(m, matched[k]! + 1 + (target - k));
  return null;
}
