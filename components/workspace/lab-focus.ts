/**
 * Keyboard ways into the lab's regions: skip links at the top of the workspace and Alt+Shift+digit
 * shortcuts, so the file tree, the editor and the terminal are a few keystrokes away instead of
 * behind every heading anchor of the instructions.
 */
export type LabRegion = 'instructions' | 'files' | 'editor' | 'terminal' | 'console';

export const LAB_REGIONS: { region: LabRegion; label: string; key: string }[] = [
  { region: 'instructions', label: 'Instructions', key: '1' },
  { region: 'files', label: 'File tree', key: '2' },
  { region: 'editor', label: 'Editor', key: '3' },
  { region: 'terminal', label: 'Terminal', key: '4' },
  { region: 'console', label: 'SQL console', key: '5' },
];

/** The region an Alt+Shift+digit press asks for (by physical key, as Shift changes the character). */
export function regionForShortcut(event: KeyboardEvent): LabRegion | null {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return null;
  const digit = /^Digit(\d)$/.exec(event.code)?.[1];
  return LAB_REGIONS.find((r) => r.key === digit)?.region ?? null;
}

/** The element that takes focus for a region, once it is shown. */
export function focusTarget(region: LabRegion): HTMLElement | null {
  switch (region) {
    case 'instructions':
      return document.getElementById('lab-instructions');
    case 'files': {
      const tree = document.querySelector<HTMLElement>('nav[aria-label="Project files"]');
      return (
        tree?.querySelector<HTMLElement>('button[aria-current="true"]') ??
        tree?.querySelector<HTMLElement>('button') ??
        null
      );
    }
    case 'editor':
      return document.querySelector<HTMLElement>('[data-testid="editor"] textarea');
    case 'terminal':
      return document.getElementById('terminal-input');
    case 'console':
      return document.querySelector<HTMLElement>('#panel-console textarea');
  }
}
