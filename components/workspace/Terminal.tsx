'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { historyStep, NEW_LINE, type HistoryCursor } from '@/lib/workspace/history';
import type { LogLine } from './useDbtRunner';

const LINE_COLOURS: Record<LogLine['kind'], string> = {
  command: 'text-sky-700 dark:text-sky-300 font-semibold',
  log: 'text-slate-800 dark:text-slate-200',
  info: 'text-slate-500 dark:text-slate-400',
  error: 'text-red-700 dark:text-red-300',
  warning: 'text-amber-800 dark:text-amber-300 font-medium',
};

/**
 * The dbt command line: a scrollback of the log (streamed as the engine writes it), a prompt with
 * shell-like history on Up/Down, and Stop while a command runs.
 */
export function Terminal({
  lines,
  running,
  history,
  onSubmit,
  onStop,
  onClear,
}: {
  lines: LogLine[];
  running: boolean;
  history: readonly string[];
  onSubmit: (line: string) => void;
  onStop: () => void;
  onClear: () => void;
}) {
  const [input, setInput] = useState('');
  const [cursor, setCursor] = useState<HistoryCursor>(NEW_LINE);
  const scroller = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      onSubmit(input);
      // Turned away while a command runs: the line stays, ready to send again.
      if (running) return;
      setInput('');
      setCursor(NEW_LINE);
    } else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
      event.preventDefault();
      const step = historyStep(history, cursor, input, event.key === 'ArrowUp' ? 'up' : 'down');
      setCursor(step.cursor);
      setInput(step.line);
    } else if (event.key === 'c' && event.ctrlKey && running) {
      event.preventDefault();
      onStop();
    }
  }

  return (
    <div className="flex h-full min-h-0 flex-col font-mono text-[13px]">
      <div
        ref={scroller}
        className="min-h-0 flex-1 overflow-auto bg-slate-50 px-3 py-2 dark:bg-slate-950"
        role="log"
        aria-label="dbt log"
        aria-live="polite"
        data-testid="terminal-log"
        tabIndex={0}
      >
        {lines.length === 0 && (
          <p className="text-slate-500 dark:text-slate-400">
            Type a dbt command, e.g. <code>dbt run -s fct_orders</code>. Up/Down walk the history;
            Ctrl+Enter in the editor runs the open model.
          </p>
        )}
        {lines.map((line) => (
          <div key={line.id} className={`whitespace-pre-wrap ${LINE_COLOURS[line.kind]}`}>
            {line.text || '\u00a0'}
          </div>
        ))}
      </div>
      <div className="flex items-center gap-2 border-t border-slate-200 px-3 py-1.5 dark:border-slate-800">
        <label htmlFor="terminal-input" className="text-slate-500 select-none dark:text-slate-400">
          <span aria-hidden>$</span>
          <span className="sr-only">dbt command</span>
        </label>
        <input
          id="terminal-input"
          value={input}
          onChange={(event) => {
            setInput(event.target.value);
            setCursor(NEW_LINE);
          }}
          onKeyDown={onKeyDown}
          spellCheck={false}
          autoComplete="off"
          placeholder={running ? 'running…' : 'dbt run -s fct_orders'}
          className="min-w-0 flex-1 rounded bg-transparent px-1 py-1 text-slate-900 placeholder:text-slate-400 dark:text-slate-100"
        />
        {running ? (
          <button
            type="button"
            onClick={onStop}
            className="rounded border border-red-300 px-2 py-0.5 font-sans text-xs text-red-700 hover:bg-red-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
          >
            Stop
          </button>
        ) : (
          <button
            type="button"
            onClick={onClear}
            className="rounded border border-slate-300 px-2 py-0.5 font-sans text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
          >
            Clear
          </button>
        )}
      </div>
    </div>
  );
}
