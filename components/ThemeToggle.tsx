'use client';

import { useSyncExternalStore } from 'react';
import { THEME_STORAGE_KEY } from '@/lib/course/theme-script';

type Choice = 'system' | 'light' | 'dark';
const order: Choice[] = ['system', 'light', 'dark'];
const labels: Record<Choice, string> = {
  system: 'Theme: system',
  light: 'Theme: light',
  dark: 'Theme: dark',
};
const icons: Record<Choice, string> = { system: '◐', light: '☀', dark: '☾' };

const listeners = new Set<() => void>();

function readChoice(): Choice {
  try {
    const saved = localStorage.getItem(THEME_STORAGE_KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'system';
  } catch {
    return 'system';
  }
}

function writeChoice(choice: Choice) {
  try {
    if (choice === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
    else localStorage.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // Storage can be blocked; the class below still switches the page for this visit.
  }
  const systemDark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  const dark = choice === 'dark' || (choice === 'system' && systemDark);
  document.documentElement.classList.toggle('dark', dark);
  listeners.forEach((notify) => notify());
}

function subscribe(notify: () => void) {
  listeners.add(notify);
  return () => listeners.delete(notify);
}

export function ThemeToggle() {
  const choice = useSyncExternalStore(subscribe, readChoice, () => 'system' as Choice);
  const next = order[(order.indexOf(choice) + 1) % order.length]!;
  return (
    <button
      type="button"
      onClick={() => writeChoice(next)}
      className="rounded-md border border-slate-300 px-2.5 py-1 text-sm text-slate-700 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-200 dark:hover:bg-slate-800"
      aria-label={`${labels[choice]}. Switch to ${next}.`}
      title={`${labels[choice]} (click for ${next})`}
    >
      <span aria-hidden="true">{icons[choice]}</span>
      <span className="ml-1.5 hidden sm:inline">
        {choice === 'system' ? 'System' : choice === 'light' ? 'Light' : 'Dark'}
      </span>
    </button>
  );
}
