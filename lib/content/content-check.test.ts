/**
 * The content check: every lesson and the lab's instructions compile, use only known components,
 * link only to pages and anchors that exist, and every runnable SQL block runs on the lesson data
 * (native DuckDB, the same data and macros the browser loads).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coursePages } from '@/lib/course/pages';
import { openNodeConnection } from '@/lib/engine/node-connection';
import type { Connection } from '@/lib/engine/connection';
import type { CompiledLesson } from './compile-lesson';
import { checkLinks } from './check-links';
import { isLessonComponent } from './lesson-components';
import { loadLessonData } from './lesson-data';
import { loadLabInstructions, loadLessons } from './lessons.node';

let lessons: CompiledLesson[];
let lab: CompiledLesson;

beforeAll(async () => {
  lessons = await loadLessons();
  lab = await loadLabInstructions();
});

const routeOf = (lesson: CompiledLesson) =>
  coursePages.find((page) => page.slug === lesson.meta.slug)?.href ??
  `(unknown ${lesson.meta.slug})`;

describe('lesson files', () => {
  it('match the course pages: slug, order and title, and the lab instructions come last', () => {
    const pages = [...lessons, lab].map((l) => [l.meta.slug, l.meta.order, l.meta.title]);
    expect(pages).toEqual(coursePages.map((page, index) => [page.slug, index, page.title]));
  });

  it('have a table of contents, no second title and only known components', () => {
    for (const lesson of [...lessons, lab]) {
      expect(lesson.toc.length, lesson.file).toBeGreaterThan(2);
      expect(lesson.extraTitles, lesson.file).toEqual([]);
      expect(
        lesson.components.filter((name) => !isLessonComponent(name)),
        lesson.file,
      ).toEqual([]);
    }
  });

  it('end each concept page with knowledge checks', () => {
    for (const lesson of lessons.filter((l) => routeOf(l) !== '/lessons/overview')) {
      expect(lesson.components, lesson.file).toContain('KnowledgeCheck');
    }
  });

  it('link only to pages and anchors that exist', () => {
    const pages = [...lessons, lab].map((lesson) => ({
      file: lesson.file,
      route: routeOf(lesson),
      links: lesson.links,
      anchors: lesson.anchors,
    }));
    expect(checkLinks(pages, ['/'])).toEqual([]);
    // Every lesson leads on to the lab.
    for (const lesson of lessons) {
      expect(
        lesson.links.some((link) => link.url.startsWith('/lab')),
        lesson.file,
      ).toBe(true);
    }
  });
});

describe('runnable SQL blocks', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await openNodeConnection();
    await loadLessonData(connection);
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('exist in the lessons', () => {
    expect(lessons.flatMap((lesson) => lesson.runnable).length).toBeGreaterThanOrEqual(8);
  });

  it('run without error, twice in a row, and return rows', async () => {
    const failures: string[] = [];
    for (const lesson of lessons) {
      for (const block of lesson.runnable) {
        const where = `${lesson.file}:${block.line} (${block.title ?? block.id})`;
        try {
          // Twice: a reader may click Run again, and blocks share one database per page.
          await connection.query(block.sql, { maxRows: 50 });
          const result = await connection.query(block.sql, { maxRows: 50 });
          if (result.rowCount === 0) failures.push(`${where}: returned no rows`);
        } catch (error) {
          failures.push(`${where}: ${(error as Error).message}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
