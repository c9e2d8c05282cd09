import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { sandboxCases } from './sandbox-suite';

// The same cases run in Chromium on DuckDB-WASM (e2e/engine-contract.spec.ts, /lab/self-test).
let connection: Connection;
beforeAll(async () => {
  connection = await openNodeConnection();
});
afterAll(() => connection.close());

describe('the template sandbox (Node)', () => {
  for (const testCase of sandboxCases) it(testCase.name, () => testCase.run(connection));
});
