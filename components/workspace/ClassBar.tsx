'use client';

import { useEffect, useState } from 'react';
import type { SyncStatus } from '@/lib/workspace/class-sync';

/** For a class member: the class, and whether their progress has reached the server. */
export function ClassBar() {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let unsubscribe = () => {};
    void import('@/lib/workspace/class-sync').then(async ({ classSync }) => {
      const sync = await classSync();
      unsubscribe = sync.subscribe(setStatus);
      await sync.refreshMembership();
    });
    return () => unsubscribe();
  }, []);
  if (!status?.membership) return null;
  const { membership, pending, offline, problem } = status;
  const state = pending === 0 ? 'synced' : offline ? 'offline' : 'sending';
  return (
    <p
      role="status"
      data-testid="class-bar"
      data-state={state}
      className="text-xs text-slate-600 dark:text-slate-400"
    >
      Class <strong>{membership.class.name}</strong> as {membership.student.name} ·{' '}
      {state === 'synced'
        ? 'progress sent'
        : state === 'offline'
          ? `${pending} update${pending === 1 ? '' : 's'} waiting for the network`
          : `sending ${pending}…`}
      {problem ? ` · ${problem}` : ''}
    </p>
  );
}
