import { ipv4ToNumber } from '../../policy/ipv4';
import { PortSetTable } from '../../policy/port-set';
import type { PolicyEndpoint } from '../../policy/evaluate';
import type { ClassMatrix } from './class-matrix';

function intervalOf(bounds: readonly number[], ip: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= ip) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Every port one endpoint may open toward another (a port set id of `m.index.ports`), read from the class
 * matrix in O(log K): pod -> pod, pod -> IP (egress only), IP -> pod (ingress only). A pod to itself, an IP to
 * an IP and a node (or hostNetwork pod) to a pod on that node get everything.
 *
 * @example
 * m.index.ports.format(allowedBetween(m, { pod: 'x/a' }, { ip: '8.8.8.8' })) // => 'UDP 53'
 */
export function allowedBetween(m: ClassMatrix, src: PolicyEndpoint, dst: PolicyEndpoint): number {
  const { index } = m;
  const resolve = (e: PolicyEndpoint) => {
    if ('pod' in e) {
      const pod = index.podByKey.get(e.pod);
      if (!pod) throw new RangeError(`no pod ${e.pod} in the inventory`);
      return { pod, ip: pod.ip };
    }
    const ip = ipv4ToNumber(e.ip);
    if (ip === undefined) throw new RangeError(`not an IPv4 address: ${e.ip}`);
    const pod = index.podByIp.get(ip);
    return pod ? { pod, ip } : { pod: undefined, ip };
  };
  const s = resolve(src);
  const d = resolve(dst);
  if (s.pod && d.pod) {
    if (s.pod.key === d.pod.key) return PortSetTable.ALL;
    if (index.options.hostNetwork === 'node' && s.pod.hostNetwork && s.pod.nodeName && s.pod.nodeName === d.pod.nodeName) return PortSetTable.ALL;
    return m.pair[index.classOfPod.get(s.pod.key)! * m.C + index.classOfPod.get(d.pod.key)!]!;
  }
  if (s.pod) return m.toExt[index.classOfPod.get(s.pod.key)! * m.K + intervalOf(index.bounds, d.ip ?? 0)]!;
  if (d.pod) {
    if (s.ip !== undefined && s.ip === d.pod.nodeIp) return PortSetTable.ALL;
    return m.fromExt[index.classOfPod.get(d.pod.key)! * m.K + intervalOf(index.bounds, s.ip ?? 0)]!;
  }
  return PortSetTable.ALL;
}
