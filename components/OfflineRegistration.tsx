'use client';

import { useEffect } from 'react';
import { registerServiceWorker } from '@/lib/offline/client';

/**
 * Registers the service worker that keeps the course usable with the network gone. Production only:
 * in development it would serve stale chunks to hot reload.
 */
export function OfflineRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV === 'production') registerServiceWorker();
  }, []);
  return null;
}
