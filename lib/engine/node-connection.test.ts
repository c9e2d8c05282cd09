import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Connection } from './connection';
import { conformanceCases } from './conformance';
import { openNodeConnection } from './node-connection';

describe('Connection contract — Node adapter', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await openNodeConnection();
  });
  afterAll(async () => {
    await connection.close();
  });
  for (const testCase of conformanceCases) {
    it(testCase.name, () => testCase.run(connection));
  }
});
