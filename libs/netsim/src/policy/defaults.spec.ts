import { describe, expect, it } from 'vitest';
import { defaultIpBlockMatchesPods } from './defaults';

// docs/netpol.md §1 "ipBlock vs pod IPs": Calico matches cluster IPs (projectcalico/calico#6634) and the upstream
// e2e suite expects pod IPs to match; every CNI a design can name today therefore defaults to true.
describe('defaultIpBlockMatchesPods', () => {
  it.each(['calico', 'aws-vpc-cni', 'bridge', 'docker-bridge'] as const)('%s: ipBlocks match pod IPs', (cni) => {
    expect(defaultIpBlockMatchesPods(cni)).toBe(true);
  });
});
