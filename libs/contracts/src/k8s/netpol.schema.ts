import { z } from 'zod';
import { cidrContains, cidrProblem, formatIp, parseCidr, parseIp } from '../net/cidr';
import { IntOrPortNameSchema, kubeObject, LabelSelectorSchema, PortNumberSchema, ProtocolSchema } from './meta.schema';

/**
 * A CIDR as NetworkPolicy ipBlock takes it: host bits are accepted and ignored (the block acts as its network;
 * docs/netpol.md §1 ipBlock, netpol-analyzer TestBasic `192.168.242.213/24`). Returns the problem or the block.
 */
function ipBlockCidr(text: string): { problem: string } | { cidr: ReturnType<typeof parseCidr> } {
  const problem = cidrProblem(text);
  if (problem && !problem.startsWith('has host bits set')) return { problem };
  const [addr, prefixText] = text.split('/') as [string, string];
  const ip = parseIp(addr)!;
  const hostBits = BigInt((ip.family === 4 ? 32 : 128) - Number(prefixText));
  return { cidr: parseCidr(`${formatIp((ip.value >> hostBits) << hostBits, ip.family)}/${prefixText}`) };
}

/** ipBlock: a CIDR with optional exceptions, each strictly inside it (the API server's rules). */
export const IpBlockSchema = z
  .looseObject({ cidr: z.string(), except: z.array(z.string()).nullable().optional() })
  .superRefine((block, ctx) => {
    const parsed = ipBlockCidr(block.cidr);
    if ('problem' in parsed) {
      ctx.addIssue({ code: 'custom', path: ['cidr'], input: block.cidr, message: `ipBlock.cidr is not a valid CIDR: ${parsed.problem}` });
      return;
    }
    const outer = parsed.cidr;
    (block.except ?? []).forEach((text, i) => {
      const exceptParsed = ipBlockCidr(text);
      if ('problem' in exceptParsed) {
        ctx.addIssue({ code: 'custom', path: ['except', i], input: text, message: `not a valid CIDR: ${exceptParsed.problem}` });
        return;
      }
      const inner = exceptParsed.cidr;
      if (!cidrContains(outer, inner) || inner.prefix <= outer.prefix) {
        ctx.addIssue({ code: 'custom', path: ['except', i], input: text, message: `must be strictly within ipBlock.cidr ${block.cidr}` });
      }
    });
  });
export type IpBlock = z.infer<typeof IpBlockSchema>;

/** A peer: podSelector and/or namespaceSelector, or an ipBlock alone; never empty. */
export const NetworkPolicyPeerSchema = z
  .looseObject({
    podSelector: LabelSelectorSchema.nullable().optional(),
    namespaceSelector: LabelSelectorSchema.nullable().optional(),
    ipBlock: IpBlockSchema.nullable().optional(),
  })
  .superRefine((peer, ctx) => {
    const selectors = peer.podSelector != null || peer.namespaceSelector != null;
    if (peer.ipBlock != null && selectors) {
      ctx.addIssue({ code: 'custom', path: ['ipBlock'], input: peer, message: 'a peer may not combine ipBlock with podSelector or namespaceSelector' });
    }
    if (peer.ipBlock == null && !selectors) {
      ctx.addIssue({ code: 'custom', path: [], input: peer, message: 'a peer must set podSelector, namespaceSelector or ipBlock (an empty peer is invalid)' });
    }
  });
export type NetworkPolicyPeer = z.infer<typeof NetworkPolicyPeerSchema>;

/** A port: number or named port, optional endPort (numeric port only, >= port). */
export const NetworkPolicyPortSchema = z
  .looseObject({
    protocol: ProtocolSchema.optional(),
    port: IntOrPortNameSchema.optional(),
    endPort: PortNumberSchema.optional(),
  })
  .superRefine((p, ctx) => {
    if (p.endPort === undefined) return;
    if (p.port === undefined) {
      ctx.addIssue({ code: 'custom', path: ['endPort'], input: p.endPort, message: 'endPort requires port to be set' });
    } else if (typeof p.port === 'string') {
      ctx.addIssue({ code: 'custom', path: ['endPort'], input: p.endPort, message: 'endPort may not be set when port is a named port' });
    } else if (p.endPort < p.port) {
      ctx.addIssue({ code: 'custom', path: ['endPort'], input: p.endPort, message: `endPort must be greater than or equal to port (${p.port})` });
    }
  });
export type NetworkPolicyPort = z.infer<typeof NetworkPolicyPortSchema>;

export const NetworkPolicyIngressRuleSchema = z.looseObject({
  from: z.array(NetworkPolicyPeerSchema).nullable().optional(),
  ports: z.array(NetworkPolicyPortSchema).nullable().optional(),
});
export const NetworkPolicyEgressRuleSchema = z.looseObject({
  to: z.array(NetworkPolicyPeerSchema).nullable().optional(),
  ports: z.array(NetworkPolicyPortSchema).nullable().optional(),
});
export type NetworkPolicyIngressRule = z.infer<typeof NetworkPolicyIngressRuleSchema>;
export type NetworkPolicyEgressRule = z.infer<typeof NetworkPolicyEgressRuleSchema>;

export const PolicyTypeSchema = z.enum(['Ingress', 'Egress'], {
  error: (issue) => `policyTypes entries must be Ingress or Egress (got ${JSON.stringify(issue.input)})`,
});

export const NetworkPolicySchema = kubeObject('NetworkPolicy', {
  spec: z.looseObject({
    podSelector: LabelSelectorSchema,
    policyTypes: z.array(PolicyTypeSchema).nullable().optional(),
    ingress: z.array(NetworkPolicyIngressRuleSchema).nullable().optional(),
    egress: z.array(NetworkPolicyEgressRuleSchema).nullable().optional(),
  }),
});
export type NetworkPolicy = z.infer<typeof NetworkPolicySchema>;

// policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy and BaselineAdminNetworkPolicy.
const AnpPodsPeerSchema = z.looseObject({ namespaceSelector: LabelSelectorSchema, podSelector: LabelSelectorSchema });
export const AnpPeerSchema = z.looseObject({
  namespaces: LabelSelectorSchema.optional(),
  pods: AnpPodsPeerSchema.optional(),
  networks: z.array(z.string()).optional(),
  nodes: LabelSelectorSchema.optional(),
});
export const AnpPortSchema = z.looseObject({
  portNumber: z.looseObject({ protocol: ProtocolSchema.default('TCP'), port: PortNumberSchema }).optional(),
  namedPort: z.string().optional(),
  portRange: z.looseObject({ protocol: ProtocolSchema.default('TCP'), start: PortNumberSchema, end: PortNumberSchema }).optional(),
});
export const AnpSubjectSchema = z.looseObject({ namespaces: LabelSelectorSchema.optional(), pods: AnpPodsPeerSchema.optional() });
const anpRule = (actions: readonly [string, ...string[]]) =>
  z.looseObject({
    name: z.string().optional(),
    action: z.enum(actions),
    from: z.array(AnpPeerSchema).optional(),
    to: z.array(AnpPeerSchema).optional(),
    ports: z.array(AnpPortSchema).optional(),
  });
export const AdminNetworkPolicySchema = kubeObject('AdminNetworkPolicy', {
  spec: z.looseObject({
    priority: z.number().int().min(0).max(1000),
    subject: AnpSubjectSchema,
    ingress: z.array(anpRule(['Allow', 'Deny', 'Pass'])).optional(),
    egress: z.array(anpRule(['Allow', 'Deny', 'Pass'])).optional(),
  }),
});
export const BaselineAdminNetworkPolicySchema = kubeObject('BaselineAdminNetworkPolicy', {
  spec: z.looseObject({
    subject: AnpSubjectSchema,
    ingress: z.array(anpRule(['Allow', 'Deny'])).optional(),
    egress: z.array(anpRule(['Allow', 'Deny'])).optional(),
  }),
});
export type AdminNetworkPolicy = z.infer<typeof AdminNetworkPolicySchema>;
export type BaselineAdminNetworkPolicy = z.infer<typeof BaselineAdminNetworkPolicySchema>;
