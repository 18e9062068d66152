import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { base32 } from '../../test/support/sha256-reference';
import { sha256Base32, sha256Base32Into, sha256Base32Of, sha256Base32WordsOfBlock, sha256Words } from './hash';

// Reference: Node's own SHA-256 (OpenSSL) and base32 (RFC 4648) of the digest, for the one-block ASCII fast path
// (unrolled compression), the general path (two blocks, non-ASCII) and the boundaries between them.
function hex(words: Int32Array): string {
  return Array.from(words, (w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
}

describe('sha256 (pure TypeScript) matches OpenSSL', () => {
  it.each(['', 'abc', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'w'.repeat(200), 'héllo', 'ns1/svc1:p80tcp10.180.0.1:80'])('%s', (text) => {
    const ref = createHash('sha256').update(text, 'utf8').digest();
    expect(hex(sha256Words(text))).toBe(ref.toString('hex'));
    expect(sha256Base32(text, 16)).toBe(base32(ref).slice(0, 16));
    expect(sha256Base32(text, 8, 'P-')).toBe(`P-${base32(ref).slice(0, 8)}`);
    expect(sha256Base32(text, 16, 'KUBE-SEP-')).toBe(`KUBE-SEP-${base32(ref).slice(0, 16)}`);
    expect(sha256Base32(text, 16, 'KUBE-SVC-X')).toBe(`KUBE-SVC-X${base32(ref).slice(0, 16)}`);
    for (const chars of [1, 5, 6, 7, 13, 32, 51]) expect(sha256Base32(text, chars)).toBe(base32(ref).slice(0, chars));
  });

  it('hashes the concatenation of three parts without building it', () => {
    const cases: [string, string, string][] = [
      ['ns1/svc1:p80', 'tcp', '10.180.0.1:80'],
      ['ns-49/svc-9999:http', 'tcp', '[fd00:10:244::ffff]:8080'],
      ['a'.repeat(30), 'sctp', 'b'.repeat(22)],
      ['a'.repeat(30), 'sctp', 'b'.repeat(21)],
      ['ns/é', 'udp', '10.0.0.1:53'],
      ['', '', ''],
    ];
    for (const [a, b, c] of cases) {
      const ref = base32(createHash('sha256').update(a + b + c, 'utf8').digest());
      expect(sha256Base32Of(a, b, c, 16, 'KUBE-SEP-')).toBe(`KUBE-SEP-${ref.slice(0, 16)}`);
      expect(sha256Base32Of(a, b, c, 8)).toBe(ref.slice(0, 8));
    }
  });

  it('hashes raw bytes into a byte array, and one padded block into packed base32 words', () => {
    for (const text of ['', 'ns1/svc1:p80tcp10.180.0.1:80', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(130)]) {
      const bytes = Buffer.from(text, 'utf8');
      const ref = base32(createHash('sha256').update(bytes).digest()).slice(0, 16);
      const out = new Uint8Array(20);
      sha256Base32Into(new Uint8Array(bytes), bytes.length, out, 2);
      expect(Buffer.from(out.subarray(2, 18)).toString('latin1')).toBe(ref);
      if (bytes.length > 55) continue;
      // The one block as FIPS 180-4 §5.1.1 pads it: message, 0x80, zeros, the bit length in the last word.
      const block = Buffer.alloc(64);
      bytes.copy(block);
      block[bytes.length] = 0x80;
      block.writeUInt32BE(bytes.length * 8, 60);
      const words = new Int32Array(16).map((_, i) => block.readInt32BE(i * 4));
      const packed = new Int32Array(5);
      sha256Base32WordsOfBlock(words, packed, 1);
      expect(Buffer.from(packed.buffer).subarray(4, 20).toString('latin1')).toBe(ref);
    }
  });
});

describe('the unrolled compression', () => {
  it('is the file the generator makes (not edited by hand)', () => {
    const root = join(__dirname, '../../../..');
    const generated = execFileSync(process.execPath, [join(root, 'libs/netsim/scripts/gen-sha256-block.mjs')], { cwd: root, encoding: 'utf8' });
    expect(generated).toBe(readFileSync(join(__dirname, 'sha256-block.ts'), 'utf8'));
  });
});
