import { describe, expect, it } from 'vitest';
import { clusterDnsIp, kubernetesServiceIp } from '../design/defaults';
import { DesignError } from '../errors/errors';
import { loadInputs } from './load-inputs';
import { expandDaemonSet } from './workloads';

const load = (text: string, name = 'in.yaml') => loadInputs([{ name, text }]);

function issuesOf(fn: () => unknown): DesignError['issues'] {
  try {
    fn();
  } catch (error) {
    if (error instanceof DesignError) return error.issues;
    throw error;
  }
  throw new Error('expected a DesignError');
}

const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
${extra}spec:
  containers: [{name: c}]
`;

describe('loadInputs: namespaces and defaults', () => {
  it('puts objects without a namespace in default and labels every namespace as the API server does', () => {
    const inv = load(pod('a'));
    expect(inv.pods[0]).toMatchObject({ namespace: 'default', name: 'a', workload: { kind: 'Pod', name: 'a' } });
    // kubernetes.io/metadata.name is set by the NamespaceDefaultLabelName admission (Kubernetes 1.22+).
    expect(inv.namespaces.map((n) => n.metadata.labels)).toEqual([{ 'kubernetes.io/metadata.name': 'default' }]);
  });

  it('assumes a generic bridge cluster without a ClusterDesign (cli-contract.md)', () => {
    const inv = load(pod('a'));
    expect(inv.hasDesign).toBe(false);
    expect(inv.design.cni.plugin).toBe('bridge');
    expect(inv.design.cluster.kubeProxyMode).toBe('iptables');
    // kubeadm's default service subnet is 10.96.0.0/12: kubernetes at .1, kube-dns at .10.
    expect(kubernetesServiceIp(inv.design)).toBe('10.96.0.1');
    expect(clusterDnsIp(inv.design)).toBe('10.96.0.10');
  });

  it('defaults EKS clusters to 10.100.0.0/16, or 172.20.0.0/16 when the VPC is in 10.0.0.0/8 (EKS user guide, service IPv4 range)', () => {
    const design = (cidr: string) => `apiVersion: podnet.dev/v1alpha1
kind: ClusterDesign
metadata: {name: d}
network: {provider: aws, region: us-east-1, vpc: {cidrBlocks: [${cidr}]}}
cni: {plugin: aws-vpc-cni}
`;
    expect(clusterDnsIp(load(design('192.168.0.0/16')).design)).toBe('10.100.0.10');
    expect(clusterDnsIp(load(design('10.0.0.0/16')).design)).toBe('172.20.0.10');
  });
});

describe('loadInputs: workloads (cli-contract.md "Workloads")', () => {
  it('names an absent ReplicaSet owner after its Deployment', () => {
    const inv = load(pod('web-5d8f7b9c4d-x2x9z', '  labels: {pod-template-hash: 5d8f7b9c4d}\n  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8f7b9c4d, controller: true}]\n'));
    expect(inv.pods[0]!.workload).toEqual({ kind: 'Deployment', name: 'web' });
  });

  it('follows present owner objects to the top', () => {
    const rs = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: api-abc, ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: api, controller: true}]}
spec: {replicas: 1}
---
`;
    const inv = load(rs + pod('api-abc-qwert', '  ownerReferences: [{kind: ReplicaSet, name: api-abc, controller: true}]\n'));
    expect(inv.pods.map((p) => p.workload)).toEqual([{ kind: 'Deployment', name: 'api' }]);
  });

  it('names an absent CronJob from its Job (<cronjob>-<minutes>)', () => {
    const inv = load(pod('report-29012345-abcde', '  ownerReferences: [{kind: Job, name: report-29012345, controller: true}]\n'));
    expect(inv.pods[0]!.workload).toEqual({ kind: 'CronJob', name: 'report' });
  });

  it('keeps a Job without a CronJob-style name as the Job', () => {
    const inv = load(pod('migrate-abcde', '  ownerReferences: [{kind: Job, name: migrate, controller: true}]\n'));
    expect(inv.pods[0]!.workload).toEqual({ kind: 'Job', name: 'migrate' });
  });

  it('makes a static (Node-owned) pod its own workload', () => {
    const inv = load(pod('kube-apiserver-cp1', '  namespace: kube-system\n  ownerReferences: [{apiVersion: v1, kind: Node, name: cp1, controller: true}]\n'));
    expect(inv.pods[0]!.workload).toEqual({ kind: 'Pod', name: 'kube-apiserver-cp1' });
  });

  it('expands controllers without pods the way their controllers name pods', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  replicas: 2
  serviceName: db
  selector: {matchLabels: {app: db}}
  template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c}]}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: migrate, namespace: shop}
spec: {template: {spec: {containers: [{name: c}]}}}
`;
    const inv = load(text);
    const web = inv.pods.filter((p) => p.workload.name === 'web');
    expect(web).toHaveLength(3);
    const hash = web[0]!.labels['pod-template-hash']!;
    for (const p of web) expect(p.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(new Set(web.map((p) => p.name)).size).toBe(3);
    // StatefulSet pods are <name>-<ordinal>, with hostname and the governing Service as subdomain.
    const db = inv.pods.filter((p) => p.workload.name === 'db');
    expect(db.map((p) => [p.name, p.pod.spec.hostname, p.pod.spec.subdomain])).toEqual([
      ['db-0', 'db-0', 'db'],
      ['db-1', 'db-1', 'db'],
    ]);
    const job = inv.pods.filter((p) => p.workload.kind === 'Job');
    expect(job).toHaveLength(1);
    expect(job[0]!.labels['job-name']).toBe('migrate');
    expect(inv.workloads.map((w) => `${w.kind}/${w.name}:${w.replicas}`)).toEqual(['StatefulSet/db:2', 'Job/migrate:1', 'Deployment/web:3']);
  });

  it('is deterministic: the same input gives the same names', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}\n';
    expect(load(text).pods.map((p) => p.name)).toEqual(load(text).pods.map((p) => p.name));
  });

  it('expands DaemonSets only on nodes whose taints they tolerate', () => {
    const text = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent}\nspec:\n  selector: {matchLabels: {app: agent}}\n  template: {metadata: {labels: {app: agent}}, spec: {containers: [{name: c}]}}\n';
    const inv = load(text);
    expect(inv.pods).toHaveLength(0);
    const pods = expandDaemonSet(inv.daemonSets[0]!, [
      { name: 'n1', labels: {}, taints: [] },
      { name: 'n2', labels: {}, taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
    ]);
    expect(pods.map((p) => p.pod.spec.nodeName)).toEqual(['n1']);
  });
});

describe('loadInputs: bad input', () => {
  it('locates errors inside a kind: List item by line and path', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: {name: ok}
  spec: {ports: [{port: 80}]}
- apiVersion: v1
  kind: Service
  metadata: {name: bad}
  spec:
    ports:
    - port: 0
`;
    expect(issuesOf(() => load(text, 'list.yaml'))).toEqual([
      { file: 'list.yaml', path: ['items', 1, 'spec', 'ports', 0, 'port'], line: 13, value: 0, message: 'port must be between 1 and 65535' },
    ]);
  });

  it('finds the line of a problem in JSON input too (parsed fast, located on demand)', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: 0 }] } }] }, null, 2);
    const issue = issuesOf(() => load(json, 'dump.json'))[0]!;
    expect(issue).toMatchObject({ file: 'dump.json', path: ['items', 0, 'spec', 'ports', 0, 'port'], value: 0 });
    expect(json.split('\n')[issue.line! - 1]).toContain('"port": 0');
  });

  it('reports every problem at once', () => {
    const text = pod('A_B') + '---\n' + 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 99999}]}\n';
    const issues = issuesOf(() => load(text));
    expect(issues.map((i) => i.path.join('.'))).toEqual(['metadata.name', 'spec.ports.0.port']);
  });

  it('refuses two ClusterDesigns', () => {
    const d = 'apiVersion: podnet.dev/v1alpha1\nkind: ClusterDesign\nmetadata: {name: a}\n';
    const issues = issuesOf(() => loadInputs([{ name: 'a.yaml', text: d }, { name: 'b.yaml', text: d }]));
    expect(issues[0]!.message).toBe('more than one ClusterDesign (the first is in a.yaml)');
  });

  it('refuses documents that are not objects', () => {
    expect(issuesOf(() => load('- just\n- a list\n'))[0]!.message).toBe('a document must be a mapping (an object with apiVersion and kind)');
  });

  it('resolves design workload files through the caller, and reports unreadable ones', () => {
    const design = 'apiVersion: podnet.dev/v1alpha1\nkind: ClusterDesign\nmetadata: {name: a}\nworkloads:\n  - file: pods.yaml\n';
    const inv = loadInputs([{ name: 'd.yaml', text: design }], { resolveFile: (p) => ({ name: p, text: pod('x') }) });
    expect(inv.pods.map((p) => p.name)).toEqual(['x']);
    const issues = issuesOf(() =>
      loadInputs([{ name: 'd.yaml', text: design }], {
        resolveFile: () => {
          throw new Error('no such file');
        },
      }),
    );
    expect(issues[0]).toMatchObject({ file: 'd.yaml', path: ['workloads', 0, 'file'], line: 5, message: 'cannot read the file: no such file' });
  });

  it('refuses more objects than the limit', () => {
    expect(issuesOf(() => loadInputs([{ name: 'x', text: pod('a') + '---\n' + pod('b') }], { maxObjects: 1 }))[0]!.message).toBe('too many objects (at most 1)');
  });
});
