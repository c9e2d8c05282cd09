'use client';

import type { TimelineEventId } from '@/lib/data/types';
import type { TimelineView } from './useDbtRunner';

/**
 * The lab clock and the data timeline: release the next day's orders, late payments, status changes
 * or a very late correction, or go back to the initial load. Each button says why when it is off.
 */
export function DataTimeline({
  timeline,
  running,
  onEvent,
  onLoad,
  pendingRebuild,
  preparing,
}: {
  timeline: TimelineView | null;
  running: boolean;
  /** What rebuilding the database from earlier visits will replay ('' when nothing). */
  pendingRebuild: string;
  onEvent: (id: TimelineEventId | 'reset') => void;
  onLoad: () => void;
  /** The data is loading (or the tables rebuilding) now. */
  preparing: boolean;
}) {
  const button =
    'rounded border border-slate-300 px-2 py-0.5 text-xs whitespace-nowrap hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';
  return (
    <div
      role="group"
      aria-label="Data timeline"
      className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-3 py-1.5 dark:border-slate-800"
    >
      {timeline ? (
        <>
          <span className="text-xs text-slate-600 dark:text-slate-400" data-testid="lab-clock">
            Lab clock <time className="font-mono">{timeline.clock}</time>
          </span>
          {timeline.events.map((event) => (
            <button
              key={event.id}
              type="button"
              className={button}
              disabled={running || !event.available}
              title={event.available ? event.description : event.unavailableReason}
              onClick={() => onEvent(event.id)}
            >
              {event.title}
            </button>
          ))}
          <button
            type="button"
            className={button}
            disabled={running}
            title="Go back to where Day 10 ended: the data at the cut-off and the starter project built (your files are kept)"
            onClick={() => {
              if (
                window.confirm(
                  "Reset the data to the initial load and rebuild Day 10's project (your fct_orders table is replaced by the starter's)? Your files are kept.",
                )
              )
                onEvent('reset');
            }}
          >
            Reset data
          </button>
        </>
      ) : (
        <>
          <span
            className="text-xs text-slate-600 dark:text-slate-400"
            data-testid="data-pending"
            role="status"
          >
            {preparing
              ? 'Loading the course data into this browser…'
              : pendingRebuild
                ? `The course data loads and your tables are rebuilt (replaying ${pendingRebuild}) on your first dbt command.`
                : 'The course data loads on your first dbt command.'}
          </span>
          {!preparing && (
            <button type="button" className={button} disabled={running} onClick={onLoad}>
              {pendingRebuild ? 'Rebuild now' : 'Load it now'}
            </button>
          )}
        </>
      )}
    </div>
  );
}
