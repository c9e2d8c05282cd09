/**
 * A class member's progress, sent to the server in the background. The browser stays the source of
 * truth: nothing a student does waits on the server. Each event and grade attempt is queued in
 * IndexedDB (the outbox) with an id made here, and sent when the server answers; a resend after a
 * lost answer is stored once (the ids). Students outside a class send nothing.
 */
import type { KeyValueStore } from './kv-store';

export interface ClassMembership {
  student: { id: string; name: string };
  class: { id: string; name: string };
}

type OutboxItem =
  | { type: 'event'; body: { id: string; time: string; kind: string; payload: unknown } }
  | {
      type: 'submission';
      body: { clientId: string; time: string; files: Record<string, string>; report: unknown };
    };

export interface SyncStatus {
  membership: ClassMembership | null;
  /** Items waiting for the server. */
  pending: number;
  /** The last send failed for want of a network or a server. */
  offline: boolean;
  /** The server refused something (after which it was dropped), in its words. */
  problem: string | null;
}

const OUTBOX_KEY = 'class-outbox';
const MEMBERSHIP_KEY = 'class-membership';
const MAX_OUTBOX = 500;
const BATCH_EVENTS = 100;
const RETRY_MS = [2_000, 5_000, 15_000, 30_000];

export class ClassSync {
  private outbox: OutboxItem[] = [];
  private status: SyncStatus = { membership: null, pending: 0, offline: false, problem: null };
  private listeners = new Set<(status: SyncStatus) => void>();
  private flushing: Promise<void> | null = null;
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ready: Promise<void>;

  constructor(
    private readonly store: KeyValueStore,
    private readonly send: typeof fetch = (...args) => fetch(...args),
  ) {
    this.ready = this.load();
  }

  private async load(): Promise<void> {
    const [outbox, membership] = await Promise.all([
      this.store.get(OUTBOX_KEY).catch(() => undefined),
      this.store.get(MEMBERSHIP_KEY).catch(() => undefined),
    ]);
    this.outbox = Array.isArray(outbox) ? (outbox as OutboxItem[]) : [];
    this.update({ membership: (membership as ClassMembership | undefined) ?? null });
  }

  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    listener(this.status);
    return () => this.listeners.delete(listener);
  }

  private update(change: Partial<SyncStatus>) {
    this.status = { ...this.status, ...change, pending: this.outbox.length };
    for (const listener of this.listeners) listener(this.status);
  }

  /** Asks the server which class this browser belongs to (the cookie says); keeps the last answer offline. */
  async refreshMembership(): Promise<ClassMembership | null> {
    await this.ready;
    try {
      const response = await this.send('/api/me', { credentials: 'same-origin' });
      if (response.status === 404 || response.status === 401) {
        await this.store.delete(MEMBERSHIP_KEY).catch(() => undefined);
        this.outbox = [];
        await this.save();
        this.update({ membership: null, offline: false });
        return null;
      }
      if (!response.ok) throw new Error(`status ${response.status}`);
      const membership = (await response.json()) as ClassMembership;
      await this.store.set(MEMBERSHIP_KEY, membership).catch(() => undefined);
      this.update({ membership, offline: false });
      void this.flush();
      return membership;
    } catch {
      this.update({ offline: true });
      this.schedule();
      return this.status.membership;
    }
  }

  recordEvent(kind: 'lesson_done' | 'data_event' | 'dbt_command', payload: unknown): void {
    this.enqueue({
      type: 'event',
      body: { id: crypto.randomUUID(), time: new Date().toISOString(), kind, payload },
    });
  }

  recordSubmission(files: Record<string, string>, report: unknown): void {
    this.enqueue({
      type: 'submission',
      body: { clientId: crypto.randomUUID(), time: new Date().toISOString(), files, report },
    });
  }

  private enqueue(item: OutboxItem): void {
    void this.ready.then(async () => {
      if (!this.status.membership) return; // not in a class: nothing is sent, ever
      this.outbox = [...this.outbox, item].slice(-MAX_OUTBOX);
      await this.save();
      this.update({});
      void this.flush();
    });
  }

  private async save(): Promise<void> {
    await this.store.set(OUTBOX_KEY, this.outbox).catch(() => undefined);
  }

  private schedule(): void {
    if (this.timer) return;
    const delay = RETRY_MS[Math.min(this.retry, RETRY_MS.length - 1)]!;
    this.retry++;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delay);
  }

  /** Sends what is queued, oldest first; on a network failure it tries again later. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    await this.ready;
    while (this.status.membership && this.outbox.length > 0) {
      const events = this.outbox.filter((i) => i.type === 'event').slice(0, BATCH_EVENTS);
      const submissions = this.outbox.filter((i) => i.type === 'submission').slice(0, 1);
      let response: Response;
      try {
        response = await this.send('/api/sync', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            events: events.map((e) => e.body),
            submissions: submissions.map((s) => s.body),
          }),
        });
      } catch {
        this.update({ offline: true });
        this.schedule();
        return;
      }
      const sent = new Set<OutboxItem>([...events, ...submissions]);
      if (response.status >= 500) {
        this.update({ offline: true });
        this.schedule();
        return;
      }
      if (response.status === 401) {
        // The student was removed from the class, or the cookie is gone: stop sending.
        this.outbox = [];
        await this.save();
        await this.store.delete(MEMBERSHIP_KEY).catch(() => undefined);
        this.update({
          membership: null,
          offline: false,
          problem: 'This browser is no longer in the class.',
        });
        return;
      }
      let problem: string | null = null;
      if (!response.ok) {
        // Refused as invalid (413/422…): kept forever it would block the rest, so it is dropped.
        const body = (await response.json().catch(() => ({}))) as { error?: string };
        problem = body.error ?? `The server refused an update (${response.status}).`;
      }
      this.outbox = this.outbox.filter((item) => !sent.has(item));
      await this.save();
      this.retry = 0;
      this.update({ offline: false, problem });
    }
  }
}

let shared: ClassSync | null = null;

/** The page's sync client (browser only). */
export async function classSync(): Promise<ClassSync> {
  if (!shared) {
    const { openBrowserStore } = await import('./kv-store');
    shared = new ClassSync(openBrowserStore());
    window.addEventListener('online', () => void shared?.flush());
  }
  return shared;
}
