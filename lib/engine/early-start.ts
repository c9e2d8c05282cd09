/**
 * The lab's engine starts at the page's first bytes: a small inline script in the lab's HTML
 * creates DuckDB-WASM's worker, which starts compiling the wasm at once
 * (scripts/wasm-worker-patch.ts), and downloads the prebuilt data while the page's JavaScript, the
 * editor and React still load. `startBrowserEngine` then adopts that worker and the data's bytes
 * instead of starting its own. Only a full page load runs the script: a
 * client-side navigation renders it inert (React never executes inline scripts), and the engine
 * starts as before.
 */

/** What the inline script leaves on `window` for the engine. */
export interface EarlyEngine {
  workerUrl: string;
  worker: Worker;
  wasmUrl: string;
  /** The prebuilt data file's URL and bytes, once the manifest has been read (null without one). */
  data: Promise<{ url: string; bytes: ArrayBuffer } | null>;
}

declare global {
  interface Window {
    __labEarlyEngine?: EarlyEngine;
  }
}

/** Takes what the inline script started (once: a second caller starts its own). */
export function takeEarlyEngine(): EarlyEngine | undefined {
  if (typeof window === 'undefined') return undefined;
  const early = window.__labEarlyEngine;
  delete window.__labEarlyEngine;
  return early;
}

/**
 * Set (to the data file's name) while the lab's kept database holds tables grown from that file: a
 * visit then opens them and needs no download of the data (lib/workspace/kept-database.ts).
 */
export const KEPT_DATA_FLAG = 'incremental-lab:kept-data';

/** Where the build puts DuckDB-WASM's files for a version (scripts/build-wasm-assets.ts). */
export function engineBase(version: string): string {
  return `/duckdb/${version}`;
}

// A module using a `try` instruction: valid only where wasm exceptions are supported, the test
// DuckDB-WASM's own bundle choice makes (the "eh" build, else "mvp").
const EXCEPTIONS_PROBE = [
  0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11,
];

/**
 * The inline script's text. Every step may fail (no Worker, no fetch, a missing manifest): the
 * engine then starts as it would without it.
 */
export function earlyEngineScript(version: string, dataDir: string, manifest: string): string {
  const base = JSON.stringify(`${engineBase(version)}/`);
  return `(function(){try{
var base=${base};
var kind=WebAssembly.validate(new Uint8Array(${JSON.stringify(EXCEPTIONS_PROBE)}))?'eh':'mvp';
var workerUrl=base+'duckdb-browser-'+kind+'.precompile.worker.js';
var wasmUrl=base+'duckdb-'+kind+'.wasm.gz';
var worker=new Worker(workerUrl);
var data=fetch(${JSON.stringify(dataDir + manifest)}).then(function(r){return r.ok?r.json():null;}).then(function(m){
if(!m||typeof m.file!=='string'||!/^[\\w.-]+\\.duckdb(\\.gz)?$/.test(m.file))return null;
var kept=null;try{kept=localStorage.getItem(${JSON.stringify(KEPT_DATA_FLAG)});}catch(e){}
if(kept===m.file)return null;
var url=${JSON.stringify(dataDir)}+m.file;
return fetch(url).then(function(r){return r.ok?r.arrayBuffer():null;}).then(function(b){return b?{url:url,bytes:b}:null;});
}).catch(function(){return null;});
window.__labEarlyEngine={workerUrl:workerUrl,worker:worker,wasmUrl:wasmUrl,data:data};
}catch(e){}})();`;
}
