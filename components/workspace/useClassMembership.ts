'use client';

import { useEffect, useState } from 'react';
import type { ClassMembership } from '@/lib/workspace/class-sync';

/** The class this browser's student belongs to, or null (self-paced). */
export function useClassMembership(): ClassMembership | null {
  const [membership, setMembership] = useState<ClassMembership | null>(null);
  useEffect(() => {
    let unsubscribe = () => {};
    let live = true;
    void import('@/lib/workspace/class-sync').then(async ({ classSync }) => {
      const sync = await classSync();
      if (!live) return;
      unsubscribe = sync.subscribe((status) => setMembership(status.membership ?? null));
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  return membership;
}
