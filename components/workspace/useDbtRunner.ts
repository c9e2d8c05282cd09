'use client';

import { useCallback, useRef, useState } from 'react';
import type { EngineState } from '@/components/engine/useBrowserEngine';
import type { TimelineEventId, TimelineEventInfo } from '@/lib/data/types';
import type { DbtResult, ProjectFiles, ShowResult } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import { errorMarkers, type EditorMarker } from '@/lib/workspace/markers';

export interface LogLine {
  id: number;
  kind: 'command' | 'log' | 'error' | 'info';
  text: string;
}

export interface TimelineView {
  clock: string;
  events: TimelineEventInfo[];
}

/** dbt's error headlines (the engine writes them into the log like any other line). */
const ERROR_LINE = /\b(Compilation|Runtime|Database|Parser|Binder|Catalog|Conversion) Error\b/;

/** Lines kept in the terminal: older ones scroll away, as in a real terminal's scrollback. */
const SCROLLBACK = 3000;

export interface DbtRunner {
  lines: LogLine[];
  running: boolean;
  markers: EditorMarker[];
  /** The last `dbt show` preview, for the Results tab. */
  show: { title: string; result: ShowResult } | null;
  /** The lab clock and the data events, once the course data is loaded. */
  timeline: TimelineView | null;
  run: (argv: string[], display: string) => Promise<DbtResult | null>;
  applyEvent: (id: TimelineEventId | 'reset') => Promise<void>;
  /** Starts DuckDB and loads the course data now instead of on the first command. */
  loadData: () => Promise<void>;
  print: (text: string, kind?: LogLine['kind']) => void;
  clear: () => void;
  stop: () => void;
}

function loadModules() {
  return Promise.all([
    import('@/lib/dbt'),
    import('@/lib/data'),
    import('@/lib/workspace/course-data'),
    import('@/lib/engine/browser-engine'),
  ]);
}

/**
 * Runs dbt commands and data events in the page's DuckDB: loads the course data on first use,
 * streams the log line by line, keeps the errors as editor markers and the last `show` result.
 * One thing runs at a time; Stop interrupts the running query.
 */
export function useDbtRunner(engineState: EngineState, getFiles: () => ProjectFiles): DbtRunner {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [running, setRunning] = useState(false);
  const [markers, setMarkers] = useState<EditorMarker[]>([]);
  const [show, setShow] = useState<DbtRunner['show']>(null);
  const [timeline, setTimeline] = useState<TimelineView | null>(null);
  const nextId = useRef(0);
  const busy = useRef(false);
  const connectionRef = useRef<Connection | null>(null);

  const print = useCallback((text: string, kind: LogLine['kind'] = 'log') => {
    const added = text.split('\n').map((t) => ({ id: nextId.current++, kind, text: t }));
    setLines((prev) => [...prev, ...added].slice(-SCROLLBACK));
  }, []);

  /** Runs `work` with the busy guard, the engine started and the course data loaded. */
  const withData = useCallback(
    async <T>(
      display: string,
      work: (ctx: {
        connection: Connection;
        clock: string | undefined;
        modules: Awaited<ReturnType<typeof loadModules>>;
      }) => Promise<T>,
    ): Promise<T | null> => {
      print(`$ ${display}`, 'command');
      if (busy.current) {
        print('A command is still running: wait for it or press Stop.', 'error');
        return null;
      }
      busy.current = true;
      setRunning(true);
      try {
        const modules = await loadModules();
        const [, data, { ensureWorkspaceData }, browser] = modules;
        // A command typed while DuckDB boots waits for it (the start is shared, see browser-engine).
        if (engineState.status !== 'ready') print('Waiting for DuckDB to start…', 'info');
        const connection = (await browser.startBrowserEngine()).connection;
        connectionRef.current = connection;
        const clock = await ensureWorkspaceData(connection, (line) => print(line, 'info'));
        const result = await work({ connection, clock, modules });
        if (clock !== undefined)
          setTimeline({
            clock: await data.getLabClock(connection),
            events: await data.listTimelineEvents(connection),
          });
        return result;
      } catch (error) {
        print(error instanceof Error ? error.message : String(error), 'error');
        return null;
      } finally {
        busy.current = false;
        setRunning(false);
      }
    },
    [engineState.status, print],
  );

  const run = useCallback(
    async (argv: string[], display: string): Promise<DbtResult | null> => {
      const [{ parseArgs, USAGE, UsageError }] = await loadModules();
      const parsed = parseArgs(argv);
      if (parsed instanceof UsageError || parsed.command === 'help') {
        print(`$ ${display}`, 'command');
        print(
          parsed instanceof UsageError ? parsed.message : USAGE,
          parsed instanceof UsageError ? 'error' : 'info',
        );
        return null;
      }
      return withData(display, async ({ connection, clock, modules: [{ runDbt }] }) => {
        const files = getFiles();
        const result = await runDbt(parsed, {
          connection,
          files,
          clock,
          onLog: (line) => print(line, ERROR_LINE.test(line) ? 'error' : 'log'),
        });
        // The engine writes errors and `ls` output to the log itself.
        if (parsed.command === 'show' && result.show)
          setShow({ title: display, result: result.show });
        setMarkers(errorMarkers(result, files));
        return result;
      });
    },
    [getFiles, print, withData],
  );

  const applyEvent = useCallback(
    async (id: TimelineEventId | 'reset') => {
      const label = id === 'reset' ? 'reset the data to the cut-off' : `data event: ${id}`;
      await withData(label, async ({ connection, modules: [, data] }) => {
        if (id === 'reset') {
          await data.resetTimeline(connection);
          print(
            `Data reset to the initial load; lab clock ${await data.getLabClock(connection)}. Models built earlier are still there: rebuild with --full-refresh.`,
            'info',
          );
          return;
        }
        const effect = await data.applyTimelineEvent(connection, id);
        print(`${effect.title}: ${effect.summary}`, 'info');
        for (const change of effect.changed)
          print(
            `  raw.${change.table}: ${change.inserted} inserted, ${change.updated} updated`,
            'info',
          );
        print(`Lab clock now ${effect.clock}`, 'info');
      });
    },
    [print, withData],
  );

  const loadData = useCallback(async () => {
    await withData('load the course data', async () => undefined);
  }, [withData]);

  const stop = useCallback(() => {
    if (!connectionRef.current || !busy.current) return;
    print('Stopping…', 'info');
    void connectionRef.current.cancel();
  }, [print]);

  const clear = useCallback(() => setLines([]), []);

  return { lines, running, markers, show, timeline, run, applyEvent, loadData, print, clear, stop };
}
