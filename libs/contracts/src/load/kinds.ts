import type { z } from 'zod';
import { AdminNetworkPolicySchema, BaselineAdminNetworkPolicySchema, NetworkPolicySchema } from '../k8s/netpol.schema';
import { GatewayClassSchema, GatewaySchema, HTTPRouteSchema, IngressClassSchema, IngressSchema } from '../k8s/ingress.schema';
import {
  ConfigMapSchema,
  CronJobSchema,
  DaemonSetSchema,
  DeploymentSchema,
  JobSchema,
  NamespaceSchema,
  NodeSchema,
  PodSchema,
  ReplicaSetSchema,
  StatefulSetSchema,
} from '../k8s/pod.schema';
import { EndpointSliceSchema, EndpointsSchema, ServiceSchema } from '../k8s/service.schema';

/** A Kubernetes kind podnet reads: its API group(s), whether namespaced, and its schema. */
export interface KindSpec {
  groups: readonly string[];
  namespaced: boolean;
  schema: z.ZodType;
}

/** Every kind podnet understands, by `kind`. Others are reported as skipped. */
export const KNOWN_KINDS = {
  Namespace: { groups: [''], namespaced: false, schema: NamespaceSchema },
  Node: { groups: [''], namespaced: false, schema: NodeSchema },
  Pod: { groups: [''], namespaced: true, schema: PodSchema },
  Service: { groups: [''], namespaced: true, schema: ServiceSchema },
  Endpoints: { groups: [''], namespaced: true, schema: EndpointsSchema },
  ConfigMap: { groups: [''], namespaced: true, schema: ConfigMapSchema },
  Deployment: { groups: ['apps'], namespaced: true, schema: DeploymentSchema },
  ReplicaSet: { groups: ['apps'], namespaced: true, schema: ReplicaSetSchema },
  StatefulSet: { groups: ['apps'], namespaced: true, schema: StatefulSetSchema },
  DaemonSet: { groups: ['apps'], namespaced: true, schema: DaemonSetSchema },
  Job: { groups: ['batch'], namespaced: true, schema: JobSchema },
  CronJob: { groups: ['batch'], namespaced: true, schema: CronJobSchema },
  EndpointSlice: { groups: ['discovery.k8s.io'], namespaced: true, schema: EndpointSliceSchema },
  NetworkPolicy: { groups: ['networking.k8s.io'], namespaced: true, schema: NetworkPolicySchema },
  Ingress: { groups: ['networking.k8s.io'], namespaced: true, schema: IngressSchema },
  IngressClass: { groups: ['networking.k8s.io'], namespaced: false, schema: IngressClassSchema },
  AdminNetworkPolicy: { groups: ['policy.networking.k8s.io'], namespaced: false, schema: AdminNetworkPolicySchema },
  BaselineAdminNetworkPolicy: { groups: ['policy.networking.k8s.io'], namespaced: false, schema: BaselineAdminNetworkPolicySchema },
  GatewayClass: { groups: ['gateway.networking.k8s.io'], namespaced: false, schema: GatewayClassSchema },
  Gateway: { groups: ['gateway.networking.k8s.io'], namespaced: true, schema: GatewaySchema },
  HTTPRoute: { groups: ['gateway.networking.k8s.io'], namespaced: true, schema: HTTPRouteSchema },
} as const satisfies Record<string, KindSpec>;

export type KnownKind = keyof typeof KNOWN_KINDS;

/** The API group of an apiVersion string (`apps/v1` -> `apps`, `v1` -> ``). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The known kind for an apiVersion/kind pair, or undefined when podnet does not read it. */
export function knownKind(apiVersion: string, kind: string): KnownKind | undefined {
  if (!Object.hasOwn(KNOWN_KINDS, kind)) return undefined;
  const spec = KNOWN_KINDS[kind as KnownKind];
  return (spec.groups as readonly string[]).includes(apiGroup(apiVersion)) ? (kind as KnownKind) : undefined;
}
