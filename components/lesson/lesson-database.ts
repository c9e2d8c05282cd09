/**
 * The database a lesson's runnable blocks query: the lab's generated Olist data at the cut-off (the
 * state the lab starts from) plus the Snowflake bridge macros. Loaded once per connection, on the
 * first Run, so reading a lesson costs nothing.
 */
import type { Connection } from '@/lib/engine/connection';
import { loadLessonData } from '@/lib/content/lesson-data';

const prepared = new WeakMap<Connection, Promise<void>>();

export function prepareLessonDatabase(connection: Connection): Promise<void> {
  const pending = prepared.get(connection);
  if (!pending) {
    const loading = loadLessonData(connection).then(
      () => undefined,
      (error: unknown) => {
        prepared.delete(connection); // a later Run may try again
        throw error;
      },
    );
    prepared.set(connection, loading);
    return loading;
  }
  return pending;
}
