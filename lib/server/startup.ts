/**
 * What the server does as it starts (from `instrumentation.ts`): open and migrate the database,
 * start grading, say how grading is isolated, and, while no instructor exists, print a one-time
 * setup link (Jupyter's habit) and keep it in the data folder, readable by the server's user only.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureSetupToken } from './auth';
import { serverContext } from './context';
import { describeSandbox } from './grading';

export const SETUP_LINK_FILE = 'setup-link.txt';

export async function announceServer(): Promise<void> {
  const { store } = await serverContext();
  const where =
    store.kind === 'sqlite'
      ? `SQLite at ${store.config.kind === 'sqlite' ? store.config.file : ''}`
      : 'PostgreSQL (DATABASE_URL)';
  console.log(`Classes: data in ${where}`);
  console.log(describeSandbox());
  const token = await ensureSetupToken(store);
  const file = path.join(store.config.dataDir, SETUP_LINK_FILE);
  if (token) {
    const origin = process.env.LAB_PUBLIC_URL ?? `http://localhost:${process.env.PORT ?? '3000'}`;
    const link = `${origin.replace(/\/$/, '')}/teach/setup?token=${token}`;
    writeFileSync(file, `${link}\n`, { mode: 0o600 });
    console.log(`No instructor yet. Set one up with this one-time link:\n  ${link}`);
  } else {
    writeFileSync(file, '', { mode: 0o600 });
  }
}
