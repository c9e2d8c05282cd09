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

let context: Promise<ServerContext> | null = null;

export function serverContext(): Promise<ServerContext> {
  context ??= (async () => {
    const store = await getDatabase();
    return { store, grading: await startServerGrading(store) };
  })().catch((error: unknown) => {
    context = null;
    throw error;
  });
  return context;
}
