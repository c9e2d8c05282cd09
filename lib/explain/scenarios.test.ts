import { describe, expect, it } from 'vitest';
import { compileModel } from '@/lib/dbt';
import { solutionProjectFiles } from '@/lib/dbt/course-project.node';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { withRepeatedKey } from './scenarios';

const MODEL = 'models/marts/fct_orders.sql';

describe('withRepeatedKey', () => {
  it('adds the repeated order to the incremental branch only', async () => {
    const solution = await solutionProjectFiles();
    const files = { ...solution, [MODEL]: withRepeatedKey(solution[MODEL]!) };
    const connection = await openNodeConnection();
    try {
      const branches = await compileModel({ connection, files }, 'fct_orders');
      expect(branches.incrementalSql).toMatch(/union all\s+select\s+order_id,/);
      expect(branches.firstBuildSql).not.toMatch(/union all/);
    } finally {
      await connection.close();
    }
  });

  it('says so for a model of another shape', () => {
    expect(() => withRepeatedKey('select 1')).toThrow(/no select list/);
  });
});
