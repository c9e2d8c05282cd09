/**
 * The data the server grades on: the same generated scenario the browser's grading panel uses
 * (`BROWSER_GRADING_DATA` in components/grader/GradingPanel.tsx, a client component this module
 * cannot import), so a verdict from the server and one from the browser are comparable. A test
 * checks that the two literals agree.
 */
import type { DataSource } from '@/lib/data';

export const SERVER_GRADING_DATA = {
  kind: 'generated',
  scale: 0.25,
  seed: 42,
} as const satisfies DataSource;
