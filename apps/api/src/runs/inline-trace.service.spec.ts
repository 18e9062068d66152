import type { Principal } from '@podnet/contracts';
import type { Database } from '@podnet/db';
import { describe, expect, it } from 'vitest';
import { TWO_PODS } from '../../test/support/two-pods';
import type { ApiConfig } from '../config/config.schema';
import { InlineTraceService } from './inline-trace.service';

const TEAM: Principal = { keyId: 'k', teamId: 't1', teamName: 'one', scope: 'READ' };
const V1 = '00000000-0000-4000-8000-000000000001';
const V2 = '00000000-0000-4000-8000-000000000002';
const BIG = '00000000-0000-4000-8000-000000000003';

/** The two version reads the service makes, over a fixed table (team t1 owns V1, V2 and BIG). */
function versions() {
  const reads: string[] = [];
  const pods: Record<string, number> = { [V1]: 2, [V2]: 2, [BIG]: 50_001 };
  const db = {
    versions: {
      get: async (teamId: string, id: string) => (teamId === 't1' && pods[id] !== undefined ? { id, summary: { pods: pods[id] } } : null),
      content: async (teamId: string, id: string) => {
        reads.push(id);
        return teamId === 't1' ? TWO_PODS : null;
      },
    },
  } as unknown as Database;
  return { db, reads };
}
const config = (maxPods: number, cacheSize: number) => ({ inlineTrace: { maxPods, cacheSize } }) as ApiConfig;

describe('inline traces on stored versions', () => {
  it('traces, building each version once while it stays among the most recently used', async () => {
    const { db, reads } = versions();
    const service = new InlineTraceService(db, config(20_000, 1));
    const first = await service.trace(TEAM, V1, { from: 'default/a', to: 'default/b:80' }, []);
    expect(first.verdict).toBe('delivered');
    await service.trace(TEAM, V1, { from: 'default/b', to: 'default/a:80' }, []);
    expect(reads).toEqual([V1]);
    await service.trace(TEAM, V2, { from: 'default/a', to: 'default/b:80' }, []);
    await service.trace(TEAM, V1, { from: 'default/a', to: 'default/b:80' }, []); // evicted by V2 (cache of 1)
    expect(reads).toEqual([V1, V2, V1]);
  });

  it('sends versions above the inline limit to TRACE runs, and hides other teams’ versions', async () => {
    const { db } = versions();
    const service = new InlineTraceService(db, config(50_000, 8));
    await expect(service.trace(TEAM, BIG, { from: 'default/a', to: 'default/b:80' }, [])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/50001 pods, more than the 50000 traced inline: request a TRACE run/) });
    await expect(service.trace({ ...TEAM, teamId: 't2' }, V1, { from: 'default/a', to: 'default/b:80' }, [])).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.trace(TEAM, V1, { from: 'default/zz', to: 'default/b:80' }, ['query'])).rejects.toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: ['query', 'from'] }] });
  });
});
