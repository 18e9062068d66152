import type { LabelSelector } from '@podnet/contracts';

/** A compiled label selector. */
export type LabelPredicate = (labels: Readonly<Record<string, string>>) => boolean;

/**
 * Compiles a metav1.LabelSelector: `matchLabels` and every `matchExpressions` entry are ANDed; `In` needs the
 * key with a listed value, `NotIn` matches an absent key or an unlisted value, `Exists`/`DoesNotExist` test the
 * key only; an empty selector matches everything (Kubernetes "Labels and Selectors" concept page).
 *
 * @example
 * compileSelector({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] })({}) // => true
 */
export function compileSelector(selector: LabelSelector | null | undefined): LabelPredicate {
  const tests: LabelPredicate[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) tests.push((l) => l[key] === value);
  for (const req of selector?.matchExpressions ?? []) {
    const key = req.key;
    const values = new Set(req.values ?? []);
    switch (req.operator) {
      case 'In':
        tests.push((l) => l[key] !== undefined && values.has(l[key]));
        break;
      case 'NotIn':
        tests.push((l) => l[key] === undefined || !values.has(l[key]));
        break;
      case 'Exists':
        tests.push((l) => l[key] !== undefined);
        break;
      case 'DoesNotExist':
        tests.push((l) => l[key] === undefined);
        break;
    }
  }
  if (tests.length === 0) return () => true;
  return (labels) => tests.every((t) => t(labels));
}

/**
 * `app=web,tier in (a,b)`: a selector as kubectl prints it, `{}` for the empty one.
 *
 * @example
 * formatSelector({ matchLabels: { app: 'web' } }) // => 'app=web'
 */
export function formatSelector(selector: LabelSelector | null | undefined): string {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of selector?.matchExpressions ?? []) {
    if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
    else parts.push(`${r.key} ${r.operator === 'In' ? 'in' : 'notin'} (${(r.values ?? []).join(',')})`);
  }
  return parts.length ? parts.join(',') : '{}';
}
