/**
 * Reading and writing the lab editor's files through Monaco's API (the page exposes it as
 * `window.monaco`): bulk text goes in this way, keystrokes through the keyboard.
 */
import type { Page } from '@playwright/test';

interface MonacoLike {
  editor: {
    getModels(): { uri: { path: string }; getValue(): string; setValue(text: string): void }[];
    getModelMarkers(filter: { resource?: unknown }): { startLineNumber: number; message: string }[];
  };
}

type MonacoWindow = Window & { monaco?: MonacoLike };

/** Waits until the editor is mounted with the given file open. */
export async function waitForEditor(page: Page, file: string): Promise<void> {
  await page.waitForFunction(
    (f) =>
      Boolean(
        (window as MonacoWindow).monaco?.editor.getModels().some((m) => m.uri.path.endsWith(f)),
      ),
    file,
    { timeout: 60_000 },
  );
  await page.locator('[data-testid="editor"] .monaco-editor').waitFor();
}

export function modelText(page: Page, file: string): Promise<string | null> {
  return page.evaluate((f) => {
    const model = (window as MonacoWindow).monaco?.editor
      .getModels()
      .find((m) => m.uri.path.endsWith(f));
    return model ? model.getValue() : null;
  }, file);
}

export async function setModelText(page: Page, file: string, text: string): Promise<void> {
  await page.evaluate(
    ([f, t]) => {
      const model = (window as MonacoWindow)
        .monaco!.editor.getModels()
        .find((m) => m.uri.path.endsWith(f!));
      if (!model) throw new Error(`no editor model for ${f}`);
      model.setValue(t!);
    },
    [file, text],
  );
}

export function markerLines(
  page: Page,
  file: string,
): Promise<{ line: number; message: string }[]> {
  return page.evaluate((f) => {
    const monaco = (window as MonacoWindow).monaco!;
    const model = monaco.editor.getModels().find((m) => m.uri.path.endsWith(f));
    if (!model) return [];
    return monaco.editor
      .getModelMarkers({ resource: model.uri })
      .map((m) => ({ line: m.startLineNumber, message: m.message }));
  }, file);
}
