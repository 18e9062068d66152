import { describe, expect, it } from 'vitest';
import { blockStats, subnetSpace } from './subnet-space';

describe('subnetSpace', () => {
  // EC2 reserves 5 addresses per subnet (first four and the last): a /24 has 251 usable.
  it('counts the 5 reserved addresses and the /28 grid', () => {
    expect(subnetSpace({ name: 'a', cidr: '10.0.0.0/24', role: 'nodes' })).toMatchObject({
      size: 256,
      usable: 251,
      alignedBlocks: 16,
      cleanBlocks: 14,
      edgeAddresses: 27,
    });
    expect(subnetSpace({ name: 'b', cidr: '100.64.0.0/19', role: 'pods' })).toMatchObject({
      usable: 8187,
      alignedBlocks: 512,
    });
  });

  it('ignores IPv6 subnets', () => {
    expect(subnetSpace({ name: 'v6', cidr: '2600:1f18::/64', role: 'pods' })).toBeNull();
  });

  it('bounds free /28 blocks between packed and scattered /32s', () => {
    const space = subnetSpace({ name: 'a', cidr: '10.0.0.0/24', role: 'pods' });
    expect(space).not.toBeNull();
    if (space === null) return;
    expect(blockStats(space, 0, 0)).toEqual({ freeBlocksPacked: 14, freeBlocksWorst: 14 });
    expect(blockStats(space, 27, 0)).toEqual({ freeBlocksPacked: 14, freeBlocksWorst: 0 });
    expect(blockStats(space, 30, 2)).toEqual({ freeBlocksPacked: 11, freeBlocksWorst: 0 });
    expect(blockStats(space, 5, 3)).toEqual({ freeBlocksPacked: 11, freeBlocksWorst: 6 });
  });
});
