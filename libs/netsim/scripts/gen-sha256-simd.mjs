// Generates libs/netsim/src/kube-proxy/sha256-simd-wasm.ts: a WebAssembly module (128-bit SIMD) that hashes FOUR
// one-block SHA-256 messages at once, one per 32-bit lane (FIPS 180-4 §6.2.2, the 64 rounds and the message schedule
// unrolled as in sha256-block.ts), and writes each digest's first 16 base32 characters (RFC 4648, kube-proxy's chain
// name hash) as 4 packed little-endian words. Four lanes side by side is the "multi-buffer" layout OpenSSL and Intel's
// isa-l_crypto use for many short messages; V8 compiles each v128 operation to one SSE/AVX instruction.
//
// The module is written as WebAssembly text here and assembled with wabt (a devDependency, used only by this script);
// the generated file holds the module's bytes, so the library needs nothing at run time but the WebAssembly global.
// Run: node libs/netsim/scripts/gen-sha256-simd.mjs > libs/netsim/src/kube-proxy/sha256-simd-wasm.ts
// Checked against OpenSSL and against the scalar compression by libs/netsim/src/kube-proxy/hash.spec.ts.
import wabtFactory from 'wabt';
import { IV, K } from './sha256-constants.mjs';

// Memory layout (two 64 KiB pages):
//   BLOCKS  four 64-byte message blocks, lane l's at 64 * l: 16 big-endian words stored as native i32 (byte q of the
//           message at q ^ 3); the caller writes the prefix into each and zeroes the rest before a run
//   DIRTY   per lane, the end of what the last message wrote (zeroed up to it by the next one)
//   DIGITS  for 0..255, the decimal digits as bytes 0-2 (left-aligned) and their count in byte 3
//   SUFFIX  the run's `:port` bytes (at most 16)
//   IPS     the run's IPv4 addresses as i32 (at most RUN)
//   OUT     endpoint i's 16 base32 characters, packed into 4 little-endian words, at OUT + 16 * i
const RUN = 4096;
const BLOCKS = 0, DIRTY = 256, SUFFIX = 272, DIGITS = 1024, IPS = 4096, OUT = IPS + 4 * RUN;
const PAGES = Math.ceil((OUT + 16 * RUN) / 65536);
const hex = (n) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const splat = (n) => `(v128.const i32x4 ${hex(n)} ${hex(n)} ${hex(n)} ${hex(n)})`;
const get = (x) => `(local.get $${x})`;
const add = (...xs) => xs.reduce((acc, x) => `(i32x4.add ${acc} ${x})`);
const xor = (...xs) => xs.reduce((acc, x) => `(v128.xor ${acc} ${x})`);
const shr = (x, n) => `(i32x4.shr_u ${x} (i32.const ${n}))`;
const shl = (x, n) => `(i32x4.shl ${x} (i32.const ${n}))`;
const rotr = (x, n) => `(v128.or ${shr(x, n)} ${shl(x, 32 - n)})`;
// i8x16.shuffle lanes for an i32x4 shuffle of two vectors (indices 0-3: first, 4-7: second).
const shuffle = (lanes, x, y) => `(i8x16.shuffle ${lanes.flatMap((j) => [4 * j, 4 * j + 1, 4 * j + 2, 4 * j + 3]).join(' ')} ${x} ${y})`;
/** Transposes the 4x4 matrix of i32 in locals from[0..3] (rows) into locals to[0..3] (columns). */
const transpose = (from, to) => [
  `(local.set $q0 ${shuffle([0, 4, 1, 5], get(from[0]), get(from[1]))})`,
  `(local.set $q1 ${shuffle([2, 6, 3, 7], get(from[0]), get(from[1]))})`,
  `(local.set $q2 ${shuffle([0, 4, 1, 5], get(from[2]), get(from[3]))})`,
  `(local.set $q3 ${shuffle([2, 6, 3, 7], get(from[2]), get(from[3]))})`,
  `(local.set $${to[0]} ${shuffle([0, 1, 4, 5], get('q0'), get('q2'))})`,
  `(local.set $${to[1]} ${shuffle([2, 3, 6, 7], get('q0'), get('q2'))})`,
  `(local.set $${to[2]} ${shuffle([0, 1, 4, 5], get('q1'), get('q3'))})`,
  `(local.set $${to[3]} ${shuffle([2, 3, 6, 7], get('q1'), get('q3'))})`,
];

const v = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
// The compression of the four blocks and the base32 of their digests, stored at OUT + $out.
const body = [];
// Message words: lane rows of 4 words, transposed so that w<t> holds word t of the four lanes.
for (let k = 0; k < 4; k++) {
  for (let l = 0; l < 4; l++) body.push(`(local.set $r${l} (v128.load offset=${BLOCKS + 64 * l + 16 * k} (i32.const 0)))`);
  body.push(...transpose(['r0', 'r1', 'r2', 'r3'], [0, 1, 2, 3].map((j) => `w${4 * k + j}`)));
}
v.forEach((x, i) => body.push(`(local.set $${x} ${splat(IV[i])})`));
for (let i = 0; i < 64; i++) {
  const r = i % 8;
  const [A, B, C, D, E, F, G, HH] = v.map((_, k) => v[(k - r + 8) % 8]);
  const w = `w${i % 16}`;
  if (i >= 16) {
    const w15 = get(`w${(i - 15) % 16}`), w2 = get(`w${(i - 2) % 16}`), w7 = get(`w${(i - 7) % 16}`);
    body.push(`(local.set $${w} ${add(get(w), xor(rotr(w15, 7), rotr(w15, 18), shr(w15, 3)), w7, xor(rotr(w2, 17), rotr(w2, 19), shr(w2, 10)))})`);
  }
  const e = get(E), a = get(A);
  // Ch(e, f, g) = (e & f) ^ (~e & g): f where e, else g. Maj(a, b, c): a where a == b, else c.
  body.push(`(local.set $t1 ${add(get(HH), xor(rotr(e, 6), rotr(e, 11), rotr(e, 25)), `(v128.bitselect ${get(F)} ${get(G)} ${e})`, splat(K[i]), get(w))})`);
  body.push(`(local.set $t2 ${add(xor(rotr(a, 2), rotr(a, 13), rotr(a, 22)), `(v128.bitselect ${get(C)} ${a} (v128.xor ${a} ${get(B)}))`)})`);
  body.push(`(local.set $${D} ${add(get(D), get('t1'))})`);
  body.push(`(local.set $${HH} ${add(get('t1'), get('t2'))})`);
}
// The digest's first three words; its first 80 bits as 16 base32 characters ('A'-'Z' for 0-25, '2'-'7' for 26-31).
body.push(`(local.set $a ${add(get('a'), splat(IV[0]))})`, `(local.set $b ${add(get('b'), splat(IV[1]))})`, `(local.set $c ${add(get('c'), splat(IV[2]))})`);
const m31 = splat(31);
const five = (x, n) => `(v128.and ${shr(get(x), n)} ${m31})`;
const indices = [
  shr(get('a'), 27), five('a', 22), five('a', 17), five('a', 12), five('a', 7), five('a', 2),
  `(v128.or ${shl(`(v128.and ${get('a')} ${splat(3)})`, 3)} ${shr(get('b'), 29)})`,
  five('b', 24), five('b', 19), five('b', 14), five('b', 9), five('b', 4),
  `(v128.or ${shl(`(v128.and ${get('b')} ${splat(15)})`, 1)} ${shr(get('c'), 31)})`,
  five('c', 26), five('c', 21), five('c', 16),
];
const char = (x) => `(i32x4.add ${x} (v128.bitselect ${splat(24)} ${splat(65)} (i32x4.gt_u ${x} ${splat(25)})))`;
for (let k = 0; k < 4; k++) {
  const cs = [0, 1, 2, 3].map((j) => char(indices[4 * k + j]));
  body.push(`(local.set $o${k} (v128.or (v128.or ${cs[0]} ${shl(cs[1], 8)}) (v128.or ${shl(cs[2], 16)} ${shl(cs[3], 24)})))`);
}
body.push(...transpose(['o0', 'o1', 'o2', 'o3'], ['r0', 'r1', 'r2', 'r3']));
for (let l = 0; l < 4; l++) body.push(`(v128.store offset=${OUT + 16 * l} ${get('out')} ${get(`r${l}`)})`);

// Writes endpoint ($i + lane)'s message into lane `lane`'s block (when $i + lane < $n): the four octets' digits
// (three bytes stored, the count advanced: what follows overwrites the extra ones), dots, the suffix, 0x80, zeros up
// to the lane's previous end, and the bit length in word 15.
const store8 = (at, value) => `(i32.store8 (i32.xor ${at} (i32.const 3)) ${value})`;
const writeLane = (lane) => {
  const base = 64 * lane;
  const L = [`(if (i32.lt_u (i32.add (local.get $i) (i32.const ${lane})) (local.get $n)) (then`];
  L.push(`(local.set $pos (i32.add (local.get $p) (i32.const ${base})))`);
  L.push(`(local.set $ip (i32.load offset=${IPS} (i32.shl (i32.add (local.get $i) (i32.const ${lane})) (i32.const 2))))`);
  for (const shift of [24, 16, 8, 0]) {
    L.push(`(local.set $dg (i32.load offset=${DIGITS} (i32.shl (i32.and (i32.shr_u (local.get $ip) (i32.const ${shift})) (i32.const 255)) (i32.const 2))))`);
    L.push(store8(get('pos'), get('dg')));
    L.push(store8(`(i32.add ${get('pos')} (i32.const 1))`, `(i32.shr_u ${get('dg')} (i32.const 8))`));
    L.push(store8(`(i32.add ${get('pos')} (i32.const 2))`, `(i32.shr_u ${get('dg')} (i32.const 16))`));
    L.push(`(local.set $pos (i32.add ${get('pos')} (i32.shr_u ${get('dg')} (i32.const 24))))`);
    if (shift > 0) {
      L.push(store8(get('pos'), '(i32.const 0x2e)'));
      L.push(`(local.set $pos (i32.add ${get('pos')} (i32.const 1)))`);
    }
  }
  L.push(`(local.set $k (i32.const 0))`);
  L.push(`(block $sfxdone${lane} (loop $sfx${lane} (br_if $sfxdone${lane} (i32.ge_u ${get('k')} ${get('sfx')}))`);
  L.push(store8(`(i32.add ${get('pos')} ${get('k')})`, `(i32.load8_u offset=${SUFFIX} ${get('k')})`));
  L.push(`(local.set $k (i32.add ${get('k')} (i32.const 1))) (br $sfx${lane})))`);
  L.push(`(local.set $pos (i32.add ${get('pos')} ${get('sfx')}))`);
  L.push(store8(get('pos'), '(i32.const 0x80)'));
  L.push(`(local.set $k (i32.add ${get('pos')} (i32.const 1)))`);
  L.push(`(local.set $dg (i32.load offset=${DIRTY + 4 * lane} (i32.const 0)))`);
  L.push(`(block $zdone${lane} (loop $z${lane} (br_if $zdone${lane} (i32.ge_u ${get('k')} ${get('dg')}))`);
  L.push(store8(get('k'), '(i32.const 0)'));
  L.push(`(local.set $k (i32.add ${get('k')} (i32.const 1))) (br $z${lane})))`);
  L.push(`(i32.store offset=${DIRTY + 4 * lane} (i32.const 0) (i32.add ${get('pos')} (i32.const 1)))`);
  L.push(`(i32.store offset=${base + 60} (i32.const 0) (i32.shl (i32.sub ${get('pos')} (i32.const ${base})) (i32.const 3)))`);
  L.push('))');
  return L;
};

const digits = [];
for (let value = 0; value < 256; value++) {
  const text = String(value);
  const bytes = [0, 0, 0, text.length];
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k);
  digits.push(...bytes);
}
const dataString = digits.map((b) => `\\${b.toString(16).padStart(2, '0')}`).join('');

const locals = [...v, ...Array.from({ length: 16 }, (_, i) => `w${i}`), 't1', 't2', 'r0', 'r1', 'r2', 'r3', 'q0', 'q1', 'q2', 'q3', 'o0', 'o1', 'o2', 'o3'];
const wat = `(module
  (memory (export "memory") ${PAGES})
  (data (i32.const ${DIGITS}) "${dataString}")
  ;; hashRun(n, p, sfx): the chain hashes of the run's n endpoints (IPS), each message being the p-byte prefix already
  ;; in the blocks, the endpoint's dotted quad and the sfx-byte SUFFIX; endpoint i's hash to OUT + 16 * i.
  (func (export "hashRun") (param $n i32) (param $p i32) (param $sfx i32)
    (local $i i32) (local $out i32) (local $pos i32) (local $ip i32) (local $dg i32) (local $k i32)
    ${locals.map((x) => `(local $${x} v128)`).join(' ')}
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ${[0, 1, 2, 3].flatMap(writeLane).join('\n        ')}
        ${body.join('\n        ')}
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 64)))
        (br $group)))))
`;

const wabt = await wabtFactory();
const module = wabt.parseWat('sha256-simd.wat', wat, { simd: true });
module.validate();
const bytes = module.toBinary({}).buffer;
module.destroy();

const L = [];
L.push('// Generated by libs/netsim/scripts/gen-sha256-simd.mjs; do not edit by hand.');
L.push('');
L.push('/**');
L.push(' * A WebAssembly module (SIMD) computing kube-proxy endpoint chain hashes four at a time: `hashRun(n, p, sfx)` hashes');
L.push(' * `prefix + a.b.c.d + suffix` for the n IPv4 addresses at SHA256_SIMD.ips (i32), the p-byte prefix already written');
L.push(' * into each of the four 64-byte blocks at 0 (byte q at q ^ 3, the rest zero, DIRTY words = 64 * lane + p), the');
L.push(' * sfx-byte suffix at SHA256_SIMD.suffix; endpoint i\'s 16 base32 characters, packed into 4 little-endian words, go to');
L.push(' * SHA256_SIMD.out + 16 * i. See libs/netsim/scripts/gen-sha256-simd.mjs for the layout.');
L.push(' */');
L.push(`export const SHA256_SIMD = { run: ${RUN}, dirty: ${DIRTY}, suffix: ${SUFFIX}, ips: ${IPS}, out: ${OUT} } as const;`);
// Base64 (decoded once by sha256-simd.ts): a third of the size of a number list.
const base64 = Buffer.from(bytes).toString('base64');
const lines = [];
for (let i = 0; i < base64.length; i += 116) lines.push(`  '${base64.slice(i, i + 116)}'`);
L.push(`export const SHA256_SIMD_WASM_BASE64 =\n${lines.join(' +\n')};`);
console.log(L.join('\n'));
