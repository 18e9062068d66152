import { z } from 'zod';
import { LabelsSchema, NameSchema, PortNumberSchema, ProtocolSchema } from '../k8s/meta.schema';
import { TaintSchema } from '../k8s/pod.schema';
import { cidrProblem } from '../net/cidr';

/** A CIDR string, validated as a network block (no host bits). */
export const CidrSchema = z.string().superRefine((text, ctx) => {
  const problem = cidrProblem(text);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: text });
});

/** Accepts the VPC CNI's environment-variable spelling ("true", "5") as well as JSON booleans/numbers. */
const envBool = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean({ error: (i) => `must be true or false (got ${JSON.stringify(i.input)})` }),
);
const envInt = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
  z.number({ error: (i) => `must be a whole number (got ${JSON.stringify(i.input)})` }).int('must be a whole number').min(0, 'must be 0 or more'),
);

export const SubnetSchema = z
  .object({
    id: z.string().regex(/^subnet-[0-9a-f]{8,17}$/, 'must look like subnet-0123456789abcdef0').optional(),
    name: z.string().min(1).optional(),
    availabilityZone: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$|^[a-z]{2}(-[a-z]+)+-\d-[a-z]+-\d[a-z]$/, 'must be an AWS availability zone such as us-east-1a').optional(),
    cidr: CidrSchema,
    role: z.enum(['nodes', 'pods', 'public', 'private'], { error: (i) => `role must be nodes, pods, public or private (got ${JSON.stringify(i.input)})` }),
    routeTable: z.string().optional(),
  })
  .strict()
  .refine((s) => s.id !== undefined || s.name !== undefined, { message: 'a subnet needs an id or a name' });
export type Subnet = z.infer<typeof SubnetSchema>;

export const RouteTableSchema = z
  .object({
    name: z.string(),
    routes: z.array(z.object({ destination: CidrSchema, target: z.string() }).strict()).default([]),
  })
  .strict();

export const ClusterSchema = z
  .object({
    name: NameSchema.optional(),
    kubernetesVersion: z.string().regex(/^1\.\d{1,2}(\.\d{1,3})?$/, 'must be a Kubernetes version such as 1.31').default('1.31'),
    clusterDomain: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'must be a DNS domain such as cluster.local').default('cluster.local'),
    /** One CIDR per family (dual stack: an IPv4 and an IPv6 block). Default by provider, see {@link defaultServiceCidrs}. */
    serviceCIDRs: z.array(CidrSchema).min(1).max(2, 'at most two service CIDRs (one per IP family)').optional(),
    /** Cluster pod CIDR(s), for CNIs with per-node podCIDRs (bridge/host-local; Calico pools default to it). */
    podCIDRs: z.array(CidrSchema).max(2, 'at most two pod CIDRs (one per IP family)').optional(),
    nodeCIDRMaskSize: z.number().int().min(8).max(30).default(24),
    nodeCIDRMaskSizeIPv6: z.number().int().min(64).max(126).default(64),
    kubeProxyMode: z.enum(['iptables', 'ipvs', 'nftables'], { error: (i) => `kubeProxyMode must be iptables, ipvs or nftables (got ${JSON.stringify(i.input)})` }).default('iptables'),
    /** The cluster DNS Service IP; default: the 10th address of the first service CIDR. */
    dnsIP: z.string().optional(),
  })
  .strict();

export const NetworkSchema = z
  .object({
    provider: z.enum(['aws', 'generic'], { error: (i) => `provider must be aws or generic (got ${JSON.stringify(i.input)})` }).default('generic'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as us-east-1').optional(),
    vpc: z
      .object({
        id: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, 'must look like vpc-0123456789abcdef0').optional(),
        /** Primary block first, then secondary blocks (for example 100.64.0.0/16 for custom networking). */
        cidrBlocks: z.array(CidrSchema).min(1, 'a VPC needs at least one CIDR block').max(5, 'a VPC has at most 5 IPv4 CIDR blocks by default'),
      })
      .strict()
      .optional(),
    subnets: z.array(SubnetSchema).default([]),
    routeTables: z.array(RouteTableSchema).optional(),
    /** Generic provider: whether the underlay routes each node's podCIDR to that node (as cloud routes or kubenet do). */
    underlayRoutesPodCIDRs: z.boolean().default(true),
  })
  .strict();

export const EniConfigSchema = z
  .object({ subnet: z.string().min(1), securityGroups: z.array(z.string().regex(/^sg-[0-9a-f]{8,17}$/, 'must look like sg-0123456789abcdef0')).optional() })
  .strict();

/** Amazon VPC CNI settings, named exactly as its environment variables (aws-node DaemonSet). */
export const AwsVpcCniSchema = z
  .object({
    WARM_ENI_TARGET: envInt.optional(),
    WARM_IP_TARGET: envInt.optional(),
    MINIMUM_IP_TARGET: envInt.optional(),
    WARM_PREFIX_TARGET: envInt.optional(),
    ENABLE_PREFIX_DELEGATION: envBool.default(false),
    AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: envBool.default(false),
    /** ENIConfig per availability zone (the ENI_CONFIG_LABEL_DEF default keys ENIConfigs by zone). */
    ENIConfigs: z.record(z.string(), EniConfigSchema).optional(),
    ENABLE_POD_ENI: envBool.default(false),
    POD_SECURITY_GROUP_ENFORCING_MODE: z.enum(['strict', 'standard']).default('strict'),
    AWS_VPC_K8S_CNI_EXTERNALSNAT: envBool.default(false),
    AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS: z.array(CidrSchema).optional(),
    ENABLE_IPv6: envBool.default(false),
    MAX_ENI: envInt.optional(),
    AWS_VPC_ENI_MTU: envInt.optional(),
  })
  .strict();

export const CalicoIpPoolSchema = z
  .object({
    name: z.string().min(1),
    cidr: CidrSchema,
    blockSize: z.number().int().min(20).max(32).default(26),
    encapsulation: z.enum(['IPIP', 'VXLAN', 'None'], { error: (i) => `encapsulation must be IPIP, VXLAN or None (got ${JSON.stringify(i.input)})` }).default('IPIP'),
    /** For IPIP/VXLAN: encapsulate Always or only CrossSubnet. */
    mode: z.enum(['Always', 'CrossSubnet']).default('Always'),
    natOutgoing: z.boolean().default(true),
    nodeSelector: z.string().default('all()'),
    disabled: z.boolean().default(false),
  })
  .strict();

export const CalicoSchema = z
  .object({
    ipPools: z.array(CalicoIpPoolSchema).optional(),
    bgp: z.object({ enabled: z.boolean().default(true), asNumber: z.number().int().min(1).max(4294967295).default(64512), nodeToNodeMesh: z.boolean().default(true) }).strict().default({ enabled: true, asNumber: 64512, nodeToNodeMesh: true }),
  })
  .strict();

export const BridgeSchema = z
  .object({
    bridgeName: z.string().default('cni0'),
    isGateway: z.boolean().default(true),
    ipMasq: z.boolean().default(true),
    hairpinMode: z.boolean().default(false),
    /** host-local ranges; default: each node's podCIDR. */
    ranges: z.array(z.array(z.object({ subnet: CidrSchema, rangeStart: z.string().optional(), rangeEnd: z.string().optional(), gateway: z.string().optional() }).strict())).optional(),
  })
  .strict();

export const DockerBridgeSchema = z
  .object({ bridgeName: z.string().default('docker0'), cidr: CidrSchema.default('172.17.0.0/16'), ipMasq: z.boolean().default(true) })
  .strict();

export const CniPluginSchema = z.enum(['aws-vpc-cni', 'calico', 'bridge', 'docker-bridge'], {
  error: (i) => `cni.plugin must be aws-vpc-cni, calico, bridge or docker-bridge (got ${JSON.stringify(i.input)})`,
});
export type CniPlugin = z.infer<typeof CniPluginSchema>;

export const CniSchema = z
  .object({
    plugin: CniPluginSchema,
    version: z.string().regex(/^v?\d+\.\d+\.\d+$/, 'must be a version such as 1.18.3').optional(),
    awsVpcCni: AwsVpcCniSchema.optional(),
    calico: CalicoSchema.optional(),
    bridge: BridgeSchema.optional(),
    dockerBridge: DockerBridgeSchema.optional(),
  })
  .strict();

export const NodeGroupSchema = z
  .object({
    name: NameSchema,
    instanceType: z.string().min(1),
    desiredSize: z.number().int().min(0),
    minSize: z.number().int().min(0).optional(),
    maxSize: z.number().int().min(0).optional(),
    /** Subnet names or ids; default: every subnet with role `nodes` (or `private`). */
    subnets: z.array(z.string()).optional(),
    availabilityZones: z.array(z.string()).optional(),
    /** kubelet maxPods override. */
    maxPods: z.number().int().min(1).max(1024).optional(),
    labels: LabelsSchema.default({}),
    taints: z.array(TaintSchema).default([]),
    /** Pods expected per node, for warm-pool sizing; default: derived from the scheduled workloads. */
    expectedPodsPerNode: z.number().int().min(0).optional(),
    /** Pods per node with their own branch ENI (security groups for pods); SecurityGroupPolicies are not read. */
    expectedBranchPodsPerNode: z.number().int().min(0).optional(),
  })
  .strict();
export type NodeGroup = z.infer<typeof NodeGroupSchema>;

export const ExplicitNodeSchema = z
  .object({
    name: NameSchema,
    instanceType: z.string().optional(),
    internalIP: z.string().optional(),
    subnet: z.string().optional(),
    availabilityZone: z.string().optional(),
    podCIDR: CidrSchema.optional(),
    maxPods: z.number().int().min(1).max(1024).optional(),
    labels: LabelsSchema.default({}),
    taints: z.array(TaintSchema).default([]),
  })
  .strict();
export type ExplicitNode = z.infer<typeof ExplicitNodeSchema>;

/** A reference to a manifest file, relative to the design file. */
export const WorkloadFileSchema = z.object({ file: z.string().min(1) }).strict();

export const ExpectationSchema = z
  .object({
    from: z.string().min(1),
    to: z.string().min(1),
    port: z.union([PortNumberSchema, z.string()]).optional(),
    protocol: ProtocolSchema.default('TCP'),
    allowed: z.boolean(),
    description: z.string().optional(),
  })
  .strict();
export type Expectation = z.infer<typeof ExpectationSchema>;

/** The cluster design: `apiVersion: podnet.dev/v1alpha1, kind: ClusterDesign`. */
export const ClusterDesignSchema = z
  .object({
    apiVersion: z.literal('podnet.dev/v1alpha1', { error: (i) => `apiVersion must be podnet.dev/v1alpha1 (got ${JSON.stringify(i.input)})` }),
    kind: z.literal('ClusterDesign'),
    metadata: z.object({ name: NameSchema, description: z.string().optional(), labels: LabelsSchema.optional() }).strict(),
    cluster: ClusterSchema.default(ClusterSchema.parse({})),
    network: NetworkSchema.default(NetworkSchema.parse({})),
    cni: CniSchema.default({ plugin: 'bridge' }),
    nodeGroups: z.array(NodeGroupSchema).default([]),
    nodes: z.array(ExplicitNodeSchema).default([]),
    /** Kubernetes manifests inline, or `{file: path}` references. */
    workloads: z.array(z.record(z.string(), z.unknown())).default([]),
    /** Reachability assertions checked by `podnet check`. */
    expect: z.array(ExpectationSchema).default([]),
  })
  .strict();
export type ClusterDesign = z.infer<typeof ClusterDesignSchema>;
export type ClusterDesignInput = z.input<typeof ClusterDesignSchema>;

export const DESIGN_API_VERSION = 'podnet.dev/v1alpha1';
export const DESIGN_KIND = 'ClusterDesign';
export { PortNumberSchema };
