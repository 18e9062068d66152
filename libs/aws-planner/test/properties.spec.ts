import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calculatorCeiling, computeMaxPods, defaultCatalogue, simulateWarmPool } from '../src';

const types = defaultCatalogue().instanceTypes;
const anyType = fc.constantFrom(...types);
const nitroType = fc.constantFrom(...types.filter((t) => t.hypervisor === 'nitro'));
const flags = fc.record({
  customNetworking: fc.boolean(),
  securityGroupsForPods: fc.boolean(),
  maxEni: fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
});

describe('properties', () => {
  it('max pods never exceeds the cap', () => {
    fc.assert(
      fc.property(
        anyType,
        flags,
        fc.boolean(),
        fc.oneof(fc.constant('auto' as const), fc.integer({ min: 1, max: 1000 })),
        (t, f, pd, cap) => {
          const result = computeMaxPods(t, { ...f, prefixDelegation: pd, cap });
          const ceiling = cap === 'auto' ? calculatorCeiling(t) : cap;
          expect(result.maxPods).toBeLessThanOrEqual(ceiling);
          expect(result.maxPods).toBeLessThanOrEqual(result.uncapped);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('prefix delegation never gives fewer pods than secondary-IP mode on Nitro', () => {
    fc.assert(
      fc.property(
        nitroType,
        flags,
        fc.constantFrom('none' as const, 'auto' as const, 110, 58),
        (t, f, cap) => {
          const secondary = computeMaxPods(t, { ...f, cap }).maxPods;
          const prefixes = computeMaxPods(t, { ...f, cap, prefixDelegation: true }).maxPods;
          expect(prefixes).toBeGreaterThanOrEqual(secondary);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a node holds at least one subnet address per pod address and per ENI', () => {
    const settings = fc.record({
      prefixDelegation: fc.boolean(),
      customNetworking: fc.boolean(),
      securityGroupsForPods: fc.boolean(),
      warmEniTarget: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      warmIpTarget: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
      minimumIpTarget: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
      warmPrefixTarget: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(anyType, settings, fc.integer({ min: 0, max: 300 }), (t, s, pods) => {
        const result = simulateWarmPool({ instanceType: t, pods, ...s });
        const enisWithTrunk = result.enis + (result.trunkEni ? 1 : 0);
        expect(result.subnetIps).toBeGreaterThanOrEqual(result.assignedPods + enisWithTrunk);
        expect(result.assignedPods + result.unassignedPods).toBe(pods);
        expect(result.ips).toBeGreaterThanOrEqual(result.assignedPods);
      }),
      { numRuns: 300 },
    );
  });
});
