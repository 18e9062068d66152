import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Base32, sha256Words } from './hash';

// Reference: Node's own SHA-256 (OpenSSL) and base32 (RFC 4648) of the digest, for the one-block ASCII fast path,
// the general path (two blocks, non-ASCII) and the boundaries between them.
function hex(words: Int32Array): string {
  return Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
}
function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i + 5 <= bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return out;
}

describe('sha256 (pure TypeScript) matches OpenSSL', () => {
  it.each(['', 'abc', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'w'.repeat(200), 'héllo', 'ns1/svc1:p80tcp10.180.0.1:80'])('%s', (text) => {
    const ref = createHash('sha256').update(text, 'utf8').digest();
    expect(hex(sha256Words(text))).toBe(ref.toString('hex'));
    expect(sha256Base32(text, 16)).toBe(base32(ref).slice(0, 16));
    expect(sha256Base32(text, 8, 'P-')).toBe(`P-${base32(ref).slice(0, 8)}`);
  });
});
