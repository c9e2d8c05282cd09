import { describe, expect, it } from 'vitest';
import { openNodeConnection } from '@/lib/engine/node-connection';
import { ensureWorkspaceData } from './course-data';

describe('workspace course data', () => {
  it('loads the data on first use only and returns the lab clock', async () => {
    const connection = await openNodeConnection();
    try {
      const log: string[] = [];
      const source = { kind: 'generated', scale: 0.01, seed: 42 } as const;
      const [clock, same] = await Promise.all([
        ensureWorkspaceData(connection, (l) => log.push(l), source),
        ensureWorkspaceData(connection, (l) => log.push(l), source),
      ]);
      expect(clock).toBe('2018-08-14 23:59:59');
      expect(same).toBe(clock);
      expect(log.filter((l) => l.startsWith('Loaded the course data'))).toHaveLength(1);
      const again = await ensureWorkspaceData(connection, (l) => log.push(l), source);
      expect(again).toBe(clock);
      expect(log.filter((l) => l.startsWith('Loading'))).toHaveLength(1);
    } finally {
      await connection.close();
    }
  });
});
