import type { OwnerReference } from '../k8s/meta.schema';
import type { CronJob, DaemonSet, Deployment, Job, Pod, PodTemplateSpec, ReplicaSet, StatefulSet, Taint } from '../k8s/pod.schema';
import { matchesNodeSelector, untoleratedTaints } from '../k8s/scheduling';
import type { PodRecord, SourceRef, WorkloadRecord, WorkloadRef } from './inventory';
import { CRONJOB_JOB_NAME, fnv32a, generatedSuffix, podTemplateHash } from './naming';

/** Controllers read from the inputs, by `namespace/name`. */
export interface Controllers {
  Deployment: Map<string, Deployment>;
  ReplicaSet: Map<string, ReplicaSet>;
  StatefulSet: Map<string, StatefulSet>;
  DaemonSet: Map<string, DaemonSet>;
  Job: Map<string, Job>;
  CronJob: Map<string, CronJob>;
}
type ControllerKind = keyof Controllers;

const key = (namespace: string, name: string) => `${namespace}/${name}`;

function controllerOf(refs: readonly OwnerReference[] | undefined): OwnerReference | undefined {
  if (!refs || refs.length === 0) return undefined;
  return refs.find((r) => r.controller) ?? refs[0];
}

function isControllerKind(kind: string): kind is ControllerKind {
  return ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'].includes(kind);
}

/**
 * The top owner of an object, following controller owner references through the objects present, and
 * naming absent owners the way Kubernetes names them: ReplicaSet `x-<pod-template-hash>` -> Deployment `x`,
 * Job `x-<minutes>` -> CronJob `x`. A pod owned by a Node (a static pod) or by nothing is its own workload.
 *
 * @example
 * topOwner('default', { kind: 'ReplicaSet', name: 'web-7d4b9c8f6' }, emptyControllers(), '7d4b9c8f6') // => { kind: 'Deployment', name: 'web' }
 */
export function topOwner(namespace: string, owner: OwnerReference, controllers: Controllers, podTemplateHashLabel?: string): WorkloadRef {
  const seen = new Set<string>();
  let current: WorkloadRef = { kind: owner.kind, name: owner.name };
  let hashHint = podTemplateHashLabel;
  for (;;) {
    const id = `${current.kind}/${current.name}`;
    if (seen.has(id)) return current;
    seen.add(id);
    const object = isControllerKind(current.kind) ? controllers[current.kind].get(key(namespace, current.name)) : undefined;
    if (object) {
      const next = controllerOf(object.metadata.ownerReferences);
      if (!next) return current;
      current = { kind: next.kind, name: next.name };
      hashHint = undefined;
      continue;
    }
    if (current.kind === 'ReplicaSet') {
      const suffix = hashHint && current.name.endsWith(`-${hashHint}`) ? hashHint : undefined;
      const cut = suffix ? current.name.length - suffix.length - 1 : current.name.lastIndexOf('-');
      return cut > 0 ? { kind: 'Deployment', name: current.name.slice(0, cut) } : current;
    }
    if (current.kind === 'Job') {
      const match = CRONJOB_JOB_NAME.exec(current.name);
      return match ? { kind: 'CronJob', name: match[1]! } : current;
    }
    return current;
  }
}

/** The workload of a pod manifest (see {@link topOwner}). */
export function workloadOfPod(pod: Pod, controllers: Controllers): WorkloadRef {
  const owner = controllerOf(pod.metadata.ownerReferences);
  if (!owner || owner.kind === 'Node') return { kind: 'Pod', name: pod.metadata.name };
  return topOwner(pod.metadata.namespace ?? 'default', owner, controllers, pod.metadata.labels?.['pod-template-hash']);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

interface Generated {
  pods: PodRecord[];
  workloads: WorkloadRecord[];
}

function makePod(
  namespace: string,
  name: string,
  template: PodTemplateSpec,
  extraLabels: Record<string, string>,
  owner: OwnerReference,
  workload: WorkloadRef,
  source: SourceRef | undefined,
  specPatch: Partial<Pod['spec']> = {},
): PodRecord {
  const labels = { ...(template.metadata?.labels ?? {}), ...extraLabels };
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels, ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}), ownerReferences: [{ ...owner, controller: true }] },
    spec: { ...clone(template.spec), ...specPatch },
  };
  return { namespace, name, labels, workload, pod, generated: true, source: source ?? { file: '<generated>', path: [] } };
}

/**
 * Pods for controllers that have none in the inputs, named as their controllers name them:
 * Deployment `web` -> `web-<hash>-<5 chars>`, StatefulSet `db` -> `db-0`, Job `j` -> `j-<5 chars>`,
 * CronJob `c` -> one Job `c-<minutes>` in progress. DaemonSets are expanded per node by {@link expandDaemonSet}.
 */
export function expandControllers(controllers: Controllers, existing: readonly PodRecord[], sources: ReadonlyMap<string, SourceRef>): Generated {
  const has = new Set(existing.map((p) => `${p.namespace}/${p.workload.kind}/${p.workload.name}`));
  const out: Generated = { pods: [], workloads: [] };
  const src = (kind: string, namespace: string, name: string) => sources.get(`${kind}/${namespace}/${name}`);
  const present = (ns: string, w: WorkloadRef) => has.has(`${ns}/${w.kind}/${w.name}`);

  const replicaSetPods = (namespace: string, rsName: string, template: PodTemplateSpec, replicas: number, hash: string, workload: WorkloadRef, source?: SourceRef) =>
    Array.from({ length: replicas }, (_, i) =>
      makePod(namespace, `${rsName}-${generatedSuffix(`${namespace}/${rsName}/${i}`)}`, template, { 'pod-template-hash': hash }, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName }, workload, source),
    );

  for (const d of controllers.Deployment.values()) {
    const ns = d.metadata.namespace ?? 'default';
    const workload = { kind: 'Deployment', name: d.metadata.name };
    if (present(ns, workload)) continue;
    const hash = podTemplateHash(d.spec.template);
    const pods = replicaSetPods(ns, `${d.metadata.name}-${hash}`, d.spec.template, d.spec.replicas ?? 1, hash, workload, src('Deployment', ns, d.metadata.name));
    out.pods.push(...pods);
  }
  for (const rs of controllers.ReplicaSet.values()) {
    const ns = rs.metadata.namespace ?? 'default';
    const owner = controllerOf(rs.metadata.ownerReferences);
    const workload = owner ? topOwner(ns, owner, controllers) : { kind: 'ReplicaSet', name: rs.metadata.name };
    if (present(ns, workload) || out.pods.some((p) => p.namespace === ns && p.workload.kind === workload.kind && p.workload.name === workload.name)) continue;
    if (!rs.spec.template) continue;
    const hash = rs.metadata.labels?.['pod-template-hash'] ?? podTemplateHash(rs.spec.template);
    out.pods.push(...replicaSetPods(ns, rs.metadata.name, rs.spec.template, rs.spec.replicas ?? 1, hash, workload, src('ReplicaSet', ns, rs.metadata.name)));
  }
  for (const s of controllers.StatefulSet.values()) {
    const ns = s.metadata.namespace ?? 'default';
    const workload = { kind: 'StatefulSet', name: s.metadata.name };
    if (present(ns, workload)) continue;
    for (let i = 0; i < (s.spec.replicas ?? 1); i += 1) {
      const name = `${s.metadata.name}-${i}`;
      const patch = { hostname: name, ...(s.spec.serviceName ? { subdomain: s.spec.serviceName } : {}) };
      out.pods.push(
        makePod(ns, name, s.spec.template, { 'statefulset.kubernetes.io/pod-name': name, 'apps.kubernetes.io/pod-index': String(i) }, { apiVersion: 'apps/v1', kind: 'StatefulSet', name: s.metadata.name }, workload, src('StatefulSet', ns, s.metadata.name), patch),
      );
    }
  }
  const jobPods = (ns: string, jobName: string, spec: Job['spec'], workload: WorkloadRef, source?: SourceRef) =>
    Array.from({ length: Math.max(0, Math.min(spec.parallelism ?? 1, spec.completions ?? Number.MAX_SAFE_INTEGER)) }, (_, i) =>
      makePod(ns, `${jobName}-${generatedSuffix(`${ns}/${jobName}/${i}`)}`, spec.template, { 'batch.kubernetes.io/job-name': jobName, 'job-name': jobName }, { apiVersion: 'batch/v1', kind: 'Job', name: jobName }, workload, source),
    );
  for (const job of controllers.Job.values()) {
    const ns = job.metadata.namespace ?? 'default';
    const owner = controllerOf(job.metadata.ownerReferences);
    const workload = owner ? topOwner(ns, owner, controllers) : { kind: 'Job', name: job.metadata.name };
    if (present(ns, workload)) continue;
    out.pods.push(...jobPods(ns, job.metadata.name, job.spec, workload, src('Job', ns, job.metadata.name)));
  }
  for (const cj of controllers.CronJob.values()) {
    const ns = cj.metadata.namespace ?? 'default';
    const workload = { kind: 'CronJob', name: cj.metadata.name };
    if (present(ns, workload) || out.pods.some((p) => p.namespace === ns && p.workload.kind === 'CronJob' && p.workload.name === cj.metadata.name)) continue;
    // One run in progress, scheduled at a deterministic minute (8 digits, like real CronJob Job names).
    const minutes = 29_000_000 + (fnv32a(`${ns}/${cj.metadata.name}`) % 1_000_000);
    out.pods.push(...jobPods(ns, `${cj.metadata.name}-${minutes}`, cj.spec.jobTemplate.spec, workload, src('CronJob', ns, cj.metadata.name)));
  }
  return out;
}

/** A node as the DaemonSet controller sees it. */
export interface SchedulableNode {
  name: string;
  labels: Readonly<Record<string, string>>;
  taints: readonly Taint[];
}

/**
 * One pod of a DaemonSet on every node whose labels match its nodeSelector and whose NoSchedule/NoExecute
 * taints it tolerates. Pods are named `<ds>-<5 chars>` and bound to their node (`spec.nodeName`).
 */
export function expandDaemonSet(ds: WorkloadRecord, nodes: readonly SchedulableNode[]): PodRecord[] {
  if (!ds.template) return [];
  const template = ds.template;
  return nodes
    .filter((n) => matchesNodeSelector(template.spec.nodeSelector, n.labels) && untoleratedTaints(n.taints, template.spec.tolerations ?? []).length === 0)
    .map((n) =>
      makePod(ds.namespace, `${ds.name}-${generatedSuffix(`${ds.namespace}/${ds.name}/${n.name}`)}`, template, {}, { apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.name }, { kind: 'DaemonSet', name: ds.name }, ds.source, { nodeName: n.name }),
    );
}

export function emptyControllers(): Controllers {
  return { Deployment: new Map(), ReplicaSet: new Map(), StatefulSet: new Map(), DaemonSet: new Map(), Job: new Map(), CronJob: new Map() };
}
