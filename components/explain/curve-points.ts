import type { WidthResult } from '@/lib/explain/lookback';

/** One width's point on the lateness lab's curves; a width not computed yet has neither value. */
export interface CurvePoint {
  width: number;
  cost?: number;
  errors?: number;
}

/** Cost as rows re-read per run (the rows already in the table that a run recomputed), errors as keys. */
export function curvePoints(widths: readonly WidthResult[], all: readonly number[]): CurvePoint[] {
  const byWidth = new Map(widths.map((w) => [w.width, w]));
  return all.map((width) => {
    const w = byWidth.get(width);
    const runs = w?.rescannedRows.length ?? 0;
    return {
      width,
      ...(w && runs > 0 && { cost: w.cost.totalRescannedRows / runs }),
      ...(w?.errors && { errors: w.errors.total }),
    };
  });
}
