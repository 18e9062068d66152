import { describe, expect, it } from 'vitest';
import { fnv32a, generatedSuffix, podTemplateHash, safeEncodeString } from './naming';

describe('generated names', () => {
  // k8s.io/apimachinery/pkg/util/rand: alphanums = "bcdfghjklmnpqrstvwxz2456789";
  // SafeEncodeString maps each byte b to alphanums[int(b) % len(alphanums)].
  it('maps digits as rand.SafeEncodeString does', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });

  it('computes FNV-1a 32 (the hash the Deployment controller uses) on known vectors', () => {
    // Test vectors from the FNV reference (draft-eastlake-fnv): "" -> 0x811c9dc5, "a" -> 0xe40c292c.
    expect(fnv32a('')).toBe(0x811c9dc5);
    expect(fnv32a('a')).toBe(0xe40c292c);
    expect(fnv32a('foobar')).toBe(0xbf9cf968);
  });

  it('gives stable pod-template-hashes from the generated-name alphabet', () => {
    const a = podTemplateHash({ spec: { containers: [{ name: 'c' }] } });
    expect(a).toMatch(/^[456789bcdf]{1,10}$/);
    expect(podTemplateHash({ spec: { containers: [{ name: 'c' }] } })).toBe(a);
    expect(podTemplateHash({ spec: { containers: [{ name: 'd' }] } })).not.toBe(a);
  });

  it('gives 5-character suffixes like utilrand.String(5)', () => {
    expect(generatedSuffix('shop/web-abc/0')).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(generatedSuffix('shop/web-abc/0')).toBe(generatedSuffix('shop/web-abc/0'));
  });
});
