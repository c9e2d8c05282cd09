import { describe, expect, it } from 'vitest';
import { loadLabData } from '@/lib/data';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { readCatalog } from './catalog';

describe('database catalog', () => {
  it('lists the raw tables and built models with typed columns, not the lab’s bookkeeping', async () => {
    const connection = await openNodeConnection();
    try {
      await loadLabData(connection, { kind: 'generated', scale: 0.01, seed: 1 });
      await connection.exec('create view main.v as select order_id, 1::int as one from raw.orders');
      const catalog = await readCatalog(connection);
      const names = catalog.map((r) => `${r.schema}.${r.name}`);
      expect(names).toContain('raw.orders');
      expect(names).toContain('main.v');
      expect(names.some((n) => n.startsWith('lab_'))).toBe(false);
      const view = catalog.find((r) => r.name === 'v')!;
      expect(view.columns).toEqual([
        { name: 'order_id', type: 'VARCHAR' },
        { name: 'one', type: 'INTEGER' },
      ]);
    } finally {
      await connection.close();
    }
  });
});
