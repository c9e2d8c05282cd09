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

describe('a model that reads {{ this }} outside is_incremental()', () => {
  it('names the filter and the block, not a parent build', async () => {
    const connection = await openNodeConnection();
    try {
      const model = {
        ...files,
        'models/child.sql':
          "{{ config(materialized='incremental', unique_key='id') }}\nselect * from {{ ref('parent') }}\nwhere id > (select max(id) from {{ this }})",
      };
      const command = parseArgs(['run', '-s', '+child']);
      if (command instanceof UsageError) throw command;
      const result = await runDbt(command, { connection, files: model });
      expect(result.exitCode).toBe(1);
      const message = result.results[1]?.error?.message ?? '';
      expect(message).toContain('Table with name child does not exist');
      expect(message).toContain(
        'the first build has no table to read yet. Put the filter inside the {% if is_incremental() %} block',
      );
      expect(message).not.toContain('Build it with its parents first');
    } finally {
      await connection.close();
    }
  });
});
