const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const W = new Int32Array(64);
const H = new Int32Array(8);
let buffer = new Uint8Array(256);

function encodeUtf8(text: string): number {
  // Chain-name inputs are ASCII (names, protocols, addresses); other characters are encoded as UTF-8.
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

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** One 64-byte block: the message words straight from the character codes (chain-name inputs are short ASCII). */
function sha256ShortAscii(text: string): Int32Array {
  const n = text.length;
  for (let i = 0; i < 16; i += 1) {
    let w = 0;
    for (let b = 0; b < 4; b += 1) {
      const k = i * 4 + b;
      const byte = k < n ? text.charCodeAt(k) : k === n ? 0x80 : 0;
      w = (w << 8) | byte;
    }
    W[i] = w;
  }
  W[15] = n * 8;
  compress();
  return H;
}

/** Compresses the block in W into the state H (FIPS 180-4 §6.2.2). */
function compress(): void {
  for (let i = 16; i < 64; i += 1) {
    const w15 = W[i - 15]!;
    const w2 = W[i - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = INIT[0]!, b = INIT[1]!, c = INIT[2]!, d = INIT[3]!, e = INIT[4]!, f = INIT[5]!, g = INIT[6]!, h = INIT[7]!;
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
  H[0] = (INIT[0]! + a) | 0; H[1] = (INIT[1]! + b) | 0; H[2] = (INIT[2]! + c) | 0; H[3] = (INIT[3]! + d) | 0;
  H[4] = (INIT[4]! + e) | 0; H[5] = (INIT[5]! + f) | 0; H[6] = (INIT[6]! + g) | 0; H[7] = (INIT[7]! + h) | 0;
}

const INIT = new Int32Array([0x6a09e667, 0xbb67ae85 | 0, 0x3c6ef372, 0xa54ff53a | 0, 0x510e527f, 0x9b05688c | 0, 0x1f83d9ab, 0x5be0cd19]);

/**
 * SHA-256 of a string's UTF-8 bytes (FIPS 180-4), as 8 big-endian 32-bit words. Pure TypeScript: the pure
 * libraries may not use Node's crypto.
 *
 * @example
 * sha256Words('abc')[0]!.toString(16) // => 'ba7816bf'
 */
export function sha256Words(text: string): Int32Array {
  if (text.length <= 55 && isAscii(text)) return sha256ShortAscii(text);
  const length = encodeUtf8(text);
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
  return H;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B32_CODES = Array.from(B32, (c) => c.charCodeAt(0));

/**
 * The first `chars` characters (8 or 16 in kube-proxy; at most 51) of the RFC 4648 base32 encoding
 * (`base32.StdEncoding`) of a string's SHA-256 digest: what kube-proxy uses to name per-service and per-endpoint
 * chains.
 *
 * @example
 * sha256Base32('ns1/svc1:p80tcp', 16) // => 'XPGD46QRK7WJZT7O'
 */
export function sha256Base32(text: string, chars: number, prefix = ''): string {
  const words = sha256Words(text);
  // Character codes, prefix first: String.fromCharCode gives one flat string (no rope to keep alive).
  const codes: number[] = [];
  for (let i = 0; i < prefix.length; i += 1) codes.push(prefix.charCodeAt(i));
  const want = codes.length + chars;
  // Read the digest as a bit stream, 5 bits per character, big-endian across the 32-bit words.
  let word = 0;
  let bitsLeft = 0;
  let carry = 0;
  let carryBits = 0;
  let next = 0;
  while (codes.length < want) {
    if (bitsLeft === 0) {
      word = words[next++]! >>> 0;
      bitsLeft = 32;
    }
    const need = 5 - carryBits;
    if (bitsLeft >= need) {
      bitsLeft -= need;
      const part = (word >>> bitsLeft) & ((1 << need) - 1);
      codes.push(B32_CODES[(carry << need) | part]!);
      carry = 0;
      carryBits = 0;
    } else {
      carry = (carry << bitsLeft) | (word & ((1 << bitsLeft) - 1));
      carryBits += bitsLeft;
      bitsLeft = 0;
    }
  }
  return String.fromCharCode(...codes);
}
