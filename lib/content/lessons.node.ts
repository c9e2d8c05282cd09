/**
 * Reads the course text from `content/` (Node only: the lesson pages are generated at build time and
 * the content check runs in Vitest). Each file is compiled once per process.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { compileLesson, type CompiledLesson } from './compile-lesson';
import { ContentError } from './front-matter';

export const CONTENT_ROOT = path.join(process.cwd(), 'content');
export const LESSONS_DIR = path.join(CONTENT_ROOT, 'lessons');
export const LAB_INSTRUCTIONS_FILE = path.join(CONTENT_ROOT, 'lab', 'instructions.mdx');

const compiled = new Map<string, Promise<CompiledLesson>>();

function compileFile(absolute: string): Promise<CompiledLesson> {
  let pending = compiled.get(absolute);
  if (!pending) {
    const file = path.relative(process.cwd(), absolute).split(path.sep).join('/');
    pending = readFile(absolute, 'utf8').then((source) => compileLesson(source, file));
    compiled.set(absolute, pending);
  }
  return pending;
}

/** Every lesson under `content/lessons/`, in `order`. */
export async function loadLessons(): Promise<CompiledLesson[]> {
  const names = (await readdir(LESSONS_DIR)).filter((name) => name.endsWith('.mdx')).sort();
  const lessons = await Promise.all(names.map((name) => compileFile(path.join(LESSONS_DIR, name))));
  const slugs = new Set<string>();
  for (const lesson of lessons) {
    if (slugs.has(lesson.meta.slug))
      throw new ContentError(lesson.file, `slug "${lesson.meta.slug}" is used twice`);
    slugs.add(lesson.meta.slug);
  }
  return lessons.sort((a, b) => a.meta.order - b.meta.order);
}

export async function loadLesson(slug: string): Promise<CompiledLesson | undefined> {
  return (await loadLessons()).find((lesson) => lesson.meta.slug === slug);
}

/** The lab's instructions (`content/lab/instructions.mdx`), shown beside the workspace. */
export function loadLabInstructions(): Promise<CompiledLesson> {
  return compileFile(LAB_INSTRUCTIONS_FILE);
}
