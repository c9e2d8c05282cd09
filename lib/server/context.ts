/**
 * The process's server state: the database and the grading runtime, started once. Routes and the
 * start-up hook share it.
 */
import { getDatabase, type Store } from './db';
import { startServerGrading } from './grading/runtime';

export interface ServerContext {
  store: Store;
  grading: Awaited<ReturnType<typeof startServerGrading>>;
}

// On globalThis: Next.js may load this module more than once in one process (the start-up hook
// and the route bundles), and there must be one database pool and one worker per process.
const holder = globalThis as typeof globalThis & {
  __labServerContext?: Promise<ServerContext> | null;
};

export function serverContext(): Promise<ServerContext> {
  holder.__labServerContext ??= (async () => {
    const store = await getDatabase();
    return { store, grading: await startServerGrading(store) };
  })().catch((error: unknown) => {
    holder.__labServerContext = null;
    throw error;
  });
  return holder.__labServerContext;
}
