import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native addons (DuckDB, SQLite, argon2) and the database drivers stay out of the server bundle.
  serverExternalPackages: [
    '@duckdb/node-api',
    'better-sqlite3',
    '@node-rs/argon2',
    'pg',
    'pg-boss',
  ],
};

export default nextConfig;
