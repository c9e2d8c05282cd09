/** Small numeric helpers the benchmarks share in Node and in the browser. */

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every sample, in the order measured. */
  samples: number[];
}

/** The median (the upper one of an even count), minimum and maximum of `samples` (not empty). */
export function spread(samples: number[]): Spread {
  if (samples.length === 0) throw new Error('spread() needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)]!,
    min: sorted[0]!,
    max: sorted.at(-1)!,
    samples: samples.map(round1),
  };
}

/** Rounded to 0.1 (milliseconds to a tenth keep the JSON short). */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Times one awaited call with `performance.now()` (available in Node and in browsers). */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}
