import { describe, expect, it } from 'vitest';
import { coursePages } from './pages';
import {
  EMPTY_PROGRESS,
  isDone,
  parseProgress,
  serializeProgress,
  setDone,
  summarizeProgress,
} from './progress';

describe('course progress', () => {
  it('round-trips through storage and keeps the first time a page was marked', () => {
    const first = setDone(EMPTY_PROGRESS, 'overview', true, new Date('2026-01-02T10:00:00Z'));
    const again = setDone(first, 'overview', true, new Date('2026-01-03T10:00:00Z'));
    expect(again.done.overview).toBe('2026-01-02T10:00:00.000Z');
    const restored = parseProgress(serializeProgress(again));
    expect(isDone(restored, 'overview')).toBe(true);
    expect(isDone(restored, 'lab')).toBe(false);
    expect(isDone(EMPTY_PROGRESS, 'overview')).toBe(false);
  });

  it('unmarks without touching the input', () => {
    const marked = setDone(EMPTY_PROGRESS, 'lab', true);
    const unmarked = setDone(marked, 'lab', false);
    expect(isDone(unmarked, 'lab')).toBe(false);
    expect(isDone(marked, 'lab')).toBe(true);
  });

  it.each([null, '', 'not json', '{"version":2,"done":{}}', '{"version":1,"done":{"a":3}}', '[]'])(
    'treats %j as nothing done',
    (raw) => {
      expect(parseProgress(raw)).toEqual(EMPTY_PROGRESS);
    },
  );

  it('summarises over the course pages only and points at the next page to read', () => {
    let progress = setDone(EMPTY_PROGRESS, 'overview', true);
    progress = setDone(progress, 'retired-page', true);
    const summary = summarizeProgress(progress, coursePages);
    expect(summary).toMatchObject({ done: 1, total: coursePages.length, percent: 20 });
    expect(summary.nextPage?.slug).toBe('incremental-concepts');
    const all = coursePages.reduce((p, page) => setDone(p, page.slug, true), EMPTY_PROGRESS);
    expect(summarizeProgress(all, coursePages)).toMatchObject({
      percent: 100,
      nextPage: undefined,
    });
  });
});
