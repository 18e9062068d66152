import type { Taint, Toleration } from './pod.schema';

/**
 * Whether a toleration tolerates a taint (k8s.io/api/core/v1 Toleration.ToleratesTaint): same effect
 * (or empty effect), and key/value match by the operator (Exists with an empty key tolerates everything).
 *
 * @example
 * tolerates({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }) // => true
 */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** The taints (NoSchedule or NoExecute) of a node that none of the tolerations tolerate. */
export function untoleratedTaints(taints: readonly Taint[], tolerations: readonly Toleration[]): Taint[] {
  return taints.filter((t) => t.effect !== 'PreferNoSchedule' && !tolerations.some((tol) => tolerates(tol, t)));
}

/** True when every nodeSelector pair is among the node's labels. */
export function matchesNodeSelector(selector: Readonly<Record<string, string>> | null | undefined, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}
