/** Turns a conformance case (test/conformance/netpol/FORMAT.md) into manifests as "Feeding a case to podnet" describes. */
export interface CasePort { port?: number; protocol?: string; name?: string }
export interface CasePod { namespace: string; name: string; labels?: Record<string, string>; ip?: string; hostIP?: string; hostNetwork?: boolean; ports?: CasePort[]; workload?: string; replicas?: number; fromWorkloadTemplate?: boolean }
export interface NetpolCase {
  name: string;
  semanticsProfile: 'netpol-analyzer' | 'k8s-e2e' | 'cyclonus';
  namespaces: { name: string; labels?: Record<string, string> }[];
  pods: CasePod[];
  policies: Record<string, unknown>[];
  expectedFormat: 'connlist' | 'matrix' | 'pairs' | 'traffic' | 'error';
  expected: unknown;
  matrices?: { probe: { port: number; protocol: string }; pods: string[]; matrix: Record<string, Record<string, unknown>> }[];
}

function podManifest(p: CasePod, name: string): Record<string, unknown> {
  const labels = { ...(p.labels ?? {}) };
  let ownerReferences: Record<string, unknown>[] | undefined;
  const m = /^([^/]+)\/(.+)\[(.+)\]$/.exec(p.workload ?? '');
  if (m) {
    const [, , wname, kind] = m as unknown as [string, string, string, string];
    // Deployment pods are owned by ReplicaSet <name>-<hash>; the loader names the workload after the Deployment.
    if (kind === 'Deployment') ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${wname}-5d8f7c9b6`, controller: true }];
    else if (kind === 'VirtualMachine') ownerReferences = [{ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstance', name: wname, controller: true }];
    else if (!(kind === 'Pod' && wname === name)) ownerReferences = [{ apiVersion: 'apps/v1', kind, name: wname, controller: true }];
  }
  const ports = (p.ports ?? []).filter((x) => typeof x.port === 'number').map((x) => ({ containerPort: x.port, protocol: x.protocol ?? 'TCP', ...(x.name ? { name: x.name } : {}) }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: p.namespace, labels, ...(ownerReferences ? { ownerReferences } : {}) },
    spec: { containers: [{ name: 'c', ports }], ...(p.hostNetwork ? { hostNetwork: true } : {}) },
    status: { ...(p.ip ? { podIP: p.ip } : {}), ...(p.hostIP ? { hostIP: p.hostIP } : {}) },
  };
}

/** Workload kinds whose absent owner objects the loader would rename (ReplicaSet `x-y` -> Deployment `x`). */
function ownerObjects(c: NetpolCase): Record<string, unknown>[] {
  const out = new Map<string, Record<string, unknown>>();
  for (const p of c.pods) {
    const m = /^([^/]+)\/(.+)\[(ReplicaSet)\]$/.exec(p.workload ?? '');
    if (m) out.set(`${m[1]}/${m[2]}`, { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: m[2], namespace: m[1] }, spec: { replicas: 1 } });
  }
  return [...out.values()];
}

/** The case as one `kind: List` document (pods filtered by `keep`). */
export function caseManifests(c: NetpolCase, keep: (p: CasePod) => boolean = () => true): string {
  const items: Record<string, unknown>[] = c.namespaces.map((n) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n.name, labels: n.labels ?? {} } }));
  const used = new Set<string>();
  for (const p of c.pods.filter(keep)) {
    const count = Math.max(1, p.replicas ?? 1);
    for (let i = 0; i < count; i += 1) {
      let name = i === 0 ? p.name : `${p.name}-r${i}`;
      while (used.has(`${p.namespace}/${name}`)) name = `${name}-x`;
      used.add(`${p.namespace}/${name}`);
      items.push(podManifest(p, name));
    }
  }
  // Three netpol-analyzer policies are named with "_" (e.g. use_common_labels_same_values), which the API server
  // refuses (metadata.name must be a DNS-1123 subdomain) and podnet's loader refuses too; netpol-analyzer does not
  // validate names. A name has no effect on connectivity, so the harness spells "_" as "-" (the only change).
  const policies = c.policies.map((p) => {
    const meta = p['metadata'] as { name?: string } | undefined;
    return meta?.name?.includes('_') ? { ...p, metadata: { ...meta, name: meta.name.replace(/_/g, '-') } } : p;
  });
  items.push(...ownerObjects(c), ...policies);
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}
