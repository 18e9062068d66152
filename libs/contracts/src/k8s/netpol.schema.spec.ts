import { describe, expect, it } from 'vitest';
import { IpBlockSchema, NetworkPolicyPeerSchema, NetworkPolicyPortSchema } from './netpol.schema';

describe('NetworkPolicy schema', () => {
  // docs/netpol.md §1 ipBlock: "A CIDR with host bits set (192.168.242.213/24) is accepted and acts as its network"
  // (netpol-analyzer eval_test TestBasic relies on it).
  it('accepts an ipBlock cidr with host bits set', () => {
    expect(IpBlockSchema.safeParse({ cidr: '192.168.242.213/24' }).success).toBe(true);
    expect(IpBlockSchema.safeParse({ cidr: '192.168.242.213/24', except: ['192.168.242.0/25'] }).success).toBe(true);
  });
  it('still refuses invalid CIDRs and excepts outside the block (API server validation)', () => {
    expect(IpBlockSchema.safeParse({ cidr: 'A' }).success).toBe(false);
    expect(IpBlockSchema.safeParse({ cidr: '10.0.0.0/24', except: ['10.0.1.0/25'] }).success).toBe(false);
  });
  it('refuses empty peers, ipBlock with selectors, and bad endPort (docs/netpol.md §3)', () => {
    expect(NetworkPolicyPeerSchema.safeParse({}).success).toBe(false);
    expect(NetworkPolicyPeerSchema.safeParse({ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }).success).toBe(false);
    expect(NetworkPolicyPortSchema.safeParse({ port: 10, endPort: 1 }).success).toBe(false);
    expect(NetworkPolicyPortSchema.safeParse({ port: 'http', endPort: 90 }).success).toBe(false);
  });
});
