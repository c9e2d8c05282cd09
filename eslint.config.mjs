import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'next-env.d.ts',
      // build output: DuckDB-WASM's files and the prebuilt lab data (npm run build)
      'public/duckdb/**',
      'public/data/**',
      'tmp/**',
    ],
  },
];

export default config;
