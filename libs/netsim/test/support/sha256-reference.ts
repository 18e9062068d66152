import { createHash } from 'node:crypto';

// References for the chain-hash specs: RFC 4648 base32 (`base32.StdEncoding`, as kube-proxy encodes) of Node's
// SHA-256 (OpenSSL), written out bit by bit so that it shares no code with the implementations under test.
export function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of bytes) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i + 5 <= bits.length; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return out;
}

/** The first 16 base32 characters of the SHA-256 of `text` (UTF-8): a kube-proxy chain name's hash part. */
export function chainHashOf(text: string): string {
  return base32(createHash('sha256').update(text, 'utf8').digest()).slice(0, 16);
}
