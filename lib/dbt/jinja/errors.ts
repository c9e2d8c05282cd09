/**
 * Turns nunjucks errors into dbt-style messages that name the file and line. Nunjucks numbers lines
 * from 1 in syntax errors but from 0 in render errors; an unclosed block is reported at end of file
 * with no line at all, so the opening tag is found by scanning the template.
 */
import { CompilationError, JinjaError } from '../errors';

interface NunjucksError extends Error {
  lineno?: number;
  colno?: number;
  cause?: unknown;
}

const BLOCK_TAGS = new Set(['if', 'for', 'macro', 'call', 'filter', 'raw', 'block', 'set']);

/** The line of the innermost block tag that is never closed, if any. */
export function findUnclosedBlock(source: string): { tag: string; line: number } | undefined {
  const stack: { tag: string; line: number }[] = [];
  const tagPattern = /\{%-?\s*(\w+)([^%]*?)-?%\}/g;
  for (const match of source.matchAll(tagPattern)) {
    const tag = match[1]!;
    const line = source.slice(0, match.index).split('\n').length;
    if (tag === 'set' && match[2]!.includes('=')) continue; // `{% set x = … %}` has no end tag
    if (BLOCK_TAGS.has(tag)) stack.push({ tag, line });
    else if (tag.startsWith('end') && stack.length > 0) stack.pop();
  }
  return stack[stack.length - 1];
}

function reword(message: string): string {
  const unknownCall = /^(?:Error: )?Unable to call `([^`]+)`, which is undefined or falsey/.exec(
    message,
  );
  if (unknownCall) {
    return `'${unknownCall[1]}' is undefined. This can happen when calling a macro that does not exist. Check for typos.`;
  }
  const unknownTag = /^unknown block tag: (\w+)/.exec(message);
  if (unknownTag) return `Encountered unknown tag '${unknownTag[1]}'.`;
  const eof = /^parse(\w+): expected (.+), got end of file/.exec(message);
  if (eof) {
    const tags = eof[2]!.split(/, or |, | or /).map((t) => `'${t.trim()}'`);
    return `Unexpected end of template. Jinja was looking for the following tags: ${tags.join(' or ')}. The innermost block that needs to be closed is '${eof[1]!.toLowerCase()}'.`;
  }
  return message.replace(/^Error: /, '');
}

/** Strips nunjucks' `(path) [Line n, Column m]` header from a message. */
function stripHeader(message: string): string {
  return message.replace(/^\([^)\n]*\)(?: \[Line \d+, Column \d+\])?\n\s*/, '').trim();
}

/**
 * Maps an error thrown while parsing (`phase: 'parse'`) or rendering a template to a JinjaError (or
 * passes on an engine error raised from inside the template, such as a schema change failure).
 */
export function toJinjaError(
  error: unknown,
  file: string,
  source: string,
  phase: 'parse' | 'render',
): Error {
  if (error instanceof JinjaError || error instanceof CompilationError) return error;
  const e = error as NunjucksError;
  const line =
    typeof e.lineno === 'number' ? (phase === 'parse' ? e.lineno : e.lineno + 1) : undefined;
  const cause = e.cause;
  if (cause instanceof JinjaError) {
    return cause.line === undefined ? new JinjaError(cause.message, cause.file, line) : cause;
  }
  if (cause instanceof CompilationError) return cause;
  const raw = cause instanceof Error ? cause.message : stripHeader(e.message ?? String(error));
  if (phase === 'parse' && /end of file/.test(raw)) {
    const open = findUnclosedBlock(source);
    if (open) {
      return new JinjaError(
        `Unexpected end of template: the '{% ${open.tag} %}' block opened on line ${open.line} is never closed (add '{% end${open.tag} %}').`,
        file,
        open.line,
      );
    }
  }
  const message = reword(raw);
  return new JinjaError(message, file, line);
}
