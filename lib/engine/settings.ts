/**
 * Settings fixed when a database starts, on both adapters.
 *
 * DuckDB autoloads extensions it does not have (parquet, json, icu in DuckDB-WASM) from DuckDB's
 * extension repository on first use: in the browser that is a request leaving the app's origin, and
 * in an offline process it hangs. With autoloading off, such a call fails at once with a clear
 * "exists in the … extension" message instead.
 */
export const STARTUP_SQL = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
];
