import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native addons (DuckDB, SQLite, argon2) and the database drivers stay out of the server bundle.
  // DuckDB-WASM's files carry their version in the path: cached for good. The wasm is stored
  // gzip-compressed (scripts/build-wasm-assets.ts) and sent as it is, so the browser inflates it.
  async headers() {
    const forever = { key: 'Cache-Control', value: 'public, max-age=31536000, immutable' };
    return [
      {
        source: '/duckdb/:version/:name(.*\\.wasm\\.gz)',
        headers: [
          { key: 'Content-Type', value: 'application/wasm' },
          { key: 'Content-Encoding', value: 'gzip' },
          forever,
        ],
      },
      { source: '/duckdb/:version/:name(.*\\.js)', headers: [forever] },
      // The prebuilt lab data (scripts/build-lab-data.ts): its name carries its digest.
      {
        source: '/data/:name(.*\\.duckdb\\.gz)',
        headers: [
          { key: 'Content-Type', value: 'application/octet-stream' },
          { key: 'Content-Encoding', value: 'gzip' },
          forever,
        ],
      },
    ];
  },
  serverExternalPackages: [
    '@duckdb/node-api',
    'better-sqlite3',
    '@node-rs/argon2',
    'pg',
    'pg-boss',
  ],
};

export default nextConfig;
