/**
 * The changes made to DuckDB-WASM's workers when the build copies them (the reasons are at the top
 * of build-wasm-assets.ts):
 * - instantiate the wasm from the fetch Response itself, so V8 can keep its compiled code;
 * - start compiling the wasm as the worker starts, from the file next to it (`duckdb-eh.wasm.gz`
 *   for `duckdb-browser-eh.…worker.js`), instead of when the page's code asks for it later: the
 *   lab creates its worker at the page's first bytes (lib/engine/early-start.ts), so the compile
 *   runs while the page's JavaScript loads. The module is used only when the page asks for that
 *   same URL; anything else (another URL, a failed compile) instantiates as the library would.
 */
/** `duckdb-browser-eh.worker.js` → `duckdb-browser-eh.precompile.worker.js` (see above). */
export const patchedWorkerName = (file: string) =>
  file.replace(/\.worker\.js$/, '.precompile.worker.js');

/** Runs first in the worker: the compile of the wasm next to it, started at once. */
const PRECOMPILE =
  'var __labWasm=(function(){try{var u=new URL(self.location.href.replace(/duckdb-browser-(eh|mvp)\\.[\\w.]*worker\\.js(\\?.*)?$/,"duckdb-$1.wasm.gz"));' +
  'if(u.href===self.location.href||typeof WebAssembly.compileStreaming!="function")return null;' +
  'var p=WebAssembly.compileStreaming(fetch(u.href)).then(function(m){return{url:u.href,module:m}});' +
  'p.catch(function(){});return p}catch(e){return null}})();\n';

/** The library's instantiation of `n` (a Request for the wasm) with imports `e`, result to `t`. */
const STREAMING = 'WebAssembly.instantiateStreaming(fetch(n),e).then(a=>{t(a.instance,a.module)})';
const FROM_PRECOMPILED =
  '(function(){var s=function(){return WebAssembly.instantiateStreaming(fetch(n),e)};' +
  'return(__labWasm?__labWasm.then(function(c){return c&&c.url===new URL(n.url,self.location.href).href' +
  '?WebAssembly.instantiate(c.module,e).then(function(i){return{instance:i,module:c.module}}):s()},s):s())})()' +
  '.then(a=>{t(a.instance,a.module)})';

const PATCHES: [from: string, to: string][] = [
  ['if(typeof TransformStream=="function"){', 'if(false){'],
  [
    'console.warn("instantiating without progress handler since transform streams are unavailable");',
    '',
  ],
  [STREAMING, FROM_PRECOMPILED],
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
  // after the directive prologue, which must stay first for the worker to run in strict mode
  const strict = /^(['"])use strict\1;/.exec(out);
  const at = strict ? strict[0].length : 0;
  return `${out.slice(0, at)}${PRECOMPILE}${out.slice(at)}`;
}
