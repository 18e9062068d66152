import { describe, expect, it } from 'vitest';
import { cniVersionAtLeast, parseCniVersion } from './cni-version';
import { calculatorCeiling, capValue, parseMaxPodsCap } from './kubelet-cap';

describe('kubelet cap and CNI version', () => {
  // max-pods-calculator.sh: CPU_COUNT -gt 30 -> 250, else 110; a missing count fails the test inside `if` -> 110.
  it('uses the calculator thresholds, quirk included', () => {
    expect(calculatorCeiling({ vcpus: 30 })).toBe(110);
    expect(calculatorCeiling({ vcpus: 32 })).toBe(250);
    expect(calculatorCeiling({ vcpus: null })).toBe(110);
    expect(capValue('none', { vcpus: 96 })).toBeNull();
    expect(capValue(58, { vcpus: 96 })).toBe(58);
  });

  it('parses caps and rejects nonsense', () => {
    expect(parseMaxPodsCap('AUTO')).toBe('auto');
    expect(parseMaxPodsCap('110')).toBe(110);
    expect(() => parseMaxPodsCap('0')).toThrow(/maxPodsCap/);
    expect(() => parseMaxPodsCap('lots')).toThrow(/maxPodsCap/);
  });

  // The calculator enables prefix delegation for major > 1 or (1 and minor > 8), i.e. >= 1.9.
  it('compares versions like the calculator', () => {
    expect(cniVersionAtLeast(parseCniVersion('1.9.0'), 1, 9)).toBe(true);
    expect(cniVersionAtLeast(parseCniVersion('v1.8.9'), 1, 9)).toBe(false);
    expect(cniVersionAtLeast(parseCniVersion('2.0'), 1, 20, 4)).toBe(true);
    expect(cniVersionAtLeast(parseCniVersion('1.20.3'), 1, 20, 4)).toBe(false);
    expect(() => parseCniVersion('latest')).toThrow(/cniVersion/);
  });
});
