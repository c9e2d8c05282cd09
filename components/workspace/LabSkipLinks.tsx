'use client';

import { LAB_REGIONS, type LabRegion } from './lab-focus';

/**
 * The first stops of the workspace for the keyboard: one link per region, shown when focused.
 * Each moves focus into its region (opening the instructions or the console tab if needed).
 */
export function LabSkipLinks({ onSkip }: { onSkip: (region: LabRegion) => void }) {
  return (
    <nav
      aria-label="Skip to a part of the lab"
      className="sr-only flex flex-wrap gap-2 border-b border-slate-200 px-4 py-1.5 text-sm focus-within:not-sr-only dark:border-slate-800"
    >
      {LAB_REGIONS.map(({ region, label, key }) => (
        <a
          key={region}
          href={`#lab-${region}`}
          onClick={(event) => {
            event.preventDefault();
            onSkip(region);
          }}
          className="rounded px-2 py-0.5 text-emerald-800 underline focus:outline-2 focus:outline-emerald-600 dark:text-emerald-300"
        >
          Skip to {label.toLowerCase()}{' '}
          <kbd className="font-mono text-xs text-slate-500 dark:text-slate-400">
            Alt+Shift+{key}
          </kbd>
        </a>
      ))}
    </nav>
  );
}

/** The lab's keyboard shortcuts, listed in the toolbar. */
export function ShortcutList() {
  const rows: [string, string][] = [
    ...LAB_REGIONS.map(({ label, key }): [string, string] => [`Alt+Shift+${key}`, label]),
    ['Ctrl/⌘+S', 'Save the open file'],
    ['Ctrl/⌘+Enter', 'Run the open model'],
    ['Esc, then Tab', 'Leave the editor'],
    ['↑ / ↓ in the terminal', 'Command history'],
    ['← / → on the console tabs', 'Next or previous tab'],
  ];
  return (
    <details className="relative text-sm">
      <summary className="cursor-pointer rounded border border-slate-300 px-2 py-0.5 select-none hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
        Keyboard shortcuts
      </summary>
      <div className="absolute z-40 mt-1 w-80 rounded-md border border-slate-200 bg-white p-3 shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Keyboard shortcuts of the lab</caption>
          <tbody>
            {rows.map(([keys, what]) => (
              <tr key={keys}>
                <th scope="row" className="py-0.5 pr-3 font-mono font-normal whitespace-nowrap">
                  {keys}
                </th>
                <td className="py-0.5">{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
