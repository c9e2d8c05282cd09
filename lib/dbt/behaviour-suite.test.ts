import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Connection } from '@/lib/engine/connection';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { dbtBehaviourCases } from './behaviour-suite';

describe('dbt engine behaviour — Node adapter', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await openNodeConnection();
  });
  afterAll(async () => {
    await connection.close();
  });
  for (const testCase of dbtBehaviourCases) {
    it(testCase.name, () => testCase.run(connection));
  }
});
