import { z } from 'zod';
import { IntOrPortNameSchema, kubeObject, PortNameSchema, PortNumberSchema, ProtocolSchema } from './meta.schema';

export const ServicePortSchema = z.looseObject({
  name: PortNameSchema.optional(),
  protocol: ProtocolSchema.default('TCP'),
  port: PortNumberSchema,
  targetPort: IntOrPortNameSchema.optional(),
  nodePort: PortNumberSchema.optional(),
  appProtocol: z.string().optional(),
});
export type ServicePort = z.infer<typeof ServicePortSchema>;

export const ServiceSchema = kubeObject('Service', {
  spec: z.looseObject({
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).optional(),
    selector: z.record(z.string(), z.string()).nullable().optional(),
    ports: z.array(ServicePortSchema).nullable().optional(),
    clusterIP: z.string().optional(),
    clusterIPs: z.array(z.string()).nullable().optional(),
    ipFamilies: z.array(z.enum(['IPv4', 'IPv6'])).nullable().optional(),
    ipFamilyPolicy: z.enum(['SingleStack', 'PreferDualStack', 'RequireDualStack']).optional(),
    externalName: z.string().optional(),
    externalIPs: z.array(z.string()).nullable().optional(),
    loadBalancerIP: z.string().optional(),
    loadBalancerClass: z.string().optional(),
    loadBalancerSourceRanges: z.array(z.string()).nullable().optional(),
    externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
    internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
    healthCheckNodePort: PortNumberSchema.optional(),
    sessionAffinity: z.enum(['None', 'ClientIP']).optional(),
    sessionAffinityConfig: z.looseObject({ clientIP: z.looseObject({ timeoutSeconds: z.number().int().optional() }).optional() }).optional(),
    publishNotReadyAddresses: z.boolean().optional(),
    trafficDistribution: z.string().optional(),
    allocateLoadBalancerNodePorts: z.boolean().optional(),
  }).default({}),
  status: z.looseObject({}).optional(),
});
export type Service = z.infer<typeof ServiceSchema>;

export const EndpointSchema = z.looseObject({
  addresses: z.array(z.string()).min(1, 'an endpoint needs at least one address'),
  conditions: z
    .looseObject({ ready: z.boolean().nullable().optional(), serving: z.boolean().nullable().optional(), terminating: z.boolean().nullable().optional() })
    .optional(),
  hostname: z.string().optional(),
  nodeName: z.string().optional(),
  zone: z.string().optional(),
  targetRef: z.looseObject({ kind: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() }).optional(),
  hints: z.looseObject({ forZones: z.array(z.looseObject({ name: z.string() })).optional(), forNodes: z.array(z.looseObject({ name: z.string() })).optional() }).optional(),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

export const EndpointSliceSchema = kubeObject('EndpointSlice', {
  addressType: z.enum(['IPv4', 'IPv6', 'FQDN']),
  endpoints: z.array(EndpointSchema).nullable().optional(),
  ports: z
    .array(z.looseObject({ name: z.string().optional(), port: PortNumberSchema.optional(), protocol: ProtocolSchema.optional(), appProtocol: z.string().optional() }))
    .nullable()
    .optional(),
});
export type EndpointSlice = z.infer<typeof EndpointSliceSchema>;

export const EndpointsSchema = kubeObject('Endpoints', {
  subsets: z
    .array(
      z.looseObject({
        addresses: z.array(z.looseObject({ ip: z.string(), hostname: z.string().optional(), nodeName: z.string().optional() })).nullable().optional(),
        notReadyAddresses: z.array(z.looseObject({ ip: z.string(), hostname: z.string().optional(), nodeName: z.string().optional() })).nullable().optional(),
        ports: z.array(z.looseObject({ name: z.string().optional(), port: PortNumberSchema, protocol: ProtocolSchema.optional() })).nullable().optional(),
      }),
    )
    .nullable()
    .optional(),
});
export type Endpoints = z.infer<typeof EndpointsSchema>;
