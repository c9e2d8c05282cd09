'use client';

import { useCallback, useRef, useState } from 'react';
import type { EngineState } from '@/components/engine/useBrowserEngine';
import type { Connection } from '@/lib/engine/connection';
import type { DbtResult, ProjectFiles, ShowResult } from '@/lib/dbt/types';
import { errorMarkers, type EditorMarker } from '@/lib/workspace/markers';

export interface LogLine {
  id: number;
  kind: 'command' | 'log' | 'error' | 'info';
  text: string;
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
  run: (argv: string[], display: string) => Promise<DbtResult | null>;
  print: (text: string, kind?: LogLine['kind']) => void;
  clear: () => void;
  stop: () => void;
}

/**
 * Runs dbt commands in the page's DuckDB: loads the course data on first use, streams the log line
 * by line, keeps the errors as editor markers and the last `show` result for the grid.
 */
export function useDbtRunner(engineState: EngineState, getFiles: () => ProjectFiles): DbtRunner {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [running, setRunning] = useState(false);
  const [markers, setMarkers] = useState<EditorMarker[]>([]);
  const [show, setShow] = useState<DbtRunner['show']>(null);
  const nextId = useRef(0);
  const busy = useRef(false);

  const print = useCallback((text: string, kind: LogLine['kind'] = 'log') => {
    const added = text.split('\n').map((t) => ({ id: nextId.current++, kind, text: t }));
    setLines((prev) => [...prev, ...added].slice(-SCROLLBACK));
  }, []);

  const connectionRef = useRef<Connection | null>(null);

  const run = useCallback(
    async (argv: string[], display: string): Promise<DbtResult | null> => {
      print(`$ ${display}`, 'command');
      if (busy.current) {
        print('A command is still running: wait for it or press Stop.', 'error');
        return null;
      }
      busy.current = true;
      setRunning(true);
      try {
        const [{ parseArgs, runDbt, USAGE, UsageError }, { ensureWorkspaceData }, browser] =
          await Promise.all([
            import('@/lib/dbt'),
            import('@/lib/workspace/course-data'),
            import('@/lib/engine/browser-engine'),
          ]);
        const parsed = parseArgs(argv);
        if (parsed instanceof UsageError) {
          print(parsed.message, 'error');
          return null;
        }
        if (parsed.command === 'help') {
          print(USAGE, 'info');
          return null;
        }
        // A command typed while DuckDB boots waits for it (the start is shared, see browser-engine).
        if (engineState.status !== 'ready') print('Waiting for DuckDB to start…', 'info');
        const connection = (await browser.startBrowserEngine()).connection;
        connectionRef.current = connection;
        const clock = await ensureWorkspaceData(connection, (line) => print(line, 'info'));
        const result = await runDbt(parsed, {
          connection,
          files: getFiles(),
          clock,
          onLog: (line) => print(line, ERROR_LINE.test(line) ? 'error' : 'log'),
        });
        // The engine writes errors and `ls` output to the log itself.
        if (parsed.command === 'show' && result.show)
          setShow({ title: display, result: result.show });
        setMarkers(errorMarkers(result));
        return result;
      } catch (error) {
        print(error instanceof Error ? error.message : String(error), 'error');
        return null;
      } finally {
        busy.current = false;
        setRunning(false);
      }
    },
    [engineState.status, getFiles, print],
  );

  const stop = useCallback(() => {
    if (!connectionRef.current || !busy.current) return;
    print('Stopping…', 'info');
    void connectionRef.current.cancel();
  }, [print]);

  const clear = useCallback(() => setLines([]), []);

  return { lines, running, markers, show, run, print, clear, stop };
}
