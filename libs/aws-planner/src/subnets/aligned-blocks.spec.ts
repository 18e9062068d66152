import { describe, expect, it } from 'vitest';
import { alignedBlockUsage } from './aligned-blocks';

// EC2: 5 reserved addresses per subnet (first four and last); a prefix needs a whole aligned /28.
describe('alignedBlockUsage', () => {
  it('counts whole /28 blocks left beside /32s, prefixes and the reserved addresses', () => {
    // /24 = 16 blocks. Reserved: block 0 (.0-.3) and block 15 (.255). .10 -> block 0, .20 -> block 1,
    // 10.0.0.32/28 = block 2, .40 -> block 2, .50 -> block 3: blocks 0,1,2,3,15 taken, 11 free.
    const usage = alignedBlockUsage(
      '10.0.0.0/24',
      ['10.0.0.10', '10.0.0.20', '10.0.0.40', '10.0.0.50'],
      ['10.0.0.32/28'],
    );
    expect(usage).toEqual({
      cidr: '10.0.0.0/24',
      alignedBlocks: 16,
      freeBlocks: 11,
      usedAddresses: 20,
      availableAddresses: 231,
    });
  });

  it('shows a subnet with free addresses but no free /28 (InsufficientCidrBlocks)', () => {
    // A /26 (4 blocks): one /32 in each of blocks 1 and 2 leaves none whole, yet 57 addresses are free.
    const usage = alignedBlockUsage('10.0.1.0/26', ['10.0.1.20', '10.0.1.40'], []);
    expect(usage.freeBlocks).toBe(0);
    expect(usage.availableAddresses).toBe(57);
  });

  it('ignores addresses outside the subnet', () => {
    expect(alignedBlockUsage('10.0.0.0/28', ['10.9.9.9'], ['10.9.9.0/28'])).toMatchObject({
      freeBlocks: 0,
      usedAddresses: 0,
    });
  });
});
