import { describe, expect, it } from 'vitest';
import { cidrRange, ipv4ToNumber, numberToIpv4, rangeToCidrs } from './ipv4';
import { ipBlockRangesOf } from './ranges';

describe('IPv4 helpers', () => {
  it('parses and formats addresses; refuses IPv6', () => {
    expect(ipv4ToNumber('10.0.0.1')).toBe(167772161);
    expect(numberToIpv4(167772161)).toBe('10.0.0.1');
    expect(ipv4ToNumber('::1')).toBeUndefined();
    expect(ipv4ToNumber('256.0.0.1')).toBeUndefined();
  });
  it('ignores host bits as the API server does (192.168.242.213/24 acts as 192.168.242.0/24)', () => {
    expect(cidrRange('192.168.242.213/24')).toEqual([ipv4ToNumber('192.168.242.0'), ipv4ToNumber('192.168.242.255')]);
  });
  it('covers a range with the fewest CIDRs', () => {
    expect(rangeToCidrs(0, 2 ** 32 - 1)).toEqual(['0.0.0.0/0']);
    expect(rangeToCidrs(ipv4ToNumber('10.0.0.1')!, ipv4ToNumber('10.0.0.6')!)).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.6/32']);
  });
  it('punches except holes in an ipBlock (Kubernetes docs example 172.17.0.0/16 except 172.17.1.0/24)', () => {
    const r = ipBlockRangesOf('172.17.0.0/16', ['172.17.1.0/24']);
    expect(r.map(([a, b]) => rangeToCidrs(a, b))).toEqual([['172.17.0.0/24'], ['172.17.2.0/23', '172.17.4.0/22', '172.17.8.0/21', '172.17.16.0/20', '172.17.32.0/19', '172.17.64.0/18', '172.17.128.0/17']]);
  });
});
