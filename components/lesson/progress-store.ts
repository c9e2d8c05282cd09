'use client';

import { useSyncExternalStore } from 'react';
import {
  EMPTY_PROGRESS,
  PROGRESS_STORAGE_KEY,
  parseProgress,
  serializeProgress,
  setDone,
  type CourseProgress,
} from '@/lib/course/progress';

/**
 * Course progress in localStorage, as a React external store: every "done" button and progress meter
 * on the page (and in other tabs, through the `storage` event) shows the same value.
 */
const listeners = new Set<() => void>();
let cachedRaw: string | null | undefined;
let cachedValue: CourseProgress = EMPTY_PROGRESS;

function readRaw(): string | null {
  try {
    return localStorage.getItem(PROGRESS_STORAGE_KEY);
  } catch {
    return null; // storage blocked: progress lasts for this visit only
  }
}

function snapshot(): CourseProgress {
  const raw = readRaw();
  // Same string, same object: useSyncExternalStore needs a stable snapshot.
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedValue = parseProgress(raw);
  }
  return cachedValue;
}

function subscribe(notify: () => void) {
  listeners.add(notify);
  const onStorage = (event: StorageEvent) => {
    if (event.key === PROGRESS_STORAGE_KEY) notify();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(notify);
    window.removeEventListener('storage', onStorage);
  };
}

export function useCourseProgress(): CourseProgress {
  return useSyncExternalStore(subscribe, snapshot, () => EMPTY_PROGRESS);
}

/** Marks a page done or not done; the lab calls this too when a student's grade passes. */
export function markPageDone(slug: string, done: boolean): void {
  const next = setDone(snapshot(), slug, done);
  const raw = serializeProgress(next);
  try {
    localStorage.setItem(PROGRESS_STORAGE_KEY, raw);
  } catch {
    // Keep the value in memory so the page still reflects the click.
  }
  cachedRaw = readRaw() === raw ? raw : cachedRaw;
  cachedValue = next;
  listeners.forEach((notify) => notify());
  // A class member's mark goes to the server too (in the background; outside a class, nowhere).
  void import('@/lib/workspace/class-sync')
    .then(({ classSync }) => classSync())
    .then(async (sync) => {
      await sync.refreshMembership();
      sync.recordEvent('lesson_done', { page: slug, done });
    })
    .catch(() => undefined);
}
