/** Kubernetes' alphabet for generated names (k8s.io/apimachinery/pkg/util/rand): no vowels, no 0/1/3. */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** FNV-1a, 32 bits, over the UTF-16 code units of a string. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** rand.SafeEncodeString: each character maps to ALPHABET[code % 27]. */
export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) out += ALPHABET[text.charCodeAt(i) % ALPHABET.length];
  return out;
}

/** Stable JSON with sorted keys, for hashing. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/**
 * A pod-template-hash the way the Deployment controller forms it: SafeEncodeString of the decimal FNV-32a
 * hash of the template. (Kubernetes hashes Go's dump of the struct; podnet hashes canonical JSON, so the
 * value has the same form and stability but not the same digits.)
 *
 * @example
 * /^[bcdfghjklmnpqrstvwxz2456789]+$/.test(podTemplateHash({ spec: {} })) // => true
 */
export function podTemplateHash(template: unknown): string {
  return safeEncodeString(String(fnv32a(canonicalJson(template))));
}

/** A deterministic stand-in for the 5 random characters controllers append to pod names. */
export function generatedSuffix(seed: string, length = 5): string {
  let out = '';
  let hash = fnv32a(seed);
  for (let i = 0; i < length; i += 1) {
    out += ALPHABET[hash % ALPHABET.length];
    hash = fnv32a(`${seed}#${i}:${hash}`);
  }
  return out;
}

/** A CronJob's Job is named `<cronjob>-<scheduled time in minutes since the epoch>`. */
export const CRONJOB_JOB_NAME = /^(.+)-(\d{8,})$/;
