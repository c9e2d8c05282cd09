import { describe, expect, it } from 'vitest';
import { parseTerminalLine, splitWords } from './command-line';
import { historyStep, NEW_LINE } from './history';
import { errorMarkers, leadingEmptyLines, modelNameFor } from './markers';
import { memoryStore } from './kv-store';
import {
  LEGACY_DRAFT_KEY,
  UNREADABLE_KEY,
  WORKSPACE_KEY,
  loadWorkspace,
  saveWorkspace,
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

const legacy = (value: string | null) => ({
  getItem: (key: string) => (key === LEGACY_DRAFT_KEY ? value : null),
});

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
