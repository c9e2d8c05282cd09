import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The Node DuckDB binding is a native addon: keep it out of the server bundle.
  serverExternalPackages: ['@duckdb/node-api'],
};

export default nextConfig;
