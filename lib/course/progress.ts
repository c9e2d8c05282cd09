/**
 * Course progress: which pages a student marked as done, and when. Kept in the browser's
 * localStorage under one key (a class member's copy is synced to the server by the classes feature).
 * Pure functions only, so the same rules hold in the browser, on the server and in tests.
 */
import { z } from 'zod';
import type { CoursePage } from './pages';

export const PROGRESS_STORAGE_KEY = 'incremental-lab:progress';

const progressSchema = z.object({
  version: z.literal(1),
  /** Page slug → ISO time it was marked done. */
  done: z.record(z.string(), z.string()),
});

export type CourseProgress = z.infer<typeof progressSchema>;

export const EMPTY_PROGRESS: CourseProgress = Object.freeze({
  version: 1,
  done: Object.freeze({}),
});

/** Reads a stored value; anything missing, malformed or from another version means "nothing done". */
export function parseProgress(raw: string | null | undefined): CourseProgress {
  if (!raw) return EMPTY_PROGRESS;
  try {
    const parsed = progressSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : EMPTY_PROGRESS;
  } catch {
    return EMPTY_PROGRESS;
  }
}

export function serializeProgress(progress: CourseProgress): string {
  return JSON.stringify(progress);
}

export function isDone(progress: CourseProgress, slug: string): boolean {
  return Object.hasOwn(progress.done, slug);
}

/** Marks or unmarks a page; returns a new value (the input is never changed). */
export function setDone(
  progress: CourseProgress,
  slug: string,
  done: boolean,
  at: Date = new Date(),
): CourseProgress {
  const next = { ...progress.done };
  if (done) next[slug] ??= at.toISOString();
  else delete next[slug];
  return { version: 1, done: next };
}

export interface ProgressSummary {
  done: number;
  total: number;
  /** Whole percent, 0–100. */
  percent: number;
  /** The first page in reading order not yet done. */
  nextPage?: CoursePage;
}

/** Counts only pages of the course (a stale slug in storage never inflates the total). */
export function summarizeProgress(progress: CourseProgress, pages: CoursePage[]): ProgressSummary {
  const done = pages.filter((page) => isDone(progress, page.slug)).length;
  return {
    done,
    total: pages.length,
    percent: pages.length === 0 ? 0 : Math.round((done / pages.length) * 100),
    nextPage: pages.find((page) => !isDone(progress, page.slug)),
  };
}
