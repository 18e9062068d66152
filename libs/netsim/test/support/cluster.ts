import { createHash } from 'node:crypto';
import { loadInputs, type Inventory } from '@podnet/contracts';
import { buildClusterModel } from '../../src/model/build-model';
import { createTracer } from '../../src/analysis/trace/engine';
import type { ClusterModel } from '../../src/model/types';
import type { TraceResult, TraceStages } from '../../src/analysis/trace/types';

/** A pod for a scenario: name, node (spec.nodeName) and what it declares. */
export interface PodSketch {
  name: string;
  node?: string;
  namespace?: string;
  ports?: { containerPort: number; protocol?: string; hostPort?: number; name?: string }[];
  containers?: string[];
  hostNetwork?: boolean;
  podIP?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: Record<string, string>[];
}

/** A Pod manifest from a sketch (first container gets the ports). */
export function podManifest(p: PodSketch): Record<string, unknown> {
  const names = p.containers ?? ['app'];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: p.name, namespace: p.namespace ?? 'default', labels: { app: p.name } },
    spec: {
      ...(p.node ? { nodeName: p.node } : {}),
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      ...(p.nodeSelector ? { nodeSelector: p.nodeSelector } : {}),
      ...(p.tolerations ? { tolerations: p.tolerations } : {}),
      containers: names.map((name, i) => ({ name, image: 'registry.example/app:1', ...(i === 0 && p.ports ? { ports: p.ports } : {}) })),
    },
    ...(p.podIP ? { status: { podIP: p.podIP } } : {}),
  };
}

/** A ClusterDesign document (JSON is YAML) with the given sections and pods. */
export function designDoc(sections: Record<string, unknown>, pods: readonly PodSketch[] = []): string {
  return JSON.stringify({
    apiVersion: 'podnet.dev/v1alpha1',
    kind: 'ClusterDesign',
    metadata: { name: 'scenario' },
    ...sections,
    workloads: pods.map(podManifest),
  });
}

/** Loads documents (design and/or manifests) the way the CLI does. */
export function inventoryOf(...docs: string[]): Inventory {
  return loadInputs(docs.map((text, i) => ({ name: `doc${i}.yaml`, text })));
}

/** Builds the model of the documents. */
export function modelOf(...docs: string[]): ClusterModel {
  return buildClusterModel(inventoryOf(...docs));
}

/** Runs one trace. */
export function traceIn(model: ClusterModel, from: string, to: string, stages: TraceStages = {}): TraceResult {
  return createTracer(model, stages).trace({ from, to });
}

/** `at device action` per hop, the shape scenario tests compare. */
export function path(result: TraceResult): string[] {
  return result.hops.map((h) => `${h.at} ${h.device} ${h.action}`);
}

/**
 * The host-side veth name Calico (`cali`) and the VPC CNI (`eni`) give a pod: the prefix and the first 11 hex
 * digits of sha1("<namespace>.<pod>") (Calico `VethNameForWorkload`, amazon-vpc-cni-k8s
 * `GenerateHostVethName`), computed here with Node's crypto, independently of podnet's own SHA-1.
 */
export function vethName(prefix: string, namespace: string, pod: string, length = 11): string {
  return prefix + createHash('sha1').update(`${namespace}.${pod}`).digest('hex').slice(0, length);
}

/** Two generic nodes (10.0.0.10 and 10.0.0.11 on the default node network). */
export const TWO_NODES = [{ name: 'node-a' }, { name: 'node-b' }];

/** An AWS network: VPC 10.0.0.0/16, one private subnet per zone. */
export const AWS_NETWORK = {
  provider: 'aws',
  region: 'us-east-1',
  vpc: { cidrBlocks: ['10.0.0.0/16'] },
  subnets: [
    { name: 'private-a', cidr: '10.0.1.0/24', availabilityZone: 'us-east-1a', role: 'private' },
    { name: 'private-b', cidr: '10.0.2.0/24', availabilityZone: 'us-east-1b', role: 'private' },
  ],
};
