/**
 * Up/down through the terminal's history, like a shell: Up walks back from the newest command, Down
 * walks forward and past the newest returns to what was being typed before.
 */
export interface HistoryCursor {
  /** Index into the history, or `null` when editing a new line. */
  index: number | null;
  /** The line being typed before the walk started. */
  draft: string;
}

export const NEW_LINE: HistoryCursor = { index: null, draft: '' };

export function historyStep(
  history: readonly string[],
  cursor: HistoryCursor,
  current: string,
  direction: 'up' | 'down',
): { cursor: HistoryCursor; line: string } {
  if (history.length === 0) return { cursor, line: current };
  if (direction === 'up') {
    if (cursor.index === null) {
      const index = history.length - 1;
      return { cursor: { index, draft: current }, line: history[index]! };
    }
    const index = Math.max(0, cursor.index - 1);
    return { cursor: { ...cursor, index }, line: history[index]! };
  }
  if (cursor.index === null) return { cursor, line: current };
  const index = cursor.index + 1;
  if (index >= history.length) return { cursor: { index: null, draft: '' }, line: cursor.draft };
  return { cursor: { ...cursor, index }, line: history[index]! };
}
