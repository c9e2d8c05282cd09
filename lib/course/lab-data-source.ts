/**
 * The data the lab runs on and is graded on, everywhere: the workspace in the browser, the prebuilt
 * file of `npm run build`, the Grade tab and the server's re-grading. One value, so a verdict from
 * the browser and one from the server are about the same tables.
 */
import type { DataSource } from '@/lib/data/types';

export const LAB_DATA = { kind: 'generated', scale: 1, seed: 42 } as const satisfies DataSource;
