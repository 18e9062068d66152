import { sha1Hex } from '../net/sha1';
import type { SimPod } from '../model/types';

/**
 * The host-side veth name a CNI gives a pod: `prefix` + the first `length` hex digits of
 * `sha1("<namespace>.<pod>")` — exactly Calico's (`cali`, 11) and the VPC CNI's (`eni`, 11,
 * `GenerateHostVethName`); the bridge plugin and Docker use random names, for which podnet uses the same
 * hash (`veth`, 8 / 7) to stay deterministic. Names are cached per pod.
 *
 * @example
 * vethNamer('cali', 11)(pod) // => 'cali' + 11 hex digits
 */
export function vethNamer(prefix: string, length: number): (pod: SimPod) => string {
  const cache = new Map<SimPod, string>();
  return (pod) => {
    let name = cache.get(pod);
    if (name === undefined) {
      name = prefix + sha1Hex(`${pod.namespace}.${pod.name}`).slice(0, length);
      cache.set(pod, name);
    }
    return name;
  };
}
