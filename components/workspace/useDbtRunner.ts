'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { EngineState } from '@/components/engine/useBrowserEngine';
import type { DataSource, TimelineEventId, TimelineEventInfo } from '@/lib/data/types';
import type { DbtResult, ProjectFiles, ShowResult } from '@/lib/dbt/types';
import type { Connection } from '@/lib/engine/connection';
import {
  appendEntry,
  changesDatabase,
  describeSummary,
  EMPTY_JOURNAL,
  loadJournal,
  saveJournal,
  sqlMayWrite,
  summarizeJournal,
  type Journal,
  type JournalEntry,
} from '@/lib/workspace/db-journal';
import { readCatalog, type CatalogRelation } from '@/lib/workspace/catalog';
import { openBrowserStore, type KeyValueStore } from '@/lib/workspace/kv-store';
import { cacheForOffline } from '@/lib/offline/client';
import { KEPT_DATA_FLAG } from '@/lib/engine/early-start';
import {
  clearStamp,
  dropScratchSchemas,
  emptyDatabase,
  isEmptyDatabase,
  journalDigest,
  readStamp,
  sameStamp,
  writeStamp,
} from '@/lib/workspace/kept-database';
import { errorMarkers, type EditorMarker } from '@/lib/workspace/markers';

export interface LogLine {
  id: number;
  kind: 'command' | 'log' | 'error' | 'info' | 'warning';
  text: string;
}

export interface TimelineView {
  clock: string;
  events: TimelineEventInfo[];
  /** The data the lab runs on, in words (`generated (scale 1, seed 42)`, `the real Olist CSVs…`). */
  source: string;
}

/** A message about the lab's data for the timeline area (a bad file, files the browser kept or not). */
export interface DataNotice {
  kind: 'error' | 'info';
  text: string;
}

/** dbt's error headlines (the engine writes them into the log like any other line). */
const ERROR_LINE = /\b(Compilation|Runtime|Database|Parser|Binder|Catalog|Conversion) Error\b/;

/** dbt's warnings, the logic-change guard's among them. */
const WARNING_LINE = /\[WARNING\]/;

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
  /**
   * The student's own Olist CSVs, picked from their disk: read in the browser, checked, and loaded
   * in place of the course data (Day 10's project built again on them). A bad file changes nothing.
   */
  loadOwnFiles: (files: File[]) => Promise<void>;
  /** Back from the student's own CSVs to the course data. */
  backToCourseData: () => Promise<void>;
  /** The student's own CSVs when the lab runs on them (the Grade tab grades on the same), else null. */
  ownData: DataSource | null;
  /** The last message about the data (cleared by the next data action). */
  dataNotice: DataNotice | null;
  dismissDataNotice: () => void;
  /** Starts DuckDB and loads the course data now instead of on the first command. */
  loadData: () => Promise<void>;
  /**
   * Engine, data and rebuild ready, without a command line in the log: the lab calls it on open, and
   * the SQL console before each query (quick once done). Errors go to the log.
   */
  prepare: () => Promise<void>;
  /** `prepare` is loading the data (or rebuilding the tables) right now. */
  preparing: boolean;
  /** Journals a console statement that may have changed the database. */
  recordSql: (sql: string) => void;
  /** What a rebuild after this reload will replay, before the data is loaded ('' when nothing). */
  pendingRebuild: string;
  /** The database's relations and columns after the last command, for column completion. */
  catalog: CatalogRelation[];
  /**
   * Runs `work` on the lab's database under the same busy guard as a command (the engine started
   * and the data loaded first), without a log line or a journal entry: for tools that only read the
   * student's tables (the strategy explainer works on a scratch schema it drops). `{ busy: true }`
   * when a command is running; `work`'s errors are thrown.
   */
  withConnection: <T>(
    work: (ctx: { connection: Connection; clock: string | undefined }) => Promise<T>,
  ) => Promise<{ busy: true } | { busy: false; value: T }>;
  print: (text: string, kind?: LogLine['kind']) => void;
  clear: () => void;
  stop: () => void;
}

/** A class member's progress goes to the server in the background (nothing waits for it). */
function reportToClass(kind: 'dbt_command' | 'data_event', payload: unknown): void {
  void import('@/lib/workspace/class-sync')
    .then(({ classSync }) => classSync())
    .then((sync) => sync.recordEvent(kind, payload))
    .catch(() => undefined);
}

function loadModules() {
  return Promise.all([
    import('@/lib/dbt'),
    import('@/lib/data'),
    import('@/lib/workspace/course-data'),
    import('@/lib/engine/browser-engine'),
    import('@/lib/workspace/replay'),
    import('@/lib/workspace/day10'),
    import('@/lib/workspace/own-data'),
  ]);
}

type Modules = Awaited<ReturnType<typeof loadModules>>;

/** DuckDB-WASM's registered files, where the student's own CSVs go. */
function browserRegistry([, , , browser]: Modules) {
  return { register: browser.registerFileBytes, drop: browser.dropRegisteredFile };
}

const count = (value: number) => value.toLocaleString('en-US');

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface RunnerOptions {
  /** The starter project: what Day 10's state is built from, after a data load or reset. */
  starter: ProjectFiles;
  /** Each finished build command (`run`, `build`, `seed`) with the lab clock it ran at. */
  onBuilt?: (result: DbtResult, clock: string | undefined) => void;
}

/**
 * Runs dbt commands and data events in the page's DuckDB: loads the course data on first use,
 * streams the log line by line, keeps the errors as editor markers and the last `show` result.
 * One thing runs at a time; Stop interrupts the running query.
 */
export function useDbtRunner(
  engineState: EngineState,
  getFiles: () => ProjectFiles,
  { starter, onBuilt }: RunnerOptions,
): DbtRunner {
  const [lines, setLines] = useState<LogLine[]>([]);
  const [running, setRunning] = useState(false);
  const [markers, setMarkers] = useState<EditorMarker[]>([]);
  const [show, setShow] = useState<DbtRunner['show']>(null);
  const [timeline, setTimeline] = useState<TimelineView | null>(null);
  const nextId = useRef(0);
  const busy = useRef(false);
  const connectionRef = useRef<Connection | null>(null);
  const store = useRef<KeyValueStore | null>(null);
  const journal = useRef<Journal>(EMPTY_JOURNAL);
  const journalLoaded = useRef<Promise<void>>(Promise.resolve());
  const [pendingRebuild, setPendingRebuild] = useState('');
  const [catalog, setCatalog] = useState<CatalogRelation[]>([]);
  const [preparing, setPreparing] = useState(false);
  const [ownData, setOwnData] = useState<DataSource | null>(null);
  const [dataNotice, setDataNotice] = useState<DataNotice | null>(null);
  /** The student's own CSVs registered with DuckDB, while the lab runs on them. */
  const ownFiles = useRef<{ source: DataSource; release: () => Promise<void> } | null>(null);
  /**
   * The kept database (see kept-database.ts): the build's code digest and data file while the
   * engine's database is kept in this browser (null in memory, or without a manifest to check
   * against), the data its tables grow from now, and the check made once per page.
   */
  const keptDb = useRef<{ code: string; file: string } | null>(null);
  const courseFile = useRef('none');
  const dataKey = useRef('none');
  const keptCheck = useRef<Promise<void> | null>(null);
  /** Journal saves and stamps, in order: a stamp follows the journal it describes. */
  const persisting = useRef<Promise<void>>(Promise.resolve());

  const viewsRead = useRef(false);

  /**
   * The lab clock, the events available now and the relations for completion: read after each
   * command or console statement that may change them, and once when the data is ready.
   */
  const refreshViews = useCallback(async (connection: Connection) => {
    const [, data] = await loadModules();
    setTimeline({
      clock: await data.getLabClock(connection),
      events: await data.listTimelineEvents(connection),
      source: (await data.readTimelineState(connection)).source,
    });
    setCatalog(await readCatalog(connection));
    viewsRead.current = true;
  }, []);

  // The journal of this browser's earlier visits: replayed once the data is loaded in this page.
  useEffect(() => {
    store.current = openBrowserStore();
    journalLoaded.current = loadJournal(store.current)
      .then((saved) => {
        journal.current = saved;
        setPendingRebuild(describeSummary(summarizeJournal(saved)));
      })
      .catch(() => undefined); // unreadable: the database starts fresh, the files are unaffected
  }, []);

  /** Stamps the kept database with the journal as it is now (nothing when it is not kept). */
  const stampKept = useCallback(async () => {
    const connection = connectionRef.current;
    if (!keptDb.current || !connection) return;
    await writeStamp(connection, {
      code: keptDb.current.code,
      data: dataKey.current,
      journal: await journalDigest(journal.current),
    });
    try {
      localStorage.setItem(KEPT_DATA_FLAG, keptDb.current.file);
    } catch {
      // storage refused: the page then downloads the data it does not need
    }
  }, []);

  /** Saves the journal, then stamps the kept database with it. */
  const persist = useCallback(() => {
    const saved = journal.current;
    persisting.current = persisting.current
      .then(async () => {
        if (store.current) await saveJournal(store.current, saved);
        if (journal.current === saved) await stampKept();
      })
      .catch(() => undefined);
    return persisting.current;
  }, [stampKept]);

  /**
   * Before a step that changes several relations: a kept database stops claiming to match the
   * journal until the step is over and journaled (a tab closed halfway leaves it to be rebuilt).
   */
  const unstamp = useCallback(async (connection: Connection) => {
    if (!keptDb.current) return;
    await persisting.current;
    await clearStamp(connection);
  }, []);

  const record = useCallback(
    (entry: JournalEntry) => {
      journal.current = appendEntry(journal.current, entry);
      void persist();
    },
    [persist],
  );

  const print = useCallback((text: string, kind: LogLine['kind'] = 'log') => {
    const added = text.split('\n').map((t) => ({ id: nextId.current++, kind, text: t }));
    setLines((prev) => [...prev, ...added].slice(-SCROLLBACK));
  }, []);

  /** Starts DuckDB (a command typed while it boots waits for it: the start is shared). */
  const connect = useCallback(
    async ([, , , browser]: Modules) => {
      if (engineState.status !== 'ready') print('Waiting for DuckDB to start…', 'info');
      const connection = (await browser.startBrowserEngine()).connection;
      connectionRef.current = connection;
      return connection;
    },
    [engineState.status, print],
  );

  /**
   * Once per page, when the engine's database is kept in this browser: opens the tables as the last
   * visit left them when its stamp matches this journal, this build and this data; else empties
   * the database, for the data to be loaded and the journal replayed as without one.
   */
  const openKept = useCallback(
    async (connection: Connection, modules: Modules) => {
      const [, , course, browser, , , own] = modules;
      const [engine, manifest] = await Promise.all([
        browser.startBrowserEngine(),
        course.readManifestStamp(),
      ]);
      courseFile.current = manifest?.file ?? 'none';
      dataKey.current = courseFile.current;
      if (engine.storage.kind === 'memory') {
        if (engine.storage.reason === 'the lab is open in another tab')
          print(
            'The lab is open in another tab, which holds the tables kept in this browser: this tab builds its own in memory.',
            'info',
          );
        return;
      }
      keptDb.current = manifest?.code ? { code: manifest.code, file: manifest.file } : null;
      const stamp = await readStamp(connection);
      const saved = store.current ? await own.readOwnData(store.current).catch(() => null) : null;
      const data = saved && !saved.notKept ? `own:${saved.digest}` : courseFile.current;
      if (
        keptDb.current &&
        sameStamp(stamp, {
          code: keptDb.current.code,
          data,
          journal: await journalDigest(journal.current),
        })
      ) {
        try {
          if (saved && !saved.notKept) {
            const registered = await own.registerOwnFiles(browserRegistry(modules), saved.files);
            ownFiles.current = registered;
            setOwnData(registered.source);
          }
          dataKey.current = data;
          await dropScratchSchemas(connection);
          const steps = describeSummary(summarizeJournal(journal.current));
          print(
            `Opened your tables as you left them (kept in this browser${steps ? `, after ${steps}` : ''}).`,
            'info',
          );
          setPendingRebuild('');
          return;
        } catch {
          // the own files cannot be read again: rebuilt below, on the course data
        }
      }
      if (stamp)
        print(
          'The tables kept in this browser are not those of your journal or of this version of the lab: building them again.',
          'info',
        );
      try {
        localStorage.removeItem(KEPT_DATA_FLAG);
      } catch {
        // nothing kept to forget
      }
      // a new file (the first visit) has nothing to empty
      if (stamp || !(await isEmptyDatabase(connection))) await emptyDatabase(connection);
    },
    [print],
  );

  /**
   * Loads the course data on first use in this page, then rebuilds the student's tables from the
   * journal of earlier visits (see db-journal.ts). A kept database that holds them already is
   * opened as it is.
   */
  const ensureData = useCallback(
    async (connection: Connection, modules: Modules) => {
      const [, , { ensureWorkspaceData }, browser, { replayJournal }, { buildDay10 }, own] =
        modules;
      await journalLoaded.current;
      keptCheck.current ??= openKept(connection, modules).catch(() => {
        keptDb.current = null; // the database stays as it is, and is not stamped
      });
      await keptCheck.current;
      browser.mark('lab:kept-checked');
      const afterLoad = async () => {
        // Where the course's students are when Day 11 starts: the starter project built.
        const day10 = await buildDay10(connection, starter);
        print(day10.line, day10.ok ? 'info' : 'error');
        const saved = journal.current;
        setPendingRebuild('');
        if (saved.entries.length === 0) return;
        print(
          `Rebuilding your tables from your earlier work: replaying ${describeSummary(summarizeJournal(saved))}, with your files as they are now…`,
          'info',
        );
        if (saved.truncated)
          print(
            'The oldest steps were dropped (the journal keeps the last 200): if counts look off, rebuild with --full-refresh.',
            'info',
          );
        const outcome = await replayJournal(
          connection,
          getFiles(),
          starter,
          saved,
          (done, total, what) => print(`  [${done + 1}/${total}] ${what}`, 'info'),
        );
        for (const failure of outcome.failures)
          print(`  failed again: ${failure.message.split('\n')[0]}`, 'error');
        print(`Rebuilt in ${(outcome.ms / 1000).toFixed(1)}s.`, 'info');
      };
      const loadThenKeep = async () => {
        await afterLoad();
        // The kept database now holds what the journal says: stamped (and checkpointed) behind
        // the lab's first queries rather than before them; a step's unstamp waits for it.
        void persist();
      };
      const clock = await ensureWorkspaceData(connection, (line) => print(line, 'info'), {
        afterLoad: loadThenKeep,
        attachFile: browser.attachDatabaseFile,
        // The student's own CSVs when they picked some on an earlier visit (see own-data.ts).
        chooseSource: async () => {
          const kept = store.current ? await own.readOwnData(store.current) : null;
          if (!kept) return undefined;
          if (kept.notKept)
            throw new Error(`this browser could not keep your files (${kept.notKept.join(', ')})`);
          const registered = await own.registerOwnFiles(browserRegistry(modules), kept.files);
          ownFiles.current = registered;
          setOwnData(registered.source);
          dataKey.current = `own:${registered.digest}`;
          return registered.source;
        },
        onChosenFailed: async (error) => {
          await ownFiles.current?.release();
          ownFiles.current = null;
          setOwnData(null);
          dataKey.current = courseFile.current;
          if (store.current) await own.forgetOwnData(store.current).catch(() => undefined);
          const text = `Your own Olist CSVs could not be loaded again: ${messageOf(error)}. The lab runs on the course data; pick them again with "Use my own Olist CSVs…".`;
          setDataNotice({ kind: 'info', text });
          return text;
        },
      });
      browser.mark('lab:data-ready');
      // Keep what this visit fetched for the next one, with or without a network (the data file
      // too when the kept database made its download unnecessary: a later visit may need it).
      const dataFile = courseFile.current === 'none' ? [] : [`/data/${courseFile.current}`];
      void cacheForOffline(['/lab', ...browser.servedEngineFiles(), ...dataFile]);
      return clock;
    },
    [getFiles, openKept, persist, print, starter],
  );

  /** The engine started, the course data loaded and the tables of earlier visits rebuilt. */
  const ready = useCallback(async () => {
    const modules = await loadModules();
    const connection = await connect(modules);
    const clock = await ensureData(connection, modules);
    return { modules, connection, clock };
  }, [connect, ensureData]);

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
      let refresh: (() => Promise<void>) | null = null;
      try {
        const { modules, connection, clock } = await ready();
        const result = await work({ connection, clock, modules });
        if (clock !== undefined) refresh = () => refreshViews(connection);
        return result;
      } catch (error) {
        print(error instanceof Error ? error.message : String(error), 'error');
        return null;
      } finally {
        busy.current = false;
        setRunning(false);
        // The clock and completion are read once the command is over: a command typed the moment
        // the log finishes must not be turned away. The connection queues it behind these reads.
        if (refresh) void refresh().catch(() => undefined);
      }
    },
    [print, ready, refreshViews],
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
        const builds = changesDatabase(parsed.command);
        if (builds) await unstamp(connection);
        const result = await runDbt(parsed, {
          connection,
          files,
          clock,
          profile: true, // rows read per table, for the run chart
          windowColumn: 'order_purchase_ts', // the window each build read, for the run chart
          onLog: (line) =>
            print(
              line,
              ERROR_LINE.test(line) ? 'error' : WARNING_LINE.test(line) ? 'warning' : 'log',
            ),
        });
        reportToClass('dbt_command', {
          command: display.slice(0, 400),
          exitCode: result.exitCode,
          results: result.results.slice(0, 100).map((r) => ({
            name: r.name,
            status: r.status,
            ...(r.rows && { rows: r.rows }),
            ...(r.logicChanged && { logicChanged: true }),
          })),
        });
        if (builds) {
          record({ kind: 'dbt', argv });
          onBuilt?.(result, clock);
        }
        // The engine writes errors and `ls` output to the log itself.
        if (parsed.command === 'show' && result.show)
          setShow({ title: display, result: result.show });
        setMarkers(errorMarkers(result, files));
        return result;
      });
    },
    [getFiles, onBuilt, print, record, unstamp, withData],
  );

  const applyEvent = useCallback(
    async (id: TimelineEventId | 'reset') => {
      const label = id === 'reset' ? "reset the database to Day 10's state" : `data event: ${id}`;
      await withData(label, async ({ connection, modules: [, data, , , , day10] }) => {
        await unstamp(connection);
        if (id === 'reset') {
          const outcome = await day10.resetToDay10(connection, starter);
          record({ kind: 'reset-data' });
          reportToClass('data_event', { event: 'reset' });
          print(
            `Data reset to the initial load; lab clock ${await data.getLabClock(connection)}.`,
            'info',
          );
          print(outcome.line, outcome.ok ? 'info' : 'error');
          return;
        }
        const effect = await data.applyTimelineEvent(connection, id);
        record({ kind: 'event', id });
        reportToClass('data_event', { event: id });
        print(`${effect.title}: ${effect.summary}`, 'info');
        for (const change of effect.changed)
          print(
            `  raw.${change.table}: ${change.inserted} inserted, ${change.updated} updated`,
            'info',
          );
        print(`Lab clock now ${effect.clock}`, 'info');
      });
    },
    [print, record, starter, unstamp, withData],
  );

  /** The journal starts again: the tables now grow from other data (see db-journal.ts). */
  const restartJournal = useCallback(async () => {
    journal.current = EMPTY_JOURNAL;
    setPendingRebuild('');
    await persist();
  }, [persist]);

  const loadOwnFiles = useCallback(
    async (picked: File[]) => {
      setDataNotice(null);
      let failure: string | null = null;
      await withData(
        `use my own Olist CSVs (${picked.map((f) => f.name).join(', ')})`,
        async ({ connection, modules }) => {
          const [, , , browser, , day10, own] = modules;
          try {
            const { files, ignored } = own.sortPicked(
              picked.map((file) => ({ name: file.name, blob: file })),
            );
            if (ignored.length) print(`Not course files, left out: ${ignored.join(', ')}`, 'info');
            print(
              `Reading ${own.describeFiles(files)} in this browser (nothing is uploaded) and checking them on a separate database…`,
              'info',
            );
            const started = Date.now();
            const registered = await own.registerOwnFiles(browserRegistry(modules), files);
            let info;
            await unstamp(connection);
            try {
              info = await own.loadOwnData(connection, registered.source, async (alias) => ({
                connection: await browser.openFreshDatabase(alias),
                attach: async () => undefined, // the same engine: already there
              }));
            } catch (error) {
              await registered.release();
              void persist(); // the tables are as they were: kept as such again
              throw error;
            }
            const previous = ownFiles.current;
            ownFiles.current = registered;
            await previous?.release();
            setOwnData(registered.source);
            dataKey.current = `own:${registered.digest}`;
            reportToClass('data_event', { event: 'own_data' });
            print(
              `Loaded ${info.source} up to the cut-off ${info.cutoffDay} in ${((Date.now() - started) / 1000).toFixed(1)}s: ${count(info.rowCounts.orders)} orders so far; lab clock ${info.clock}`,
              'info',
            );
            const outcome = await day10.buildDay10(connection, starter);
            print(outcome.line, outcome.ok ? 'info' : 'error');
            const kept = store.current
              ? await own
                  .saveOwnData(store.current, { digest: registered.digest, files })
                  .then(() => true)
                  .catch(() => false)
              : false;
            const where = kept
              ? 'Your files are kept in this browser: the lab opens on them next time too.'
              : 'This browser could not keep your files (storage full or not allowed): after a reload the lab runs on the course data and you pick them again.';
            print(where, 'info');
            await restartJournal(); // and the kept database holds this data's Day 10
            setDataNotice({
              kind: 'info',
              text: `The lab runs on your own Olist CSVs (${count(info.rowCounts.orders)} orders up to ${info.cutoffDay}). ${where}`,
            });
          } catch (error) {
            failure = messageOf(error);
            throw error;
          }
        },
      );
      if (failure)
        setDataNotice({
          kind: 'error',
          text: `Your files were not loaded: ${failure} Your data and tables are as they were.`,
        });
    },
    [persist, print, restartJournal, starter, unstamp, withData],
  );

  const backToCourseData = useCallback(async () => {
    setDataNotice(null);
    await withData('go back to the course data', async ({ connection, modules }) => {
      const [, , course, browser, , day10, own] = modules;
      await unstamp(connection);
      const info = await course.loadCourseData(
        connection,
        (line) => print(line, 'info'),
        browser.attachDatabaseFile,
      );
      await ownFiles.current?.release();
      ownFiles.current = null;
      setOwnData(null);
      dataKey.current = courseFile.current;
      if (store.current) await own.forgetOwnData(store.current).catch(() => undefined);
      reportToClass('data_event', { event: 'course_data' });
      print(
        `Loaded the course data (${info.source}) up to ${info.cutoffDay}; lab clock ${info.clock}`,
        'info',
      );
      const outcome = await day10.buildDay10(connection, starter);
      print(outcome.line, outcome.ok ? 'info' : 'error');
      await restartJournal();
    });
  }, [print, restartJournal, starter, unstamp, withData]);

  const dismissDataNotice = useCallback(() => setDataNotice(null), []);

  const loadData = useCallback(async () => {
    await withData('load the course data', async () => undefined);
  }, [withData]);

  const prepare = useCallback(async () => {
    setPreparing(true);
    try {
      const { connection, clock } = await ready();
      // Commands keep the views current; the SQL console calls this before every query.
      if (clock !== undefined && !viewsRead.current) await refreshViews(connection);
    } catch (error) {
      print(error instanceof Error ? error.message : String(error), 'error');
      throw error;
    } finally {
      setPreparing(false);
    }
  }, [print, ready, refreshViews]);

  const recordSql = useCallback(
    (sql: string) => {
      if (!sqlMayWrite(sql)) return;
      record({ kind: 'sql', sql });
      // A table made or a timestamp moved in the console shows in completion and on the clock.
      const connection = connectionRef.current;
      if (connection && viewsRead.current) void refreshViews(connection).catch(() => undefined);
    },
    [record, refreshViews],
  );

  const withConnection = useCallback(
    async <T>(
      work: (ctx: { connection: Connection; clock: string | undefined }) => Promise<T>,
    ): Promise<{ busy: true } | { busy: false; value: T }> => {
      if (busy.current) return { busy: true };
      busy.current = true;
      setRunning(true);
      try {
        const { connection, clock } = await ready();
        return { busy: false, value: await work({ connection, clock }) };
      } finally {
        busy.current = false;
        setRunning(false);
      }
    },
    [ready],
  );

  const stop = useCallback(() => {
    if (!connectionRef.current || !busy.current) return;
    print('Stopping…', 'info');
    void connectionRef.current.cancel();
  }, [print]);

  const clear = useCallback(() => setLines([]), []);

  return {
    lines,
    running,
    markers,
    show,
    timeline,
    run,
    applyEvent,
    loadOwnFiles,
    backToCourseData,
    ownData,
    dataNotice,
    dismissDataNotice,
    loadData,
    prepare,
    preparing,
    recordSql,
    pendingRebuild,
    catalog,
    withConnection,
    print,
    clear,
    stop,
  };
}
