import { z } from 'zod';
import {
  DnsLabelSchema,
  kubeObject,
  LabelsSchema,
  LabelSelectorSchema,
  ObjectMetaSchema,
  PortNameSchema,
  PortNumberSchema,
  ProtocolSchema,
} from './meta.schema';

export const ContainerPortSchema = z.looseObject({
  name: PortNameSchema.optional(),
  containerPort: PortNumberSchema,
  protocol: ProtocolSchema.default('TCP'),
  hostPort: PortNumberSchema.optional(),
  hostIP: z.string().optional(),
});
export type ContainerPort = z.infer<typeof ContainerPortSchema>;

export const ContainerSchema = z.looseObject({
  name: DnsLabelSchema,
  image: z.string().optional(),
  ports: z.array(ContainerPortSchema).nullable().optional(),
});
export type Container = z.infer<typeof ContainerSchema>;

export const TolerationSchema = z.looseObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute', '']).optional(),
});
export type Toleration = z.infer<typeof TolerationSchema>;

export const PodSpecSchema = z.looseObject({
  containers: z.array(ContainerSchema).min(1, 'a pod needs at least one container'),
  initContainers: z.array(ContainerSchema).nullable().optional(),
  nodeName: z.string().optional(),
  nodeSelector: z.record(z.string(), z.string()).nullable().optional(),
  tolerations: z.array(TolerationSchema).nullable().optional(),
  hostNetwork: z.boolean().optional(),
  hostname: DnsLabelSchema.optional(),
  subdomain: DnsLabelSchema.optional(),
  dnsPolicy: z.enum(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None']).optional(),
  dnsConfig: z
    .looseObject({
      nameservers: z.array(z.string()).optional(),
      searches: z.array(z.string()).optional(),
      options: z.array(z.looseObject({ name: z.string(), value: z.string().optional() })).optional(),
    })
    .optional(),
  setHostnameAsFQDN: z.boolean().optional(),
  serviceAccountName: z.string().optional(),
});
export type PodSpec = z.infer<typeof PodSpecSchema>;

export const PodConditionSchema = z.looseObject({ type: z.string(), status: z.string() });

export const PodStatusSchema = z.looseObject({
  phase: z.string().optional(),
  podIP: z.string().optional(),
  podIPs: z.array(z.looseObject({ ip: z.string() })).nullable().optional(),
  hostIP: z.string().optional(),
  hostIPs: z.array(z.looseObject({ ip: z.string() })).nullable().optional(),
  conditions: z.array(PodConditionSchema).nullable().optional(),
});
export type PodStatus = z.infer<typeof PodStatusSchema>;

export const PodSchema = kubeObject('Pod', { spec: PodSpecSchema, status: PodStatusSchema.optional() });
export type Pod = z.infer<typeof PodSchema>;

export const PodTemplateSpecSchema = z.looseObject({
  metadata: ObjectMetaSchema.optional(),
  spec: PodSpecSchema,
});
export type PodTemplateSpec = z.infer<typeof PodTemplateSpecSchema>;

const replicas = z.number().int().min(0, 'replicas must be 0 or more').optional();

export const DeploymentSchema = kubeObject('Deployment', {
  spec: z.looseObject({ replicas, selector: LabelSelectorSchema, template: PodTemplateSpecSchema }),
});
export const ReplicaSetSchema = kubeObject('ReplicaSet', {
  spec: z.looseObject({ replicas, selector: LabelSelectorSchema.optional(), template: PodTemplateSpecSchema.optional() }),
});
export const StatefulSetSchema = kubeObject('StatefulSet', {
  spec: z.looseObject({
    replicas,
    serviceName: z.string().optional(),
    selector: LabelSelectorSchema,
    template: PodTemplateSpecSchema,
  }),
});
export const DaemonSetSchema = kubeObject('DaemonSet', {
  spec: z.looseObject({ selector: LabelSelectorSchema, template: PodTemplateSpecSchema }),
});
export const JobSpecSchema = z.looseObject({
  parallelism: z.number().int().min(0).optional(),
  completions: z.number().int().min(0).nullable().optional(),
  template: PodTemplateSpecSchema,
});
export const JobSchema = kubeObject('Job', { spec: JobSpecSchema });
export const CronJobSchema = kubeObject('CronJob', {
  spec: z.looseObject({ schedule: z.string(), jobTemplate: z.looseObject({ metadata: ObjectMetaSchema.optional(), spec: JobSpecSchema }) }),
});
export type Deployment = z.infer<typeof DeploymentSchema>;
export type ReplicaSet = z.infer<typeof ReplicaSetSchema>;
export type StatefulSet = z.infer<typeof StatefulSetSchema>;
export type DaemonSet = z.infer<typeof DaemonSetSchema>;
export type Job = z.infer<typeof JobSchema>;
export type CronJob = z.infer<typeof CronJobSchema>;

export const TaintSchema = z.looseObject({
  key: z.string(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});
export type Taint = z.infer<typeof TaintSchema>;

export const NodeSchema = kubeObject('Node', {
  spec: z
    .looseObject({
      podCIDR: z.string().optional(),
      podCIDRs: z.array(z.string()).nullable().optional(),
      providerID: z.string().optional(),
      taints: z.array(TaintSchema).nullable().optional(),
    })
    .optional(),
  status: z
    .looseObject({
      addresses: z.array(z.looseObject({ type: z.string(), address: z.string() })).nullable().optional(),
      allocatable: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
      capacity: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    })
    .optional(),
});
export type Node = z.infer<typeof NodeSchema>;

export const NamespaceSchema = kubeObject('Namespace', {});
export type Namespace = z.infer<typeof NamespaceSchema>;

export const ConfigMapSchema = kubeObject('ConfigMap', { data: z.record(z.string(), z.string()).nullable().optional() });
export type ConfigMap = z.infer<typeof ConfigMapSchema>;

export { LabelsSchema };
