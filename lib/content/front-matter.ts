/**
 * Lesson front matter: a YAML block between `---` lines at the top of an `.mdx` file. Validated with
 * zod so a typo in a lesson fails the content check (and the build) with the file and field named.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

export const lessonMetaSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().min(1),
  order: z.number().int().nonnegative(),
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by dashes'),
});

export type LessonMeta = z.infer<typeof lessonMetaSchema>;

export interface SplitSource {
  meta: LessonMeta;
  /** The MDX after the front matter. */
  body: string;
  /** Lines taken by the front matter, to turn a body line back into a file line. */
  frontMatterLines: number;
}

export class ContentError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ContentError';
  }
}

const frontMatterPattern = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Splits and validates the front matter of one lesson file. */
export function splitFrontMatter(source: string, file: string): SplitSource {
  const match = frontMatterPattern.exec(source);
  if (!match) throw new ContentError(file, 'missing front matter (a `---` YAML block at the top)');
  let data: unknown;
  try {
    data = parseYaml(match[1]!);
  } catch (error) {
    throw new ContentError(file, `front matter is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = lessonMetaSchema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new ContentError(file, `front matter: ${problems}`);
  }
  const head = match[0];
  return {
    meta: parsed.data,
    body: source.slice(head.length),
    frontMatterLines: head.split('\n').length - (head.endsWith('\n') ? 1 : 0),
  };
}
