import { describe, expect, it } from 'vitest';
import { computeMaxPods, defaultCatalogue } from '../../src';
import { readConformance } from '../support/conformance';

// Answer key: awslabs/amazon-eks-ami templates/al2/runtime/max-pods-calculator.sh @ 0ab84280, run verbatim
// (test/conformance/max-pods-calculator-cases.json). `--max-pods-cap auto` must reproduce it, quirks included.
interface CalculatorCase {
  instanceType: string;
  flags: { customNetworking: boolean; prefixDelegation: boolean };
  cniVersion: string;
  expected: number;
  uncapped: number;
  cap: number;
  prefixDelegationApplied: boolean;
}

const cases = readConformance<CalculatorCase[]>('max-pods-calculator-cases.json');

describe('max-pods-calculator.sh conformance (cap auto)', () => {
  it('has the 160 cases', () => {
    expect(cases).toHaveLength(160);
  });

  it.each(cases.map((c) => [`${c.instanceType} ${JSON.stringify(c.flags)}`, c] as const))(
    '%s',
    (_, c) => {
      const result = computeMaxPods(defaultCatalogue().get(c.instanceType), {
        customNetworking: c.flags.customNetworking,
        prefixDelegation: c.flags.prefixDelegation,
        cniVersion: c.cniVersion,
        cap: 'auto',
      });
      expect({
        maxPods: result.maxPods,
        uncapped: result.uncapped,
        cap: result.cap,
        pd: result.prefixDelegation,
      }).toEqual({
        maxPods: c.expected,
        uncapped: c.uncapped,
        cap: c.cap,
        pd: c.prefixDelegationApplied,
      });
    },
  );
});
