import type { InputIssue, PodRecord } from '@podnet/contracts';
import { ip4 } from '../net/ipv4';
import type { SimPod, SimPort } from './types';

/**
 * A pod as the model keeps it: its containers and declared ports. Two containers of one pod declaring the
 * same port and protocol would bind one socket twice in the shared network namespace: that is reported as
 * an issue (a design error), with the path of the second declaration.
 *
 * @example
 * toSimPod(record, 0, issues).ports.map((p) => p.port) // => [8080]
 */
export function toSimPod(record: PodRecord, index: number, issues: InputIssue[]): SimPod {
  const spec = record.pod.spec;
  const ports: SimPort[] = [];
  const seen = new Map<string, string>();
  spec.containers.forEach((container, c) => {
    (container.ports ?? []).forEach((p, j) => {
      const key = `${p.containerPort}/${p.protocol ?? 'TCP'}`;
      const first = seen.get(key);
      if (first !== undefined && first !== container.name) {
        issues.push({
          file: record.source.file,
          path: [...record.source.path, 'spec', 'containers', c, 'ports', j, 'containerPort'],
          ...(record.source.line === undefined ? {} : { line: record.source.line }),
          value: p.containerPort,
          message: `pod ${record.namespace}/${record.name}: containers ${first} and ${container.name} both bind ${key} in the pod's one network namespace`,
        });
      }
      seen.set(key, container.name);
      ports.push({
        container: container.name,
        port: p.containerPort,
        protocol: p.protocol ?? 'TCP',
        name: p.name ?? null,
        hostPort: p.hostPort ?? null,
        hostIP: p.hostIP ?? null,
      });
    });
  });
  const given = record.pod.status?.phase;
  const terminal = given === 'Succeeded' || given === 'Failed' ? given : null;
  return {
    index,
    key: `${record.namespace}/${record.name}`,
    namespace: record.namespace,
    name: record.name,
    labels: record.labels,
    record,
    hostNetwork: spec.hostNetwork === true,
    containers: spec.containers.map((c) => c.name),
    ports,
    node: null,
    phase: terminal ?? 'Pending',
    pendingReason: terminal ? `pod phase ${terminal}: its containers have exited, its sandbox and address are released` : null,
    ip: null,
    ipNum: -1,
    ipSource: null,
    eniDevice: -1,
  };
}

/**
 * The pod's `status.podIP` as a number, or -1.
 *
 * @example
 * statusPodIp(pod) // => 183762946 (10.244.0.2), or -1 without a status
 */
export function statusPodIp(pod: SimPod): number {
  const text = pod.record.pod.status?.podIP;
  return text ? ip4(text) : -1;
}
