/**
 * A 32-bit FNV-1a hash of a string: podnet's stand-in for the allocators' random start, so that the same
 * inputs always give the same allocation.
 *
 * @example
 * fnv1a32('default/web') === fnv1a32('default/web') // => true
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * A small deterministic PRNG (mulberry32) returning numbers in [0, 1).
 *
 * @example
 * const next = seededRandom(42); next() === seededRandom(42)() // => true
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
