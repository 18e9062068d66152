import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha1Hex } from './sha1';

describe('sha1Hex', () => {
  it('matches FIPS 180 test vectors and Node crypto', () => {
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    for (const text of ['default.web-0', 'kube-system.coredns-5d78c9869d-abcde', 'x'.repeat(200), 'ünïcode.pod']) {
      expect(sha1Hex(text)).toBe(createHash('sha1').update(text).digest('hex'));
    }
  });
});
