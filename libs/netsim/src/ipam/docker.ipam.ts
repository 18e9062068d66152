import { statusPodIp } from '../model/pods';
import type { SimPod } from '../model/types';
import { cidr4, inCidr4, ip4Text } from '../net/ipv4';
import { failPod, setPodIp, type DockerIpamState, type IpamContext } from './ipam';

/**
 * Docker's default bridge network on every host (Docker docs, "Bridge network driver"): `docker0` holds the
 * gateway 172.17.0.1/16 and containers get 172.17.0.2 upward, per host, so the same addresses repeat on every
 * host and are not routable between them. A `status.podIP` is kept and checked against the bridge subnet.
 *
 * @example
 * allocateDocker(ctx).local[1].get(ip4('172.17.0.2'))?.key // => the first container on the second host
 */
export function allocateDocker(ctx: IpamContext): DockerIpamState {
  const settings = ctx.design.cni.dockerBridge;
  const cidr = cidr4(settings?.cidr ?? '172.17.0.0/16')!;
  const local = ctx.nodes.map((node) => {
    const map = new Map<number, SimPod>();
    const used = new Set<number>([cidr.base + 1]);
    const pending: SimPod[] = [];
    for (const pod of node.pods) {
      if (pod.hostNetwork || pod.phase !== 'Running') continue;
      const wanted = statusPodIp(pod);
      if (wanted < 0) {
        pending.push(pod);
        continue;
      }
      if (!inCidr4(cidr, wanted)) ctx.warnings.push(`${pod.key}: status.podIP ${ip4Text(wanted)} is outside ${cidr.text} (docker0)`);
      used.add(wanted);
      map.set(wanted, pod);
      setPodIp(pod, wanted, ip4Text(wanted), 'status');
    }
    let next = cidr.base + 2;
    const last = cidr.base + cidr.size - 2;
    for (const pod of pending) {
      while (next <= last && used.has(next)) next++;
      if (next > last) {
        failPod(pod, `docker0 on ${node.name} has no free address in ${cidr.text}`);
        continue;
      }
      map.set(next, pod);
      setPodIp(pod, next, ip4Text(next), 'ipam');
      next++;
    }
    return map;
  });
  return {
    kind: 'docker-bridge',
    bridgeName: settings?.bridgeName ?? 'docker0',
    cidr,
    ipMasq: settings?.ipMasq ?? true,
    local,
    ranges: [cidr],
    ownerOf: () => null,
  };
}
