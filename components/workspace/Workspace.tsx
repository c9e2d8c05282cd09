'use client';

import dynamic from 'next/dynamic';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useBrowserEngine } from '@/components/engine/useBrowserEngine';
import { requestWorkspaceDatabase } from '@/lib/engine/database-choice';
import { SqlConsole } from '@/components/sql-console/SqlConsole';
import type { ProjectFiles } from '@/lib/dbt/types';
import { parseTerminalLine } from '@/lib/workspace/command-line';
import { exercisePaths, isExercise, withExerciseAsModel } from '@/lib/workspace/exercises';
import { modelNameFor } from '@/lib/workspace/markers';
import {
  addHistory,
  currentFiles,
  editFile,
  fileText,
  isEdited,
  openFile,
  resetAll,
  resetFile,
} from '@/lib/workspace/workspace-state';
import { zipTextFiles } from '@/lib/workspace/zip';
import type { ExternalEdit } from './CodeEditor';
import { CompiledSqlPanel } from './CompiledSqlPanel';
import { DataTimeline } from './DataTimeline';
import { EditorPane } from './EditorPane';
import { FileTree } from './FileTree';
import { GradeTab } from './GradeTab';
import { ResultsPanel } from './ResultsPanel';
import { focusTarget, regionForShortcut, type LabRegion } from './lab-focus';
import { LabSkipLinks } from './LabSkipLinks';
import { Splitter } from './Splitter';
import { Tabs } from './Tabs';
import { Terminal } from './Terminal';
import { useDbtRunner } from './useDbtRunner';
import { useRunHistory } from './useRunHistory';
import { useWorkspace } from './useWorkspace';
import { WorkspaceToolbar } from './WorkspaceToolbar';

// The lineage parses the project with the engine's Jinja: loaded when its tab first opens.
const LineagePanel = dynamic(() => import('./LineagePanel'), { ssr: false, loading: () => null });

// The run chart draws with recharts: loaded when its tab first opens.
const RunChart = dynamic(() => import('./RunChart').then((m) => m.RunChart), {
  ssr: false,
  loading: () => null,
});

// The strategy explainer and the lateness lab load with their tabs, and stay mounted once opened.
const StrategiesPanel = dynamic(() => import('./StrategiesPanel').then((m) => m.StrategiesPanel), {
  ssr: false,
  loading: () => null,
});
const LatenessLab = dynamic(
  () => import('@/components/explain/LatenessLab').then((m) => m.LatenessLab),
  { ssr: false, loading: () => null },
);

type TabId =
  | 'terminal'
  | 'compiled'
  | 'results'
  | 'console'
  | 'lineage'
  | 'runs'
  | 'strategies'
  | 'lateness'
  | 'grade';

/**
 * The lab workspace: instructions | file tree + editor, over a console with tabs. Everything the
 * student types is saved in IndexedDB (shortly after typing, on Ctrl/Cmd+S and before every run).
 */
export function Workspace({
  starter,
  solution,
  stretch,
  instructions,
}: {
  starter: ProjectFiles;
  /** The solution's version of the lab model, offered after a first grading attempt. */
  solution: string;
  /** The solution's stretch version (the window pushed into the heavy inputs), offered with it. */
  stretch: string;
  /** The lab's instructions, rendered on the server. */
  instructions: ReactNode;
}) {
  const [externalEdit, setExternalEdit] = useState<ExternalEdit | null>(null);

  /** Tells the editor about texts the workspace replaced (the editor owns what is typed). */
  const pushToEditor = useCallback((files: ProjectFiles) => {
    setExternalEdit((prev) => ({ seq: (prev?.seq ?? 0) + 1, files }));
  }, []);
  const { workspace, ready, saveState, notice, update, flush } = useWorkspace(
    starter,
    pushToEditor,
  );
  // The lab's database is kept in this browser between visits (asked before any engine starts:
  // children's effects, the SQL console's among them, run before this component's).
  useState(() => {
    if (typeof window !== 'undefined') requestWorkspaceDatabase();
  });
  const engineState = useBrowserEngine();
  const files = useMemo(() => currentFiles(workspace), [workspace]);
  const getFiles = useCallback(() => files, [files]);
  const runHistory = useRunHistory();
  const runner = useDbtRunner(engineState, getFiles, { starter, onBuilt: runHistory.record });
  const [tab, setTab] = useState<TabId>('terminal');
  const [showInstructions, setShowInstructions] = useState(true);
  const [instructionsWidth, setInstructionsWidth] = useState(340);
  const [treeWidth, setTreeWidth] = useState(210);
  const [consoleHeight, setConsoleHeight] = useState(300);
  const [linkedSql, setLinkedSql] = useState<string | null>(null);
  // Tabs opened so far: a panel that runs in the background is mounted on first view, then kept.
  const [openedTabs, setOpenedTabs] = useState<TabId[]>([]);
  if (!openedTabs.includes(tab)) setOpenedTabs([...openedTabs, tab]);

  // Fitted to the window after hydration: on a small laptop or at 200% zoom the instructions start
  // folded, and the console takes its share of the window's height. A lesson's "Open in lab" link brings its SQL
  // (`/lab?sql=…`) into the SQL console.
  useEffect(() => {
    /* eslint-disable react-hooks/set-state-in-effect -- depends on the window, after hydration */
    if (window.innerWidth < 1100) {
      setShowInstructions(false);
      setTreeWidth(160);
    }
    // A little over a third: room for a few result rows under the SQL console's text.
    setConsoleHeight(Math.max(160, Math.round(window.innerHeight * 0.38)));
    const sql = new URLSearchParams(window.location.search).get('sql');
    if (sql) {
      setLinkedSql(sql);
      setTab('console');
    }
    /* eslint-enable react-hooks/set-state-in-effect */
  }, []);

  // The data loads (and the tables of earlier visits are rebuilt) as soon as the lab opens, so the
  // first command does not wait for it; after the saved files, which a rebuild runs with.
  const { prepare } = runner;
  const prepared = useRef(false);
  useEffect(() => {
    if (!ready || prepared.current) return;
    prepared.current = true;
    prepare().catch(() => undefined); // the log says why, and "Load it now" tries again
  }, [ready, prepare]);

  /** Focus into a region of the lab, once it is shown (the skip links and Alt+Shift+digit). */
  const focusRegion = useCallback((region: LabRegion) => {
    if (region === 'instructions') setShowInstructions(true);
    if (region === 'terminal') setTab('terminal');
    if (region === 'console') setTab('console');
    requestAnimationFrame(() => requestAnimationFrame(() => focusTarget(region)?.focus()));
  }, []);
  useEffect(() => {
    // Captured before the editor sees the keys, so the shortcuts work from inside it too.
    const onKey = (event: KeyboardEvent) => {
      const region = regionForShortcut(event);
      if (!region) return;
      event.preventDefault();
      event.stopPropagation();
      focusRegion(region);
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [focusRegion]);

  const path = workspace.snapshot.openFile;
  const text = fileText(workspace, path);
  const model = modelNameFor(path);
  const paths = useMemo(() => Object.keys(files), [files]);
  const exercises = useMemo(() => exercisePaths(files), [files]);
  // An open debugging exercise is compiled as fct_orders, on a copy of the project.
  const exercise = isExercise(path) ? path : null;
  const compileFiles = useMemo(
    () => (exercise ? withExerciseAsModel(files, exercise) : files),
    [exercise, files],
  );
  const getCompileFiles = useCallback(() => compileFiles, [compileFiles]);
  // What the strategy explainer's result depends on besides the files: the data and the table.
  const dataKey = `${JSON.stringify(runner.timeline)}|${runHistory.runs.at(-1)?.id ?? ''}`;

  const runLine = useCallback(
    async (line: string) => {
      const input = parseTerminalLine(line);
      if (input.kind === 'empty') return;
      update((w) => addHistory(w, line));
      if (input.kind === 'clear') return runner.clear();
      if (input.kind === 'error') {
        runner.print(`$ ${line.trim()}`, 'command');
        return runner.print(input.message, 'error');
      }
      await flush(); // nothing typed is lost, even if the run hangs the tab
      const result = await runner.run(input.argv, line.trim());
      if (result?.show) setTab('results');
    },
    [flush, runner, update],
  );

  const runOpenModel = useCallback(() => {
    if (exercise) {
      runner.print(
        `${path} is a debugging exercise, not a model of the project: compile it in the Compiled SQL tab and grade it in the Grade tab, which both treat it as fct_orders.`,
        'info',
      );
      return;
    }
    if (!model) {
      runner.print(`${path} is not a model: open a file under models/ to run it.`, 'error');
      return;
    }
    setTab('terminal');
    void runLine(`dbt run -s ${model}`);
  }, [exercise, model, path, runLine, runner]);

  function resetOpenFile() {
    if (!isEdited(workspace, path)) return;
    if (!window.confirm(`Replace ${path} with the starter version? Your changes will be lost.`))
      return;
    update((w) => resetFile(w, path));
    pushToEditor({ [path]: workspace.starter[path] ?? '' });
  }

  /** Every file back to the starter and the database back to Day 10's state. */
  function resetWorkspace() {
    const edited = Object.keys(workspace.snapshot.edits).sort();
    const files = edited.length
      ? `These changes will be lost:\n  ${edited.join('\n  ')}`
      : 'No file has been changed.';
    if (
      !window.confirm(
        `Put every file back to the starter and the database back to where Day 10 ended (the data at the cut-off, the starter project built)? ${files}`,
      )
    )
      return;
    if (edited.length) {
      update(resetAll);
      pushToEditor(Object.fromEntries(edited.map((p) => [p, workspace.starter[p] ?? ''])));
    }
    runHistory.clear();
    setTab('terminal');
    void runner.applyEvent('reset');
  }

  function downloadProject() {
    const bytes = zipTextFiles(currentFiles(workspace), 'incremental-lab');
    const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'incremental-lab-project.zip';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <div className="flex h-full min-h-[36rem] flex-col">
      <LabSkipLinks onSkip={focusRegion} />
      <WorkspaceToolbar
        showInstructions={showInstructions}
        onToggleInstructions={() => setShowInstructions((v) => !v)}
        onDownload={downloadProject}
        canReset={!runner.running}
        onReset={resetWorkspace}
        saveState={saveState}
      />
      {notice && (
        <p
          role="alert"
          className="bg-amber-50 px-4 py-1 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          {notice}
        </p>
      )}
      <div className="flex min-h-0 flex-1">
        {/* Kept in the page when folded, so the toggle's aria-controls always names it. */}
        <aside
          id="lab-instructions"
          aria-label="Lab instructions"
          tabIndex={-1}
          hidden={!showInstructions}
          style={{ width: instructionsWidth }}
          className="shrink-0 overflow-auto px-4 py-3 text-[15px]"
        >
          {instructions}
        </aside>
        {showInstructions && (
          <Splitter
            orientation="vertical"
            label="Resize the instructions"
            value={instructionsWidth}
            min={220}
            max={720}
            onChange={setInstructionsWidth}
          />
        )}
        <div className="flex min-w-0 flex-1 flex-col">
          <div className="flex min-h-0 flex-1">
            <div style={{ width: treeWidth }} className="shrink-0 bg-slate-50 dark:bg-slate-900">
              <FileTree
                paths={paths}
                openPath={path}
                edited={(p) => isEdited(workspace, p)}
                onOpen={(p) => update((w) => openFile(w, p))}
              />
            </div>
            <Splitter
              orientation="vertical"
              label="Resize the file tree"
              value={treeWidth}
              min={140}
              max={420}
              onChange={setTreeWidth}
            />
            <EditorPane
              path={path}
              text={text}
              ready={ready}
              canRun={Boolean(model) && !runner.running}
              edited={isEdited(workspace, path)}
              onRunModel={runOpenModel}
              onResetFile={resetOpenFile}
              onChange={(p, value) => update((w) => editFile(w, p, value))}
              onSave={() => void flush()}
              markers={runner.markers}
              getFiles={getFiles}
              catalog={runner.catalog}
              externalEdit={externalEdit}
              {...(exercise
                ? {
                    note: 'Debugging exercise: the Compiled SQL and Grade tabs treat it as fct_orders',
                  }
                : {})}
            />
          </div>
          <Splitter
            orientation="horizontal"
            label="Resize the console"
            value={consoleHeight}
            min={120}
            max={900}
            invert
            onChange={setConsoleHeight}
          />
          <div style={{ height: consoleHeight }} className="shrink-0">
            <Tabs<TabId>
              label="Console"
              selected={tab}
              onSelect={setTab}
              tabs={[
                {
                  id: 'terminal',
                  label: 'Terminal',
                  panel: (
                    <div className="flex h-full min-h-0 flex-col">
                      <DataTimeline
                        timeline={runner.timeline}
                        running={runner.running}
                        onEvent={(id) => void runner.applyEvent(id)}
                        onLoad={() => void runner.loadData()}
                        pendingRebuild={runner.pendingRebuild}
                        preparing={runner.preparing}
                        ownData={runner.ownData !== null}
                        onOwnFiles={(picked) => void runner.loadOwnFiles(picked)}
                        onCourseData={() => void runner.backToCourseData()}
                        notice={runner.dataNotice}
                        onDismissNotice={runner.dismissDataNotice}
                      />
                      <div className="min-h-0 flex-1">
                        <Terminal
                          lines={runner.lines}
                          running={runner.running}
                          history={workspace.snapshot.history}
                          onSubmit={(line) => void runLine(line)}
                          onStop={runner.stop}
                          onClear={runner.clear}
                        />
                      </div>
                    </div>
                  ),
                },
                {
                  id: 'compiled',
                  label: 'Compiled SQL',
                  panel: (
                    <CompiledSqlPanel
                      prepare={runner.prepare}
                      engineState={engineState}
                      model={exercise ? 'fct_orders' : model}
                      getFiles={getCompileFiles}
                      {...(exercise ? { standIn: exercise } : {})}
                    />
                  ),
                },
                { id: 'results', label: 'Results', panel: <ResultsPanel show={runner.show} /> },
                {
                  id: 'console',
                  label: 'SQL console',
                  panel: (
                    <div className="flex h-full min-h-0 flex-col p-3">
                      <SqlConsole
                        key={linkedSql ?? 'default'}
                        {...(linkedSql ? { initialSql: linkedSql } : {})}
                        prepare={runner.prepare}
                        onExecuted={runner.recordSql}
                      />
                    </div>
                  ),
                },
                {
                  id: 'lineage',
                  label: 'Lineage',
                  // Mounted only while shown: it re-parses the project on every edit.
                  panel:
                    tab === 'lineage' ? (
                      <LineagePanel
                        files={files}
                        selectedPath={path}
                        onOpen={(p) => update((w) => openFile(w, p))}
                      />
                    ) : null,
                },
                {
                  id: 'runs',
                  label: 'Run chart',
                  panel:
                    tab === 'runs' ? (
                      <RunChart runs={runHistory.runs} onClear={runHistory.clear} />
                    ) : null,
                },
                {
                  id: 'strategies',
                  label: 'Strategies',
                  panel: openedTabs.includes('strategies') ? (
                    <StrategiesPanel
                      getFiles={getCompileFiles}
                      withConnection={runner.withConnection}
                      dataKey={dataKey}
                      running={runner.running}
                      {...(exercise ? { standIn: exercise } : {})}
                    />
                  ) : null,
                },
                {
                  id: 'lateness',
                  label: 'Lateness lab',
                  panel: openedTabs.includes('lateness') ? (
                    <div className="p-3">
                      <p className="mb-2 text-sm text-slate-700 dark:text-slate-300">
                        Your <code>fct_orders</code> replayed over a run of days in which payments
                        and status changes arrive late, one incremental run a day, at every lookback
                        width from 0 to 14 days: what each width costs and what it misses against a
                        full refresh. It runs in the background on a small database of its own; your
                        tables are not touched.
                      </p>
                      <LatenessLab files={compileFiles} />
                    </div>
                  ) : null,
                },
                {
                  id: 'grade',
                  label: 'Grade',
                  panel: (
                    <GradeTab
                      getFiles={getFiles}
                      solution={solution}
                      stretch={stretch}
                      exercises={exercises}
                      openPath={path}
                      ownData={runner.ownData}
                    />
                  ),
                },
              ]}
            />
          </div>
        </div>
      </div>
    </div>
  );
}
