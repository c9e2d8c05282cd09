'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { DbtResult } from '@/lib/dbt/types';
import { memoryStore, openBrowserStore, type KeyValueStore } from '@/lib/workspace/kv-store';
import {
  appendRuns,
  loadRunHistory,
  recordsFromResult,
  saveRunHistory,
  type RunRecord,
} from '@/lib/workspace/run-history';

/** The lab model's runs for the run chart, kept in IndexedDB across visits. */
export function useRunHistory() {
  const [runs, setRuns] = useState<RunRecord[]>([]);
  const store = useRef<KeyValueStore | null>(null);
  const latest = useRef<RunRecord[]>([]);

  useEffect(() => {
    store.current = openBrowserStore();
    loadRunHistory(store.current)
      .catch(() => {
        store.current = memoryStore(); // storage blocked: the chart lasts for this visit
        return [];
      })
      .then((saved) => {
        // Runs recorded while the saved ones loaded come after them.
        latest.current = appendRuns(saved, latest.current);
        setRuns(latest.current);
      });
  }, []);

  const save = useCallback((next: RunRecord[]) => {
    latest.current = next;
    setRuns(next);
    if (store.current) void saveRunHistory(store.current, next).catch(() => undefined);
  }, []);

  const record = useCallback(
    (result: DbtResult, clock: string | undefined) => {
      const records = recordsFromResult(result, { at: new Date(), ...(clock && { clock }) });
      if (records.length > 0) save(appendRuns(latest.current, records));
    },
    [save],
  );

  const clear = useCallback(() => save([]), [save]);

  return { runs, record, clear };
}
