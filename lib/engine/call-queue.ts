/**
 * One call at a time on a connection, in arrival order. Both DuckDB clients stream results, and a
 * second statement sent while the first one's result is still streaming breaks the first; two parts
 * of a page (the lab's data load and its SQL console, say) may well ask at the same moment.
 * `cancelled` is raised by Stop and lowered when the queue is empty, so Stop ends the running call
 * and the ones queued behind it.
 */
export class CallQueue {
  /** Calls in progress or waiting their turn. */
  running = 0;
  cancelled = false;
  private tail: Promise<unknown> = Promise.resolve();

  async run<R>(work: () => Promise<R>): Promise<R> {
    this.running++;
    const turn = this.tail.then(work, work);
    this.tail = turn.catch(() => undefined);
    try {
      return await turn;
    } finally {
      this.running--;
      if (this.running === 0) this.cancelled = false;
    }
  }
}
