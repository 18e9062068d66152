import { describe, expect, it } from 'vitest';
import { cidr4, cidr4Overlap, inCidr4, ip4, ip4Text, makeCidr4 } from './ipv4';

describe('ipv4', () => {
  it('parses and formats addresses', () => {
    expect(ip4('10.0.1.23')).toBe(167772439);
    expect(ip4Text(4294967295)).toBe('255.255.255.255');
    expect([ip4('10.0.1'), ip4('256.0.0.1'), ip4('a.b.c.d')]).toEqual([-1, -1, -1]);
  });

  it('handles blocks', () => {
    const block = cidr4('10.244.0.0/16')!;
    expect([block.size, inCidr4(block, ip4('10.244.255.255')), inCidr4(block, ip4('10.245.0.0'))]).toEqual([65536, true, false]);
    expect(makeCidr4(ip4('10.244.1.77'), 24).text).toBe('10.244.1.0/24');
    expect(cidr4Overlap(cidr4('10.0.0.0/8')!, cidr4('10.1.0.0/16')!)).toBe(true);
    expect(cidr4('0.0.0.0/0')!.size).toBe(2 ** 32);
  });
});
