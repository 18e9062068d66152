import type { AwsLoadBalancerInfo } from './types';

const TYPE = 'service.beta.kubernetes.io/aws-load-balancer-type';
const TARGET_TYPE = 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type';
const TG_ATTRIBUTES = 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes';
const PROXY_PROTOCOL = 'service.beta.kubernetes.io/aws-load-balancer-proxy-protocol';

function preserveAttribute(annotations: Readonly<Record<string, string>>): boolean | undefined {
  const attrs = annotations[TG_ATTRIBUTES];
  if (!attrs) return undefined;
  for (const pair of attrs.split(',')) {
    const [k, v] = pair.split('=').map((s) => s.trim());
    if (k === 'preserve_client_ip.enabled') return v === 'true';
  }
  return undefined;
}

/**
 * Which AWS load balancer a `type: LoadBalancer` Service gets and how it reaches pods, from its annotations
 * (AWS Load Balancer Controller docs, "Network Load Balancer" and "Annotations"; in-tree cloud provider):
 * - `aws-load-balancer-type: external` (or `loadBalancerClass: service.k8s.aws/nlb`): NLB by the controller,
 *   `aws-load-balancer-nlb-target-type` `instance` (default) or `ip`;
 * - `nlb-ip` (deprecated): NLB, IP targets; `nlb`: in-tree NLB, instance targets; none: in-tree Classic LB.
 *
 * Client IP: a CLB is a proxy (pods never see the client, unless proxy protocol carries it in-band); an NLB
 * preserves it for instance targets by default (`preserve_client_ip.enabled` defaults to true for instance
 * targets, false for IP targets with TCP/TLS). With instance targets kube-proxy then decides: eTP=Cluster
 * masquerades to the node IP, eTP=Local keeps the client IP.
 *
 * @example
 * awsLoadBalancerInfo({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'external', 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip' }, undefined, 'Cluster').targetType // => 'ip'
 */
export function awsLoadBalancerInfo(
  annotations: Readonly<Record<string, string>>,
  loadBalancerClass: string | undefined,
  externalTrafficPolicy: 'Cluster' | 'Local',
  protocol: 'TCP' | 'UDP' | 'SCTP' = 'TCP',
): AwsLoadBalancerInfo {
  const type = annotations[TYPE];
  const controller = type === 'external' || loadBalancerClass === 'service.k8s.aws/nlb';
  if (controller || type === 'nlb-ip' || type === 'nlb') {
    const targetType: 'instance' | 'ip' =
      type === 'nlb-ip' ? 'ip' : controller && annotations[TARGET_TYPE] === 'ip' ? 'ip' : 'instance';
    const explicit = preserveAttribute(annotations);
    const nlbPreserves = explicit ?? (targetType === 'instance' || protocol === 'UDP');
    if (targetType === 'ip') {
      return {
        kind: 'nlb',
        targetType,
        clientIpPreserved: nlbPreserves,
        reason: nlbPreserves
          ? 'NLB with IP targets and preserve_client_ip.enabled=true: pods see the client IP'
          : 'NLB with IP targets: preserve_client_ip is off by default for TCP, pods see the NLB\'s private IP',
      };
    }
    const kept = nlbPreserves && externalTrafficPolicy === 'Local';
    return {
      kind: 'nlb',
      targetType,
      clientIpPreserved: kept,
      reason: !nlbPreserves
        ? 'NLB with instance targets and preserve_client_ip.enabled=false: pods see the NLB\'s private IP or the node IP'
        : kept
          ? 'NLB with instance targets keeps the client IP, and externalTrafficPolicy Local means kube-proxy does not masquerade'
          : 'NLB with instance targets keeps the client IP, but externalTrafficPolicy Cluster makes kube-proxy masquerade it to the node IP',
    };
  }
  const proxyProtocol = annotations[PROXY_PROTOCOL] === '*';
  return {
    kind: 'clb',
    targetType: 'instance',
    clientIpPreserved: false,
    reason: proxyProtocol
      ? 'Classic LB proxies the connection; the client IP reaches the pod only inside the PROXY protocol header'
      : 'Classic LB proxies the connection: pods see the load balancer\'s (or, with externalTrafficPolicy Cluster, the node\'s) address',
  };
}
