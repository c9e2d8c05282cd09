import { describe, expect, it } from 'vitest';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { parseArgs, runDbt, UsageError } from '../index';

const files = {
  'dbt_project.yml': "name: p\nversion: '1.0'\nprofile: p\n",
  'models/parent.sql': 'select 1 as id',
  'models/child.sql': "select * from {{ ref('parent') }}",
};

describe('a model whose parent was never built', () => {
  it('says which model is missing and how to build it', async () => {
    const connection = await openNodeConnection();
    try {
      const command = parseArgs(['run', '-s', 'child']);
      if (command instanceof UsageError) throw command;
      const result = await runDbt(command, { connection, files });
      expect(result.exitCode).toBe(1);
      const message = result.results[0]?.error?.message ?? '';
      expect(message).toContain('Table with name parent does not exist');
      expect(message).toContain(
        'Hint: parent is a model of this project that is not built in this database yet. Build it with its parents first: dbt run -s +child',
      );
      expect(result.results[0]?.error?.line).toBe(1); // the marker still lands on the line
    } finally {
      await connection.close();
    }
  });
});
