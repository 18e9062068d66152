import { describe, expect, it } from 'vitest';
import { cidrContains, cidrContainsIp, cidrProblem, cidrsOverlap, nthAddress, parseCidr, parseIp } from './cidr';

describe('CIDR helpers', () => {
  it('parses IPv4 and IPv6 blocks to their first and last address', () => {
    const v4 = parseCidr('10.0.0.0/30');
    expect([v4.family, v4.prefix, v4.last - v4.first + 1n]).toEqual([4, 30, 4n]);
    const v6 = parseCidr('fd00::/64');
    expect([v6.family, v6.last - v6.first + 1n]).toEqual([6, 1n << 64n]);
  });

  it('rejects host bits and names the network address', () => {
    expect(cidrProblem('10.0.1.5/16')).toBe('has host bits set; the network address is 10.0.0.0/16');
    expect(cidrProblem('10.0.0.0/33')).toBe('not a CIDR block: prefix /33 is longer than 32 bits');
    expect(cidrProblem('10.0.0.0')).toMatch(/^not a CIDR block/);
    expect(cidrProblem('A')).toMatch(/^not a CIDR block/);
    expect(cidrProblem('10.1/16')).toMatch(/address part/);
  });

  it('tests containment and overlap within one family only', () => {
    const vpc = parseCidr('10.0.0.0/16');
    expect(cidrContains(vpc, parseCidr('10.0.16.0/20'))).toBe(true);
    expect(cidrContains(vpc, parseCidr('10.1.0.0/20'))).toBe(false);
    expect(cidrsOverlap(parseCidr('10.0.0.0/20'), parseCidr('10.0.8.0/21'))).toBe(true);
    expect(cidrsOverlap(parseCidr('10.0.0.0/20'), parseCidr('10.0.16.0/20'))).toBe(false);
    expect(cidrContainsIp(vpc, '10.0.255.255')).toBe(true);
    expect(cidrContainsIp(vpc, 'fd00::1')).toBe(false);
  });

  it('finds the n-th address (kubeadm puts cluster DNS at the 10th of the service range)', () => {
    expect(nthAddress(parseCidr('10.96.0.0/12'), 10)).toBe('10.96.0.10');
    expect(nthAddress(parseCidr('fd00:10:96::/112'), 10)).toBe('fd00:10:96::a');
  });

  it('accepts only four-part IPv4 addresses', () => {
    expect(parseIp('10.1')).toBeNull();
    expect(parseIp('10.0.0.1')).toEqual({ family: 4, value: 167772161n });
  });
});
