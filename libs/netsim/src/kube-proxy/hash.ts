import { compressFirstBlock, K } from './sha256-block';

// Scratch reused by every call (the functions are synchronous and never re-entered): no allocation per hash.
const W = new Int32Array(64);
const H = new Int32Array(8);
const BLOCK = new Uint8Array(64);
let buffer = new Uint8Array(256);

/**
 * Writes `first + second + third` and the SHA-256 padding as one 64-byte block into W, straight from the character
 * codes (no concatenated string, no byte array per call). False when the message does not fit one block as ASCII
 * (more than 55 characters, or any non-ASCII character): the caller takes the general path.
 */
function oneAsciiBlock(first: string, second: string, third: string): boolean {
  const n = first.length + second.length + third.length;
  if (n > 55) return false;
  let k = 0;
  let any = 0;
  for (let i = 0; i < first.length; i += 1) {
    const c = first.charCodeAt(i);
    any |= c;
    BLOCK[k++] = c;
  }
  for (let i = 0; i < second.length; i += 1) {
    const c = second.charCodeAt(i);
    any |= c;
    BLOCK[k++] = c;
  }
  for (let i = 0; i < third.length; i += 1) {
    const c = third.charCodeAt(i);
    any |= c;
    BLOCK[k++] = c;
  }
  if (any > 0x7f) return false;
  BLOCK[n] = 0x80;
  for (let i = n + 1; i < 60; i += 1) BLOCK[i] = 0;
  for (let i = 0; i < 15; i += 1) {
    const j = i << 2;
    W[i] = (BLOCK[j]! << 24) | (BLOCK[j + 1]! << 16) | (BLOCK[j + 2]! << 8) | BLOCK[j + 3]!;
  }
  W[15] = n << 3;
  return true;
}

function encodeUtf8(text: string): number {
  let n = 0;
  if (buffer.length < text.length * 3 + 72) buffer = new Uint8Array(text.length * 3 + 72);
  for (let i = 0; i < text.length; i += 1) {
    let c = text.charCodeAt(i);
    if (c < 0x80) buffer[n++] = c;
    else if (c < 0x800) {
      buffer[n++] = 0xc0 | (c >> 6);
      buffer[n++] = 0x80 | (c & 63);
    } else {
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
        c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
        i += 1;
        buffer[n++] = 0xf0 | (c >> 18);
        buffer[n++] = 0x80 | ((c >> 12) & 63);
      } else buffer[n++] = 0xe0 | (c >> 12);
      buffer[n++] = 0x80 | ((c >> 6) & 63);
      buffer[n++] = 0x80 | (c & 63);
    }
  }
  return n;
}

/** Any message: UTF-8 encoded into `buffer`, then hashed as bytes. */
function sha256General(text: string): void {
  sha256OfBuffer(encodeUtf8(text));
}

/**
 * SHA-256 of the first `length` bytes of `buffer` into H: padded in place (the buffer has room for it) and compressed
 * block by block (FIPS 180-4 §5.1.1, §6.2.2).
 */
function sha256OfBuffer(length: number): void {
  const total = ((length + 9 + 63) >> 6) << 6;
  buffer.fill(0, length, total);
  buffer[length] = 0x80;
  const bits = length * 8;
  buffer[total - 4] = (bits >>> 24) & 255;
  buffer[total - 3] = (bits >>> 16) & 255;
  buffer[total - 2] = (bits >>> 8) & 255;
  buffer[total - 1] = bits & 255;
  let h0 = 0x6a09e667, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372, h3 = 0xa54ff53a | 0, h4 = 0x510e527f, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i += 1) {
      const j = off + i * 4;
      W[i] = (buffer[j]! << 24) | (buffer[j + 1]! << 16) | (buffer[j + 2]! << 8) | buffer[j + 3]!;
    }
    for (let i = 16; i < 64; i += 1) {
      const w15 = W[i - 15]!;
      const w2 = W[i - 2]!;
      const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
      const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
      W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
    for (let i = 0; i < 64; i += 1) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i]! + W[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  H[0] = h0; H[1] = h1; H[2] = h2; H[3] = h3; H[4] = h4; H[5] = h5; H[6] = h6; H[7] = h7;
}

/** SHA-256 of `first + second + third` into H, without building the concatenation when it is one ASCII block. */
function sha256Into(first: string, second: string, third: string): void {
  if (oneAsciiBlock(first, second, third)) compressFirstBlock(W, H);
  else sha256General(first + second + third);
}

/**
 * SHA-256 of a string's UTF-8 bytes (FIPS 180-4), as 8 big-endian 32-bit words. Pure TypeScript (the pure libraries
 * stay runtime-neutral; Node's `crypto.hash` also costs ~2 us a call against ~0.3 us here for chain-name inputs).
 * The returned array is scratch, overwritten by the next call: copy what you keep.
 *
 * @example
 * sha256Words('abc')[0]!.toString(16) // => 'ba7816bf'
 */
export function sha256Words(text: string): Int32Array {
  sha256Into(text, '', '');
  return H;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B32_CODES = new Uint8Array(Array.from(B32, (c) => c.charCodeAt(0)));
const codes: number[] = [];
let lastPrefix = '';
const prefixCodes: number[] = [];

/** The prefix's character codes, kept for the last prefix seen (callers use one or two fixed prefixes). */
function codesOf(prefix: string): number[] {
  if (prefix !== lastPrefix) {
    prefixCodes.length = 0;
    for (let i = 0; i < prefix.length; i += 1) prefixCodes.push(prefix.charCodeAt(i));
    lastPrefix = prefix;
  }
  return prefixCodes;
}

/**
 * `prefix` + the first 16 base32 characters of the digest in H (its first 80 bits: H[0], H[1], the top half of H[2]),
 * as one flat string: one `String.fromCharCode` call, no array and no rope.
 */
function base32Of80Bits(prefix: string): string {
  const h0 = H[0]!, h1 = H[1]!, h2 = H[2]!;
  const c0 = B32_CODES[h0 >>> 27]!, c1 = B32_CODES[(h0 >>> 22) & 31]!, c2 = B32_CODES[(h0 >>> 17) & 31]!, c3 = B32_CODES[(h0 >>> 12) & 31]!;
  const c4 = B32_CODES[(h0 >>> 7) & 31]!, c5 = B32_CODES[(h0 >>> 2) & 31]!, c6 = B32_CODES[((h0 & 3) << 3) | (h1 >>> 29)]!, c7 = B32_CODES[(h1 >>> 24) & 31]!;
  const c8 = B32_CODES[(h1 >>> 19) & 31]!, c9 = B32_CODES[(h1 >>> 14) & 31]!, c10 = B32_CODES[(h1 >>> 9) & 31]!, c11 = B32_CODES[(h1 >>> 4) & 31]!;
  const c12 = B32_CODES[((h1 & 15) << 1) | (h2 >>> 31)]!, c13 = B32_CODES[(h2 >>> 26) & 31]!, c14 = B32_CODES[(h2 >>> 21) & 31]!, c15 = B32_CODES[(h2 >>> 16) & 31]!;
  if (prefix.length === 0) return String.fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15);
  const p = codesOf(prefix);
  if (p.length === 9) {
    // `KUBE-SEP-`: the 2.5 million endpoint chains of a large cluster.
    return String.fromCharCode(p[0]!, p[1]!, p[2]!, p[3]!, p[4]!, p[5]!, p[6]!, p[7]!, p[8]!, c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15);
  }
  codes.length = 0;
  for (const c of p) codes.push(c);
  codes.push(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15);
  return String.fromCharCode(...codes);
}

/** `prefix` + the first `chars` base32 characters of the digest in H, for any `chars` up to 51. */
function base32OfDigest(prefix: string, chars: number): string {
  codes.length = 0;
  for (const c of codesOf(prefix)) codes.push(c);
  // Read the digest as a bit stream, 5 bits per character, big-endian across the 32-bit words.
  let bit = 0;
  for (let i = 0; i < chars; i += 1, bit += 5) {
    const word = bit >>> 5;
    const offset = bit & 31;
    const hi = H[word]! >>> 0;
    const value = offset <= 27 ? (hi >>> (27 - offset)) & 31 : ((hi << (offset - 27)) | ((H[word + 1] ?? 0) >>> (59 - offset))) & 31;
    codes.push(B32_CODES[value]!);
  }
  return String.fromCharCode(...codes);
}

/**
 * `prefix` + the first `chars` characters (8 or 16 in kube-proxy; at most 51) of the RFC 4648 base32 encoding
 * (`base32.StdEncoding`) of the SHA-256 digest of `first + second + third` (UTF-8), without building the
 * concatenation: what kube-proxy names per-service and per-endpoint chains with.
 *
 * @example
 * sha256Base32Of('ns1/svc1:p80', 'tcp', '10.180.0.1:80', 16, 'KUBE-SEP-') // => 'KUBE-SEP-SXIVWICOYRO3J4NJ'
 */
export function sha256Base32Of(first: string, second: string, third: string, chars: number, prefix = ''): string {
  sha256Into(first, second, third);
  return chars === 16 ? base32Of80Bits(prefix) : base32OfDigest(prefix, chars);
}

/**
 * The first `chars` characters (8 or 16 in kube-proxy; at most 51) of the RFC 4648 base32 encoding
 * (`base32.StdEncoding`) of a string's SHA-256 digest: what kube-proxy uses to name per-service and per-endpoint
 * chains.
 *
 * @example
 * sha256Base32('ns1/svc1:p80tcp', 16) // => 'XPGD46QRK7WJZT7O'
 */
export function sha256Base32(text: string, chars: number, prefix = ''): string {
  return sha256Base32Of(text, '', '', chars, prefix);
}

/**
 * The first 16 base32 characters of the SHA-256 digest of `message[0..length)` (raw bytes, e.g. a chain-name input
 * already UTF-8 encoded), written as ASCII into `out[at..at+16)`: no string, no allocation. A message of at most 55
 * bytes (every kube-proxy endpoint chain input with an IPv4 endpoint and a short Service name) is one block, read
 * straight from `message` into the unrolled compression.
 *
 * @example
 * sha256Base32Into(bytesOf('ns1/svc1:p80tcp10.180.0.1:80'), 28, out, 0) // out[0..16) = 'SXIVWICOYRO3J4NJ'
 */
export function sha256Base32Into(message: Uint8Array, length: number, out: Uint8Array, at: number): void {
  if (length <= 55) {
    // One block: the message, 0x80, zeros, the bit length (FIPS 180-4 §5.1.1), as 16 big-endian words.
    let i = 0;
    let j = 0;
    for (; j + 4 <= length; i += 1, j += 4) W[i] = (message[j]! << 24) | (message[j + 1]! << 16) | (message[j + 2]! << 8) | message[j + 3]!;
    const rest = length - j;
    W[i++] = rest === 0 ? 0x80000000 | 0 : rest === 1 ? (message[j]! << 24) | 0x800000 : rest === 2 ? (message[j]! << 24) | (message[j + 1]! << 16) | 0x8000 : (message[j]! << 24) | (message[j + 1]! << 16) | (message[j + 2]! << 8) | 0x80;
    for (; i < 15; i += 1) W[i] = 0;
    W[15] = length << 3;
    compressFirstBlock(W, H);
  } else {
    if (buffer.length < length + 72) buffer = new Uint8Array(length + 72);
    buffer.set(message.subarray(0, length));
    sha256OfBuffer(length);
  }
  const h0 = H[0]!, h1 = H[1]!, h2 = H[2]!;
  out[at] = B32_CODES[h0 >>> 27]!;
  out[at + 1] = B32_CODES[(h0 >>> 22) & 31]!;
  out[at + 2] = B32_CODES[(h0 >>> 17) & 31]!;
  out[at + 3] = B32_CODES[(h0 >>> 12) & 31]!;
  out[at + 4] = B32_CODES[(h0 >>> 7) & 31]!;
  out[at + 5] = B32_CODES[(h0 >>> 2) & 31]!;
  out[at + 6] = B32_CODES[((h0 & 3) << 3) | (h1 >>> 29)]!;
  out[at + 7] = B32_CODES[(h1 >>> 24) & 31]!;
  out[at + 8] = B32_CODES[(h1 >>> 19) & 31]!;
  out[at + 9] = B32_CODES[(h1 >>> 14) & 31]!;
  out[at + 10] = B32_CODES[(h1 >>> 9) & 31]!;
  out[at + 11] = B32_CODES[(h1 >>> 4) & 31]!;
  out[at + 12] = B32_CODES[((h1 & 15) << 1) | (h2 >>> 31)]!;
  out[at + 13] = B32_CODES[(h2 >>> 26) & 31]!;
  out[at + 14] = B32_CODES[(h2 >>> 21) & 31]!;
  out[at + 15] = B32_CODES[(h2 >>> 16) & 31]!;
}

/**
 * SHA-256 of a one-block message whose 16 big-endian words (padding and bit length included, FIPS 180-4 §5.1.1)
 * the caller has written to `words`; the first 16 base32 characters of the digest are written as ASCII, packed
 * into 4 little-endian 32-bit words, to `out[at..at+4)` (what the ruleset writers store with 4 word stores).
 *
 * @example
 * sha256Base32WordsOfBlock(words, hashes, 4 * i) // endpoint i's KUBE-SEP chain hash
 */
export function sha256Base32WordsOfBlock(words: Int32Array, out: Int32Array, at: number): void {
  compressFirstBlock(words, H);
  const h0 = H[0]!, h1 = H[1]!, h2 = H[2]!;
  out[at] = B32_CODES[h0 >>> 27]! | (B32_CODES[(h0 >>> 22) & 31]! << 8) | (B32_CODES[(h0 >>> 17) & 31]! << 16) | (B32_CODES[(h0 >>> 12) & 31]! << 24);
  out[at + 1] = B32_CODES[(h0 >>> 7) & 31]! | (B32_CODES[(h0 >>> 2) & 31]! << 8) | (B32_CODES[((h0 & 3) << 3) | (h1 >>> 29)]! << 16) | (B32_CODES[(h1 >>> 24) & 31]! << 24);
  out[at + 2] = B32_CODES[(h1 >>> 19) & 31]! | (B32_CODES[(h1 >>> 14) & 31]! << 8) | (B32_CODES[(h1 >>> 9) & 31]! << 16) | (B32_CODES[(h1 >>> 4) & 31]! << 24);
  out[at + 3] = B32_CODES[((h1 & 15) << 1) | (h2 >>> 31)]! | (B32_CODES[(h2 >>> 26) & 31]! << 8) | (B32_CODES[(h2 >>> 21) & 31]! << 16) | (B32_CODES[(h2 >>> 16) & 31]! << 24);
}
