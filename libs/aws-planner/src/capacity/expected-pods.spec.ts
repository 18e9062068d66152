import { describe, expect, it } from 'vitest';
import { expectedPodsFromWorkloads } from './expected-pods';

const group = (
  name: string,
  desiredSize: number,
  labels: Record<string, string> = {},
  taints: { key: string; value?: string; effect: 'NoSchedule' }[] = [],
) => ({ name, instanceType: 'm5.large', desiredSize, labels, taints }) as never;
const pod = (spec: Record<string, unknown> = {}) =>
  ({ pod: { spec: { containers: [{ name: 'c' }], ...spec } } }) as never;

describe('expectedPodsFromWorkloads', () => {
  it('shares pods among fitting groups by desired size, ignoring hostNetwork and node-bound pods', () => {
    const design = { nodeGroups: [group('a', 3), group('b', 1, { disk: 'ssd' })] };
    const pods = [
      ...Array.from({ length: 8 }, () => pod()),
      pod({ nodeSelector: { disk: 'ssd' } }),
      pod({ hostNetwork: true }),
      pod({ nodeName: 'ip-10-0-0-1' }),
    ];
    const result = expectedPodsFromWorkloads(design, pods);
    // 8 free pods: 6 to a (3 of 4 nodes), 2 to b; the ssd pod only fits b: a = 6/3 = 2, b = 3/1 = 3.
    expect(Object.fromEntries(result.perNode)).toEqual({ a: 2, b: 3 });
    expect(result.unplaced).toBe(0);
  });

  it('respects taints and adds one pod per node for each fitting non-hostNetwork DaemonSet', () => {
    const design = { nodeGroups: [group('gpu', 2, {}, [{ key: 'gpu', effect: 'NoSchedule' }])] };
    const pods = [pod(), pod({ tolerations: [{ key: 'gpu', operator: 'Exists' }] })];
    const daemonSets = [
      {
        template: { spec: { containers: [{ name: 'x' }], tolerations: [{ operator: 'Exists' }] } },
      },
      {
        template: {
          spec: {
            containers: [{ name: 'y' }],
            hostNetwork: true,
            tolerations: [{ operator: 'Exists' }],
          },
        },
      },
      { template: { spec: { containers: [{ name: 'z' }] } } },
    ] as never;
    const result = expectedPodsFromWorkloads(design, pods, daemonSets);
    expect(result.perNode.get('gpu')).toBe(1 + 1);
    expect(result.unplaced).toBe(1);
  });
});
