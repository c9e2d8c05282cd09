import { describe, expect, it } from 'vitest';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { ensureWorkspaceData } from './course-data';

describe('workspace course data', () => {
  it('loads the data on first use only and returns the lab clock', async () => {
    const connection = await openNodeConnection();
    try {
      const log: string[] = [];
      const source = { kind: 'generated', scale: 0.01, seed: 42 } as const;
      let afterLoads = 0;
      const afterLoad = async () => {
        afterLoads++;
        log.push('after load');
      };
      const [clock, same] = await Promise.all([
        ensureWorkspaceData(connection, (l) => log.push(l), { source, afterLoad }),
        ensureWorkspaceData(connection, (l) => log.push(l), { source, afterLoad }),
      ]);
      expect(afterLoads).toBe(1);
      expect(log.at(-1)).toBe('after load'); // both callers waited for it
      expect(clock).toBe('2018-08-14 23:59:59');
      expect(same).toBe(clock);
      expect(log.filter((l) => l.startsWith('Loaded the course data'))).toHaveLength(1);
      const again = await ensureWorkspaceData(connection, (l) => log.push(l), {
        source,
        afterLoad,
      });
      expect(afterLoads).toBe(1); // the data was there: nothing to restore
      expect(again).toBe(clock);
      expect(log.filter((l) => l.startsWith('Loading'))).toHaveLength(1);
    } finally {
      await connection.close();
    }
  });
});
