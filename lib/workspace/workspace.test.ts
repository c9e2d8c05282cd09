import { describe, expect, it } from 'vitest';
import { parseTerminalLine, splitWords } from './command-line';
import { historyStep, NEW_LINE } from './history';
import { errorMarkers, leadingEmptyLines, modelNameFor } from './markers';
import { memoryStore } from './kv-store';
import {
  LEGACY_DRAFT_KEY,
  RESCUE_KEY,
  UNREADABLE_KEY,
  WORKSPACE_KEY,
  clearRescue,
  loadWorkspace,
  saveWorkspace,
  writeRescue,
  type PageStorage,
} from './persistence';
import { LAB_MODEL_PATH, MAX_HISTORY } from './types';
import {
  addHistory,
  currentFiles,
  editFile,
  fileText,
  isEdited,
  openFile,
  resetAll,
  resetFile,
} from './workspace-state';

const starter = {
  'dbt_project.yml': 'name: lab\n',
  [LAB_MODEL_PATH]: 'select 1 as order_id\n',
  'models/staging/stg_orders.sql': 'select * from raw.orders\n',
};

/** An in-memory localStorage. */
function pageStorage(entries: Record<string, string> = {}): PageStorage & { keys(): string[] } {
  const items = new Map(Object.entries(entries));
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
    keys: () => [...items.keys()],
  };
}

const legacy = (value: string | null) =>
  pageStorage(value === null ? {} : { [LEGACY_DRAFT_KEY]: value });

const at = (iso: string) => () => new Date(iso);

describe('workspace state', () => {
  it('lays edits over the starter and drops an edit equal to the starter', async () => {
    const { workspace } = await loadWorkspace(memoryStore(), starter);
    expect(workspace.snapshot.openFile).toBe(LAB_MODEL_PATH);
    const edited = editFile(
      workspace,
      LAB_MODEL_PATH,
      "{{ config(materialized='incremental') }}\n",
    );
    expect(isEdited(edited, LAB_MODEL_PATH)).toBe(true);
    expect(currentFiles(edited)[LAB_MODEL_PATH]).toContain('incremental');
    expect(currentFiles(edited)['dbt_project.yml']).toBe('name: lab\n');
    expect(
      isEdited(editFile(edited, LAB_MODEL_PATH, starter[LAB_MODEL_PATH]), LAB_MODEL_PATH),
    ).toBe(false);
    expect(fileText(resetFile(edited, LAB_MODEL_PATH), LAB_MODEL_PATH)).toBe(
      starter[LAB_MODEL_PATH],
    );
    expect(openFile(edited, 'nope.sql').snapshot.openFile).toBe(LAB_MODEL_PATH);
    expect(openFile(edited, 'dbt_project.yml').snapshot.openFile).toBe('dbt_project.yml');
    const both = addHistory(editFile(edited, 'dbt_project.yml', 'name: y\n'), 'dbt run');
    const reset = resetAll(both);
    expect(currentFiles(reset)).toEqual(starter);
    expect(reset.snapshot.history).toEqual(['dbt run']);
    expect(resetAll(reset)).toBe(reset);
  });

  it('keeps history without blank lines or immediate repeats, capped', async () => {
    let { workspace } = await loadWorkspace(memoryStore(), starter);
    for (const line of ['dbt run', 'dbt run', '  ', 'dbt test', 'dbt run'])
      workspace = addHistory(workspace, line);
    expect(workspace.snapshot.history).toEqual(['dbt run', 'dbt test', 'dbt run']);
    for (let i = 0; i < MAX_HISTORY + 5; i++) workspace = addHistory(workspace, `dbt ls ${i}`);
    expect(workspace.snapshot.history).toHaveLength(MAX_HISTORY);
    expect(workspace.snapshot.history.at(-1)).toBe(`dbt ls ${MAX_HISTORY + 4}`);
  });
});

describe('persistence', () => {
  it('saves and loads edits, history and the open file', async () => {
    const store = memoryStore();
    let { workspace } = await loadWorkspace(store, starter);
    workspace = openFile(
      addHistory(editFile(workspace, 'dbt_project.yml', 'name: x\n'), 'dbt run'),
      'dbt_project.yml',
    );
    await saveWorkspace(store, workspace, () => new Date('2026-01-02T03:04:05Z'));
    const again = await loadWorkspace(store, starter, legacy('ignored once saved'));
    expect(again.origin).toBe('saved');
    expect(again.workspace.snapshot).toEqual({
      ...workspace.snapshot,
      savedAt: '2026-01-02T03:04:05.000Z',
    });
  });

  it('migrates the old localStorage draft of fct_orders once', async () => {
    const store = memoryStore();
    const first = await loadWorkspace(store, starter, legacy('select 2 as order_id\n'));
    expect(first.origin).toBe('migrated');
    expect(fileText(first.workspace, LAB_MODEL_PATH)).toBe('select 2 as order_id\n');
    expect(await store.get(WORKSPACE_KEY)).toMatchObject({
      edits: { [LAB_MODEL_PATH]: 'select 2 as order_id\n' },
    });
    const none = await loadWorkspace(memoryStore(), starter, legacy(null));
    expect(none.origin).toBe('new');
  });

  it('keeps an unreadable record aside and opens the starter', async () => {
    const store = memoryStore({ [WORKSPACE_KEY]: { version: 99, edits: 'garbage' } });
    const result = await loadWorkspace(store, starter);
    expect(result.origin).toBe('new');
    expect(result.warning).toMatch(/could not be read/);
    expect(await store.get(UNREADABLE_KEY)).toEqual({ version: 99, edits: 'garbage' });
  });

  it('prefers the rescue copy a reload left behind when it is newer than the saved record', async () => {
    const store = memoryStore();
    const local = pageStorage();
    const { workspace } = await loadWorkspace(store, starter, local);
    const older = editFile(workspace, LAB_MODEL_PATH, 'select 2 as order_id\n');
    await saveWorkspace(store, older, at('2026-01-02T03:04:05Z'));
    // The page went away with one more edit whose IndexedDB write never finished.
    const newer = addHistory(editFile(older, LAB_MODEL_PATH, 'select 3 as order_id\n'), 'dbt run');
    writeRescue(local, newer, at('2026-01-02T03:04:06Z'));
    const reloaded = await loadWorkspace(store, starter, local);
    expect(reloaded.origin).toBe('rescued');
    expect(fileText(reloaded.workspace, LAB_MODEL_PATH)).toBe('select 3 as order_id\n');
    expect(reloaded.workspace.snapshot.history).toEqual(['dbt run']);
    // Now IndexedDB holds it, and the copy is gone.
    expect(await store.get(WORKSPACE_KEY)).toMatchObject({
      edits: { [LAB_MODEL_PATH]: 'select 3 as order_id\n' },
    });
    expect(local.keys()).toEqual([]);
    expect((await loadWorkspace(store, starter, local)).origin).toBe('saved');
  });

  it('uses the rescue copy when nothing reached IndexedDB, and drops a stale one', async () => {
    const { workspace } = await loadWorkspace(memoryStore(), starter);
    const edited = editFile(workspace, LAB_MODEL_PATH, 'select 4 as order_id\n');
    const local = pageStorage();
    writeRescue(local, edited, at('2026-01-02T03:04:05Z'));
    const first = await loadWorkspace(memoryStore(), starter, local);
    expect(first.origin).toBe('rescued');
    expect(fileText(first.workspace, LAB_MODEL_PATH)).toBe('select 4 as order_id\n');

    const store = memoryStore();
    await saveWorkspace(store, workspace, at('2026-01-02T03:04:07Z'));
    writeRescue(local, edited, at('2026-01-02T03:04:05Z'));
    const stale = await loadWorkspace(store, starter, local);
    expect(stale.origin).toBe('saved');
    expect(fileText(stale.workspace, LAB_MODEL_PATH)).toBe(starter[LAB_MODEL_PATH]);
    expect(local.keys()).toEqual([]);
  });

  it('keeps the rescue copy when an older save lands after it, and survives broken storage', async () => {
    const { workspace } = await loadWorkspace(memoryStore(), starter);
    const local = pageStorage();
    writeRescue(local, workspace, at('2026-01-02T03:04:06Z'));
    clearRescue(local, '2026-01-02T03:04:05.000Z'); // a save begun before the last edit
    expect(local.keys()).toEqual([RESCUE_KEY]);
    clearRescue(local, '2026-01-02T03:04:06.000Z'); // the save that holds it
    expect(local.keys()).toEqual([]);

    const broken: PageStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => undefined,
    };
    expect(() => writeRescue(broken, workspace)).not.toThrow();
    expect((await loadWorkspace(memoryStore(), starter, broken)).origin).toBe('new');
    const garbled = pageStorage({ [RESCUE_KEY]: '{not json' });
    expect((await loadWorkspace(memoryStore(), starter, garbled)).origin).toBe('new');
  });

  it('falls back to the lab model when the saved open file no longer exists', async () => {
    const store = memoryStore({
      [WORKSPACE_KEY]: { version: 1, edits: {}, history: [], openFile: 'gone.sql' },
    });
    expect((await loadWorkspace(store, starter)).workspace.snapshot.openFile).toBe(LAB_MODEL_PATH);
  });
});

describe('terminal input', () => {
  it('splits words with quotes and escapes', () => {
    expect(splitWords(`dbt run -s +fct_orders --vars '{lookback_days: 3}'`)).toEqual([
      'dbt',
      'run',
      '-s',
      '+fct_orders',
      '--vars',
      '{lookback_days: 3}',
    ]);
    expect(splitWords(`dbt show --inline "select \\"a b\\"" x\\ y ''`)).toEqual([
      'dbt',
      'show',
      '--inline',
      'select "a b"',
      'x y',
      '',
    ]);
    expect(() => splitWords(`dbt show --inline 'select 1`)).toThrow(/Unclosed ' quote/);
  });

  it('accepts dbt commands and clear, and explains anything else', () => {
    expect(parseTerminalLine('   ')).toEqual({ kind: 'empty' });
    expect(parseTerminalLine('clear')).toEqual({ kind: 'clear' });
    expect(parseTerminalLine('dbt run -s fct_orders')).toEqual({
      kind: 'dbt',
      argv: ['run', '-s', 'fct_orders'],
    });
    expect(parseTerminalLine('ls -la')).toMatchObject({
      kind: 'error',
      message: /ls: command not found/,
    });
    expect(parseTerminalLine('dbt show --inline "x')).toMatchObject({ kind: 'error' });
  });
});

describe('history walk', () => {
  const history = ['dbt run', 'dbt test', 'dbt build'];
  it('walks back and forward, restoring the typed line', () => {
    let step = historyStep(history, NEW_LINE, 'dbt co', 'up');
    expect(step.line).toBe('dbt build');
    step = historyStep(history, step.cursor, step.line, 'up');
    step = historyStep(history, step.cursor, step.line, 'up');
    step = historyStep(history, step.cursor, step.line, 'up');
    expect(step.line).toBe('dbt run');
    step = historyStep(history, step.cursor, step.line, 'down');
    expect(step.line).toBe('dbt test');
    step = historyStep(history, step.cursor, step.line, 'down');
    step = historyStep(history, step.cursor, step.line, 'down');
    expect(step).toEqual({ cursor: NEW_LINE, line: 'dbt co' });
    expect(historyStep([], NEW_LINE, 'x', 'up').line).toBe('x');
  });
});

describe('editor markers', () => {
  it('marks errors that name a file and line, once each', () => {
    const jinja = {
      kind: 'jinja',
      file: LAB_MODEL_PATH,
      line: 3,
      message: 'unexpected end',
    } as const;
    const markers = errorMarkers({
      results: [
        {
          uniqueId: 'a',
          name: 'a',
          resourceType: 'model',
          status: 'error',
          message: '',
          timingMs: 0,
          error: jinja,
        },
        {
          uniqueId: 'b',
          name: 'b',
          resourceType: 'model',
          status: 'error',
          message: '',
          timingMs: 0,
          error: jinja,
        },
        {
          uniqueId: 'c',
          name: 'c',
          resourceType: 'model',
          status: 'error',
          message: '',
          timingMs: 0,
          error: { kind: 'sql', file: 'models/c.sql', line: 7, message: 'Binder Error' },
        },
        {
          uniqueId: 'd',
          name: 'd',
          resourceType: 'model',
          status: 'error',
          message: '',
          timingMs: 0,
          error: { kind: 'config', file: 'models/d.sql', message: 'no line' },
        },
      ],
    });
    expect(markers).toEqual([
      { file: LAB_MODEL_PATH, line: 3, message: 'unexpected end' },
      { file: 'models/c.sql', line: 7, message: 'Binder Error\n(line 7 of the compiled SQL)' },
    ]);
  });

  it('maps a compiled-SQL line past the lines that render to nothing', () => {
    const source =
      "\n{{ config(materialized='incremental') }}\n{% set days = 3 %}\n-- note\nselect x\n";
    expect(leadingEmptyLines(source)).toBe(3);
    expect(leadingEmptyLines('select 1')).toBe(0);
    const markers = errorMarkers(
      {
        results: [
          {
            uniqueId: 'm',
            name: 'm',
            resourceType: 'model',
            status: 'error',
            message: '',
            timingMs: 0,
            error: { kind: 'sql', file: 'models/m.sql', line: 2, message: 'Binder Error' },
          },
        ],
      },
      { 'models/m.sql': source },
    );
    expect(markers[0]?.line).toBe(5);
  });

  it('names the model a file holds', () => {
    expect(modelNameFor(LAB_MODEL_PATH)).toBe('fct_orders');
    expect(modelNameFor('models/stg.sql')).toBe('stg');
    expect(modelNameFor('models/staging/schema.yml')).toBeNull();
    expect(modelNameFor('seeds/x.sql')).toBeNull();
  });
});

describe('editing with unchanged text', () => {
  it('is not an edit, so an editor echo does not mark the workspace unsaved', async () => {
    const { editFile, emptySnapshot } = await import('./workspace-state');
    const starter = { 'models/a.sql': 'select 1' };
    const workspace = { starter, snapshot: emptySnapshot(starter) };
    expect(editFile(workspace, 'models/a.sql', 'select 1')).toBe(workspace);
    const edited = editFile(workspace, 'models/a.sql', 'select 2');
    expect(edited).not.toBe(workspace);
    expect(editFile(edited, 'models/a.sql', 'select 2')).toBe(edited);
  });
});
