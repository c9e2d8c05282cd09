/**
 * The one change made to DuckDB-WASM's workers when the build copies them (the reason is at the top
 * of build-wasm-assets.ts): instantiate the wasm from the fetch Response itself, so V8 keeps its
 * compiled code in the HTTP cache.
 */
/** `duckdb-browser-eh.worker.js` → `duckdb-browser-eh.code-cache.worker.js` (see above). */
export const patchedWorkerName = (file: string) =>
  file.replace(/\.worker\.js$/, '.code-cache.worker.js');

const PATCHES: [from: string, to: string][] = [
  ['if(typeof TransformStream=="function"){', 'if(false){'],
  [
    'console.warn("instantiating without progress handler since transform streams are unavailable");',
    '',
  ],
];

/** The worker with the patches applied; a library update that moved the code fails the build. */
export function patchWorker(source: string, file: string): string {
  let out = source;
  for (const [from, to] of PATCHES) {
    const count = out.split(from).length - 1;
    if (count !== 1)
      throw new Error(
        `${file}: expected the code "${from}" once, found it ${count} times; update scripts/build-wasm-assets.ts for this DuckDB-WASM version`,
      );
    out = out.replace(from, to);
  }
  return out;
}
