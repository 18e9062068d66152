import type { SimNode } from '../model/types';

/**
 * A Calico IPPool `nodeSelector` as a predicate. Understands `all()`, `has(k)`, `!has(k)`, `k == 'v'`,
 * `k != 'v'` joined by `&&`; anything else is reported and treated as `all()`.
 *
 * @example
 * calicoSelector("zone == 'a'", [])({ labels: { zone: 'a' } } as SimNode) // => true
 */
export function calicoSelector(text: string, warnings: string[]): (node: SimNode) => boolean {
  const terms = text.split('&&').map((t) => t.trim()).filter((t) => t.length > 0);
  const tests: ((labels: Readonly<Record<string, string>>) => boolean)[] = [];
  for (const term of terms) {
    let m: RegExpExecArray | null;
    if (term === 'all()') continue;
    if ((m = /^(!?)has\(\s*([\w./-]+)\s*\)$/.exec(term))) {
      const negate = m[1] === '!';
      const key = m[2]!;
      tests.push((l) => (key in l) !== negate);
    } else if ((m = /^([\w./-]+)\s*(==|!=)\s*['"]([^'"]*)['"]$/.exec(term))) {
      const key = m[1]!;
      const equal = m[2] === '==';
      const value = m[3]!;
      tests.push((l) => (l[key] === value) === equal);
    } else {
      warnings.push(`IP pool nodeSelector term "${term}" is not understood by podnet: treated as all()`);
    }
  }
  return (node) => tests.every((t) => t(node.labels));
}
