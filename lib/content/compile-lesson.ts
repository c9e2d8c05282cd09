/**
 * One lesson file → front matter, compiled MDX (a function body to `run` with the JSX runtime) and the
 * facts the page and the content check need. Pure: no file system, so tests can feed it strings.
 */
import { compile } from '@mdx-js/mdx';
import remarkGfm from 'remark-gfm';
import { ContentError, splitFrontMatter, type LessonMeta } from './front-matter';
import { emptyFacts, remarkLesson, type LessonFacts } from './remark-lesson';

export interface CompiledLesson extends LessonFacts {
  meta: LessonMeta;
  /** Path relative to the repository root, for messages. */
  file: string;
  /** MDX compiled to a function body (`outputFormat: 'function-body'`). */
  code: string;
  /** Added to a body line number to get the line in the file. */
  frontMatterLines: number;
}

export async function compileLesson(source: string, file: string): Promise<CompiledLesson> {
  const { meta, body, frontMatterLines } = splitFrontMatter(source, file);
  const facts = emptyFacts();
  let code: string;
  try {
    const output = await compile(
      { value: body, path: file },
      { outputFormat: 'function-body', remarkPlugins: [remarkGfm, remarkLesson(facts)] },
    );
    code = String(output);
  } catch (error) {
    // MDX reports `line:column` within the body; shift it to the file's own lines.
    const place = (error as { line?: number }).line;
    const where = place ? ` (line ${place + frontMatterLines})` : '';
    throw new ContentError(file, `MDX does not compile${where}: ${(error as Error).message}`);
  }
  const shift = (line: number) => line + frontMatterLines;
  return {
    ...facts,
    runnable: facts.runnable.map((block) => ({ ...block, line: shift(block.line) })),
    links: facts.links.map((link) => ({ ...link, line: shift(link.line) })),
    meta,
    file,
    code,
    frontMatterLines,
  };
}
