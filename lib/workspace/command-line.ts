/**
 * The terminal's command line → argv for `parseArgs`: shell-like words (single and double quotes,
 * backslash escapes outside single quotes), with the leading `dbt` required as in a real shell.
 */
export class CommandLineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandLineError';
  }
}

export function splitWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new CommandLineError(`Unclosed ${quote} quote`);
  if (inWord) words.push(word);
  return words;
}

export type TerminalInput =
  | { kind: 'empty' }
  | { kind: 'clear' }
  | { kind: 'dbt'; argv: string[] }
  | { kind: 'error'; message: string };

/** What a line typed into the terminal asks for. Only `dbt …` and `clear` are commands here. */
export function parseTerminalLine(line: string): TerminalInput {
  let words: string[];
  try {
    words = splitWords(line);
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const [first, ...rest] = words;
  if (first === undefined) return { kind: 'empty' };
  if (first === 'clear' && rest.length === 0) return { kind: 'clear' };
  if (first !== 'dbt')
    return {
      kind: 'error',
      message: `${first}: command not found. This terminal runs dbt commands, e.g. dbt run -s fct_orders (and clear).`,
    };
  return { kind: 'dbt', argv: rest };
}
