import type { z } from 'zod';
import { ClusterDesignSchema, DESIGN_API_VERSION, DESIGN_KIND, type ClusterDesign } from '../design/cluster-design.schema';
import { DesignError, type InputIssue, type JsonPath } from '../errors/errors';
import type { Namespace, Node, Pod } from '../k8s/pod.schema';
import { checkDesign } from './design-checks';
import type { Inventory, PodRecord, SkippedKind, SourceRef, WorkloadRecord } from './inventory';
import { KNOWN_KINDS, knownKind, type KnownKind } from './kinds';
import { emptyControllers, expandControllers, workloadOfPod, type Controllers } from './workloads';
import { parseSource, type SourceDocument, type SourceText } from './yaml-source';

export interface LoadOptions {
  /** Reads a `{file: path}` workload reference of a design; without it such references are an error. */
  resolveFile?: (path: string, fromFile: string) => SourceText;
  /**
   * Further checks of a schema-valid design that need more than contracts know (for example the
   * planner's instance-type catalogue); their issues get the design's file and line like any other.
   */
  designChecks?: ReadonlyArray<(design: ClusterDesign) => ReadonlyArray<Omit<InputIssue, 'file' | 'line'>>>;
  /** Upper bound on objects read (input size limit). Default 200,000. */
  maxObjects?: number;
}

interface RawObject {
  data: Record<string, unknown>;
  doc: SourceDocument;
  path: JsonPath;
}

const GENERIC_DESIGN: ClusterDesign = ClusterDesignSchema.parse({
  apiVersion: DESIGN_API_VERSION,
  kind: DESIGN_KIND,
  metadata: { name: 'generic' },
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns zod issues into podnet issues with file, path, line and value. */
export function zodIssues(error: z.ZodError, doc: SourceDocument, prefix: JsonPath): InputIssue[] {
  return error.issues.map((issue) => {
    let path: (string | number)[] = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    let message = issue.message;
    let value: unknown = 'input' in issue ? issue.input : undefined;
    if (issue.code === 'unrecognized_keys') {
      path = [...path, issue.keys[0] ?? ''];
      message = issue.keys.length > 1 ? `unknown fields ${issue.keys.join(', ')}` : 'unknown field';
      value = undefined;
    } else if (issue.code === 'invalid_type' && value === undefined) {
      message = 'is required';
    } else if (issue.code === 'invalid_type') {
      message = `must be ${issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}`;
    }
    return { file: doc.file, path, line: doc.lineOf(path), value, message };
  });
}

/**
 * Reads ClusterDesign files and plain Kubernetes manifests (multi-document YAML, JSON, `kind: List`)
 * together, validates them, and returns the normalized inventory. Throws {@link DesignError} with every
 * issue found (file, JSON path, line, value, reason) when anything is wrong; never returns half a result.
 *
 * @example
 * const inv = loadInputs([{ name: 'pods.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c}]}' }]);
 * inv.pods[0].namespace // => 'default'
 */
export function loadInputs(sources: readonly SourceText[], options: LoadOptions = {}): Inventory {
  const issues: InputIssue[] = [];
  const raws: RawObject[] = [];
  let designDoc: { data: Record<string, unknown>; doc: SourceDocument; path: JsonPath } | undefined;

  const collect = (source: SourceText) => {
    const parsed = parseSource(source);
    issues.push(...parsed.issues);
    for (const doc of parsed.documents) {
      if (!isObject(doc.data)) {
        issues.push({ file: doc.file, path: [], line: doc.lineOf([]), message: 'a document must be a mapping (an object with apiVersion and kind)' });
        continue;
      }
      const data = doc.data;
      if (data['kind'] === 'List' && Array.isArray(data['items'])) {
        data['items'].forEach((item, i) => pushObject(item, doc, ['items', i]));
      } else if (data['kind'] === DESIGN_KIND || (typeof data['apiVersion'] === 'string' && data['apiVersion'].startsWith('podnet.dev/'))) {
        if (designDoc) {
          issues.push({ file: doc.file, path: [], line: doc.lineOf([]), message: `more than one ClusterDesign (the first is in ${designDoc.doc.file})` });
        } else {
          designDoc = { data, doc, path: [] };
        }
      } else {
        pushObject(data, doc, []);
      }
    }
  };
  const pushObject = (item: unknown, doc: SourceDocument, path: JsonPath) => {
    if (!isObject(item)) {
      issues.push({ file: doc.file, path, line: doc.lineOf(path), message: 'a manifest must be an object with apiVersion and kind' });
      return;
    }
    raws.push({ data: item, doc, path });
  };
  sources.forEach(collect);

  // The design, and its inline or referenced workloads.
  let design = GENERIC_DESIGN;
  if (designDoc) {
    const result = ClusterDesignSchema.safeParse(designDoc.data, { reportInput: true });
    if (!result.success) issues.push(...zodIssues(result.error, designDoc.doc, []));
    else {
      design = result.data;
      const { doc } = designDoc;
      design.workloads.forEach((item, i) => {
        const path: JsonPath = ['workloads', i];
        const keys = Object.keys(item);
        if (keys.length === 1 && typeof item['file'] === 'string') {
          if (!options.resolveFile) {
            issues.push({ file: doc.file, path: [...path, 'file'], line: doc.lineOf(path), value: item['file'], message: 'file references cannot be read here; inline the manifests or submit them as further documents' });
            return;
          }
          try {
            collect(options.resolveFile(item['file'], doc.file));
          } catch (error) {
            issues.push({ file: doc.file, path: [...path, 'file'], line: doc.lineOf(path), value: item['file'], message: `cannot read the file: ${(error as Error).message}` });
          }
        } else if (typeof item['apiVersion'] === 'string' && typeof item['kind'] === 'string') {
          if (item['kind'] === 'List' && Array.isArray(item['items'])) item['items'].forEach((sub, j) => pushObject(sub, doc, [...path, 'items', j]));
          else pushObject(item, doc, path);
        } else {
          issues.push({ file: doc.file, path, line: doc.lineOf(path), message: 'a workload is a Kubernetes manifest (apiVersion and kind) or {file: path}' });
        }
      });
      const found = [checkDesign, ...(options.designChecks ?? [])].flatMap((check) => check(design));
      for (const issue of found) issues.push({ ...issue, file: doc.file, line: doc.lineOf(issue.path) });
    }
  }

  const maxObjects = options.maxObjects ?? 200_000;
  if (raws.length > maxObjects) {
    throw new DesignError([{ path: [], value: raws.length, message: `too many objects (at most ${maxObjects})` }]);
  }

  // Kubernetes objects: validate by kind, skip unknown kinds once per kind, reject duplicates.
  const byKind = new Map<KnownKind, { object: Record<string, unknown>; source: SourceRef; doc: SourceDocument }[]>();
  const skipped = new Map<string, SkippedKind>();
  const seen = new Map<string, SourceRef>();
  for (const raw of raws) {
    const { data, doc, path } = raw;
    const apiVersion = data['apiVersion'];
    const kind = data['kind'];
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      const missing = typeof apiVersion !== 'string' ? 'apiVersion' : 'kind';
      issues.push({ file: doc.file, path: [...path, missing], line: doc.lineOf(path), message: `${missing} is required (a string)` });
      continue;
    }
    const source = sourceRef(doc, path);
    const known = knownKind(apiVersion, kind);
    if (!known) {
      const id = `${apiVersion}/${kind}`;
      const entry = skipped.get(id);
      if (entry) entry.count += 1;
      else skipped.set(id, { apiVersion, kind, count: 1, first: source });
      continue;
    }
    const spec = KNOWN_KINDS[known];
    const result = spec.schema.safeParse(data, { reportInput: true });
    if (!result.success) {
      issues.push(...zodIssues(result.error, doc, path));
      continue;
    }
    const object = result.data as Record<string, unknown> & { metadata: { name: string; namespace?: string } };
    const metadata = { ...object.metadata };
    if (spec.namespaced) metadata.namespace = metadata.namespace ?? 'default';
    else delete metadata.namespace;
    const normalized = { ...object, metadata };
    const id = `${known}/${metadata.namespace ?? ''}/${metadata.name}`;
    const first = seen.get(id);
    if (first) {
      const namePath = [...path, 'metadata', 'name'];
      issues.push({ ...source, path: namePath, line: doc.lineOf(namePath), value: metadata.name, message: `duplicate ${known} ${metadata.namespace ? `${metadata.namespace}/` : ''}${metadata.name} (first defined in ${first.file}${first.line ? `:${first.line}` : ''})` });
      continue;
    }
    seen.set(id, source);
    const list = byKind.get(known) ?? [];
    list.push({ object: normalized, source, doc });
    byKind.set(known, list);
  }

  const objects = <T>(kind: KnownKind): T[] => (byKind.get(kind) ?? []).map((e) => e.object as T);

  // Pods: one network namespace per pod, so two containers may not bind the same port.
  const podEntries = (byKind.get('Pod') ?? []) as { object: Pod; source: SourceRef; doc: SourceDocument }[];
  for (const { object: pod, source, doc } of podEntries) issues.push(...portConflicts(pod, source, doc));

  if (issues.length > 0) throw new DesignError(sortIssues(issues));

  const controllers: Controllers = emptyControllers();
  for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const) {
    for (const o of objects<{ metadata: { name: string; namespace: string } }>(kind)) {
      (controllers[kind] as Map<string, unknown>).set(`${o.metadata.namespace}/${o.metadata.name}`, o);
    }
  }
  const existing: PodRecord[] = podEntries.map(({ object: pod, source }) => ({
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    labels: pod.metadata.labels ?? {},
    workload: workloadOfPod(pod, controllers),
    pod,
    generated: false,
    source,
  }));
  const generated = expandControllers(controllers, existing, seen);
  const pods = [...existing, ...generated.pods].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name));

  const workloads = buildWorkloads(pods, controllers, seen);
  const daemonSets: WorkloadRecord[] = [...controllers.DaemonSet.values()]
    .filter((ds) => !pods.some((p) => p.namespace === ds.metadata.namespace && p.workload.kind === 'DaemonSet' && p.workload.name === ds.metadata.name))
    .map((ds) => ({ namespace: ds.metadata.namespace ?? 'default', kind: 'DaemonSet', name: ds.metadata.name, replicas: 0, template: ds.spec.template, podNames: [], source: seen.get(`DaemonSet/${ds.metadata.namespace}/${ds.metadata.name}`) }));

  const inventory: Inventory = {
    design,
    hasDesign: designDoc !== undefined,
    namespaces: namespaces(objects<Namespace>('Namespace'), byKind),
    nodes: objects<Node>('Node'),
    pods,
    workloads,
    daemonSets,
    services: objects('Service'),
    endpointSlices: objects('EndpointSlice'),
    endpoints: objects('Endpoints'),
    networkPolicies: objects('NetworkPolicy'),
    adminNetworkPolicies: objects('AdminNetworkPolicy'),
    baselineAdminNetworkPolicies: objects('BaselineAdminNetworkPolicy'),
    ingresses: objects('Ingress'),
    ingressClasses: objects('IngressClass'),
    gatewayClasses: objects('GatewayClass'),
    gateways: objects('Gateway'),
    httpRoutes: objects('HTTPRoute'),
    configMaps: objects('ConfigMap'),
    skipped: [...skipped.values()],
    sources: seen,
    warnings: [...skipped.values()].map((s) => `skipped ${s.count} ${s.kind} object${s.count === 1 ? '' : 's'} (${s.apiVersion}): podnet does not read this kind`),
  };
  return inventory;
}

/**
 * Where an object came from. Its line is worked out on first use: on the fast parse path that needs a
 * second, position-keeping parse of the file, which only error messages should pay for.
 */
function sourceRef(doc: SourceDocument, path: JsonPath): SourceRef {
  let line: number | undefined | null = null;
  return {
    file: doc.file,
    path,
    get line() {
      if (line === null) line = doc.lineOf(path);
      return line;
    },
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortIssues(issues: InputIssue[]): InputIssue[] {
  return [...issues].sort((a, b) => cmp(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
}

function portConflicts(pod: Pod, source: SourceRef, doc: SourceDocument): InputIssue[] {
  const issues: InputIssue[] = [];
  const bound = new Map<string, string>();
  pod.spec.containers.forEach((container, c) => {
    (container.ports ?? []).forEach((port, p) => {
      const id = `${port.containerPort}/${port.protocol}`;
      const owner = bound.get(id);
      if (owner && owner !== container.name) {
        const path = [...source.path, 'spec', 'containers', c, 'ports', p, 'containerPort'];
        issues.push({
          file: source.file,
          path,
          line: doc.lineOf(path),
          value: port.containerPort,
          message: `containers ${owner} and ${container.name} of pod ${pod.metadata.namespace}/${pod.metadata.name} both bind ${id}; containers of a pod share one network namespace`,
        });
      } else bound.set(id, container.name);
    });
  });
  return issues;
}

function buildWorkloads(pods: readonly PodRecord[], controllers: Controllers, sources: ReadonlyMap<string, SourceRef>): WorkloadRecord[] {
  const map = new Map<string, WorkloadRecord>();
  for (const pod of pods) {
    const id = `${pod.namespace}/${pod.workload.kind}/${pod.workload.name}`;
    let record = map.get(id);
    if (!record) {
      const kind = pod.workload.kind;
      const controller = (['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet'] as const).includes(kind as never)
        ? (controllers[kind as keyof Controllers] as Map<string, { spec: Record<string, unknown> }>).get(`${pod.namespace}/${pod.workload.name}`)
        : undefined;
      const template = (controller?.spec['template'] ?? (controller?.spec['jobTemplate'] as { spec?: { template?: unknown } } | undefined)?.spec?.template) as WorkloadRecord['template'];
      const source = sources.get(`${kind}/${pod.namespace}/${pod.workload.name}`);
      record = { namespace: pod.namespace, kind, name: pod.workload.name, replicas: 0, podNames: [], ...(template ? { template } : {}), ...(source ? { source } : {}) };
      map.set(id, record);
    }
    record.replicas += 1;
    record.podNames.push(pod.name);
  }
  return [...map.values()].sort((a, b) => cmp(a.namespace, b.namespace) || cmp(a.name, b.name) || cmp(a.kind, b.kind));
}

/** Every namespace given or used, with the `kubernetes.io/metadata.name` label the API server adds. */
function namespaces(given: readonly Namespace[], byKind: ReadonlyMap<KnownKind, { object: Record<string, unknown> }[]>): Namespace[] {
  const names = new Set<string>(['default']);
  for (const list of byKind.values()) {
    for (const { object } of list) {
      const ns = (object['metadata'] as { namespace?: string }).namespace;
      if (ns) names.add(ns);
    }
  }
  const result = new Map<string, Namespace>();
  for (const ns of given) result.set(ns.metadata.name, ns);
  for (const name of names) if (!result.has(name)) result.set(name, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return [...result.values()]
    .map((ns) => ({ ...ns, metadata: { ...ns.metadata, labels: { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name } } }))
    .sort((a, b) => cmp(a.metadata.name, b.metadata.name));
}
