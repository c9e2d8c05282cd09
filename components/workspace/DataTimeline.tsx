'use client';

import { useRef } from 'react';
import type { TimelineEventId } from '@/lib/data/types';
import type { DataNotice, TimelineView } from './useDbtRunner';
import { useClassMembership } from './useClassMembership';

const button =
  'rounded border border-slate-300 px-2 py-0.5 text-xs whitespace-nowrap hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';

/**
 * The data the lab runs on and its timeline: which data (the course's or the student's own CSVs),
 * the lab clock, release the next day's orders, late payments, status changes or a very late
 * correction, or go back to the initial load. Each button says why when it is off.
 */
export function DataTimeline({
  timeline,
  running,
  onEvent,
  onLoad,
  pendingRebuild,
  preparing,
  ownData,
  onOwnFiles,
  onCourseData,
  notice,
  onDismissNotice,
}: {
  timeline: TimelineView | null;
  running: boolean;
  /** What rebuilding the database from earlier visits will replay ('' when nothing). */
  pendingRebuild: string;
  onEvent: (id: TimelineEventId | 'reset') => void;
  onLoad: () => void;
  /** The data is loading (or the tables rebuilding) now. */
  preparing: boolean;
  /** The lab runs on the student's own CSVs. */
  ownData: boolean;
  /** The files the student picked, confirmed. */
  onOwnFiles: (files: File[]) => void;
  onCourseData: () => void;
  notice: DataNotice | null;
  onDismissNotice: () => void;
}) {
  return (
    <div className="border-b border-slate-200 dark:border-slate-800">
      <div
        role="group"
        aria-label="Data timeline"
        className="flex flex-wrap items-center gap-2 px-3 py-1.5"
      >
        {timeline ? (
          <>
            <span
              className="max-w-[22rem] truncate text-xs text-slate-600 dark:text-slate-400"
              data-testid="lab-data-source"
              title={`The lab runs on ${timeline.source}`}
            >
              Data:{' '}
              <span className="font-medium text-slate-800 dark:text-slate-200">
                {timeline.source}
              </span>
            </span>
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
            <OwnDataControl
              ownData={ownData}
              running={running}
              onOwnFiles={onOwnFiles}
              onCourseData={onCourseData}
            />
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
      {notice && <DataNoticeLine notice={notice} onDismiss={onDismissNotice} />}
    </div>
  );
}

/**
 * "Use my own Olist CSVs…": the student picks the five course files from their disk (Kaggle or
 * short names, `.csv` or `.csv.gz`); they are read in this browser and never uploaded. When the
 * lab already runs on them, the way back to the course data.
 */
function OwnDataControl({
  ownData,
  running,
  onOwnFiles,
  onCourseData,
}: {
  ownData: boolean;
  running: boolean;
  onOwnFiles: (files: File[]) => void;
  onCourseData: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  // A class member is graded by the class's server on the class's data: a grade on other data
  // could not be compared with the server's, so the choice is for self-paced students.
  const inClass = useClassMembership() !== null;
  return (
    <>
      <button
        type="button"
        className={button}
        disabled={running || inClass}
        aria-describedby="own-data-hint"
        data-testid="own-data-pick"
        onClick={() => input.current?.click()}
      >
        {ownData ? 'Pick other CSVs…' : 'Use my own Olist CSVs…'}
      </button>
      {inClass ? (
        <span id="own-data-hint" className="text-xs text-slate-600 dark:text-slate-400">
          In a class the lab runs on the class&apos;s data, the data your instructor&apos;s server
          grades on.
        </span>
      ) : (
        <span id="own-data-hint" className="sr-only">
          Pick the five course files (orders, customers, order items, payments, products;
          Kaggle&apos;s names or short ones, .csv or .csv.gz). They are read in this browser and
          never uploaded.
        </span>
      )}
      <input
        ref={input}
        type="file"
        multiple
        accept=".csv,.gz"
        className="hidden"
        tabIndex={-1}
        aria-label="Your Olist CSV files"
        data-testid="own-data-input"
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = ''; // the same files can be picked again
          if (files.length === 0) return;
          const names = files.map((f) => f.name).join(', ');
          if (
            window.confirm(
              `Run the lab on ${files.length === 1 ? 'this file' : `these ${files.length} files`} (${names})? They are read in this browser, never uploaded. The data starts again at a cut-off computed from them and Day 10's project is rebuilt on it (your fct_orders table is replaced by the starter's); your files are kept. If a file is bad, nothing changes.`,
            )
          )
            onOwnFiles(files);
        }}
      />
      {ownData && (
        <button
          type="button"
          className={button}
          disabled={running}
          title="Run the lab on the course's data again"
          onClick={() => {
            if (
              window.confirm(
                "Go back to the course data? The data starts again at its cut-off and Day 10's project is rebuilt on it (your fct_orders table is replaced by the starter's); your files are kept.",
              )
            )
              onCourseData();
          }}
        >
          Back to the course data
        </button>
      )}
    </>
  );
}

function DataNoticeLine({ notice, onDismiss }: { notice: DataNotice; onDismiss: () => void }) {
  const error = notice.kind === 'error';
  return (
    <div
      role={error ? 'alert' : 'status'}
      data-testid="data-notice"
      data-kind={notice.kind}
      className={`flex items-start gap-2 px-3 py-1.5 text-xs ${
        error
          ? 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100'
          : 'bg-sky-50 text-sky-900 dark:bg-sky-950 dark:text-sky-100'
      }`}
    >
      <p className="min-w-0 flex-1 break-words whitespace-pre-wrap">{notice.text}</p>
      <button
        type="button"
        onClick={onDismiss}
        className="rounded px-1 hover:bg-black/10 dark:hover:bg-white/10"
        aria-label="Dismiss this message"
      >
        ×
      </button>
    </div>
  );
}
