import { describe, expect, it } from 'vitest';
import { getInstanceType } from '../catalogue/catalogue';
import { computeMaxPods, type MaxPodsOptions } from './max-pods';

const maxPods = (type: string, options: MaxPodsOptions = {}) =>
  computeMaxPods(getInstanceType(type), options).maxPods;

// Worked examples: shared/docs/vpc-cni.md §2.6, from amazon-vpc-cni-k8s scripts/gen_vpc_ip_limits.go
// (E·S+2), nodeadm doc/examples.md ((E−1)·S+2 for custom networking) and max-pods-calculator.sh (PD ×16, 110/250).
describe('computeMaxPods: worked examples from the VPC CNI and EKS AMI', () => {
  it.each([
    // type, standard, custom networking, PD, PD capped (calculator)
    ['t3.medium', 17, 12, 242, 110],
    ['m5.large', 29, 20, 434, 110],
    ['m5.24xlarge', 737, 688, 11762, 250],
    ['c6in.32xlarge', 394, 345, 6274, 250],
    ['p5.48xlarge', 100, 51, 1570, 250],
    ['m5.metal', 737, 688, 11762, 250],
  ])('%s: %i / custom %i / PD %i / PD capped %i', (type, standard, custom, pd, pdCapped) => {
    expect(maxPods(type)).toBe(standard);
    expect(maxPods(type, { customNetworking: true })).toBe(custom);
    expect(maxPods(type, { prefixDelegation: true })).toBe(pd);
    expect(maxPods(type, { prefixDelegation: true, cap: 'auto' })).toBe(pdCapped);
  });

  it('caps m5.24xlarge at 250 under the calculator even without PD (96 vCPU > 30)', () => {
    expect(maxPods('m5.24xlarge', { cap: 'auto' })).toBe(250);
  });

  it('uses only the default card on multi-card types (p5.48xlarge: 2 of 64 ENIs)', () => {
    expect(computeMaxPods(getInstanceType('p5.48xlarge')).podEnis).toBe(2);
  });

  it('lets ipamd use PD on bare metal (hypervisor unknown) but not the calculator', () => {
    const ipamd = computeMaxPods(getInstanceType('m5.metal'), { prefixDelegation: true });
    const calculator = computeMaxPods(getInstanceType('m5.metal'), {
      prefixDelegation: true,
      cap: 'auto',
    });
    expect(ipamd.prefixDelegation).toBe(true);
    expect(calculator.prefixDelegation).toBe(false);
    expect(calculator.maxPods).toBe(250);
  });

  it('falls back to secondary IPs on Xen (ipamd isConfigValid) and before CNI 1.9', () => {
    const xen = getInstanceType('m4.large');
    expect(xen.hypervisor).toBe('xen');
    expect(computeMaxPods(xen, { prefixDelegation: true }).maxPods).toBe(
      computeMaxPods(xen).maxPods,
    );
    expect(maxPods('m5.large', { prefixDelegation: true, cniVersion: '1.8.0' })).toBe(29);
  });

  // vpc-cni.md §5: the trunk takes one default-card slot: (E−1)·S+2 for IP pods; branch pods from limits.go.
  it('takes the trunk slot with security groups for pods (m5.large 20, 9 branch pods)', () => {
    const result = computeMaxPods(getInstanceType('m5.large'), { securityGroupsForPods: true });
    expect(result.maxPods).toBe(20);
    expect(result.branchPods).toBe(9);
  });

  it('reserves no trunk slot on types that cannot trunk since CNI 1.20.4 (#3250), but did before (#3094)', () => {
    expect(maxPods('t3.medium', { securityGroupsForPods: true })).toBe(17);
    expect(maxPods('t3.medium', { securityGroupsForPods: true, cniVersion: '1.20.3' })).toBe(12);
  });

  it('applies MAX_ENI only below the instance limit (getMaxENI) and reserved ENIs', () => {
    expect(maxPods('m5.large', { maxEni: 2 })).toBe(2 * 9 + 2);
    expect(maxPods('m5.large', { maxEni: 8 })).toBe(29);
    expect(maxPods('m5.large', { reservedEnis: 1 })).toBe(20);
  });

  it('applies a numeric cap and reports what binds', () => {
    const result = computeMaxPods(getInstanceType('m5.24xlarge'), { cap: 110 });
    expect(result).toMatchObject({ maxPods: 110, uncapped: 737, binding: 'cap' });
  });

  it('IPv6: addresses never bind; nodeadm writes the IPv4 formula; refuses Xen', () => {
    expect(computeMaxPods(getInstanceType('m5.large'), { ipv6: true, cap: 'auto' })).toMatchObject({
      maxPods: 29,
      binding: 'ipv6-cap',
    });
    expect(computeMaxPods(getInstanceType('m4.large'), { ipv6: true }).binding).toBe('unsupported');
  });

  it('does not modify the catalogue entry', () => {
    const limits = getInstanceType('m5.large');
    const before = JSON.stringify(limits);
    computeMaxPods(limits, {
      prefixDelegation: true,
      customNetworking: true,
      securityGroupsForPods: true,
    });
    expect(JSON.stringify(limits)).toBe(before);
  });
});
