import { parseIp } from '@podnet/contracts';
import type { StageHop, StageResolution, TraceSource } from '../analysis/trace/types';
import { podResolvConf } from '../dns/resolv-conf';
import { stubLookup } from '../dns/lookup';
import type { DnsAnswer } from '../dns/types';
import { routeHttpRequest } from '../ingress/route';
import type { ServiceStageState } from './trace-stage';
import { serviceKey, type ServiceInfo } from './types';

function answerText(a: DnsAnswer): string {
  return a.address ?? a.target ?? a.text ?? '';
}

function firstAddress(answers: readonly DnsAnswer[]): string | undefined {
  return answers.find((a) => a.type === 'A')?.address;
}

export function readyEndpointIps(state: ServiceStageState, svc: ServiceInfo): string[] {
  return (state.catalog.slices.get(serviceKey(svc.namespace, svc.name)) ?? [])
    .filter((s) => s.addressType === 'IPv4')
    .flatMap((s) => s.endpoints.filter((e) => e.ready).map((e) => e.addresses[0]))
    .filter((ip): ip is string => ip !== undefined)
    .sort();
}

/**
 * Resolves a trace destination the way the cluster would: `ns/svc` to the Service's ClusterIP (a headless Service
 * to its first ready endpoint, as a client using the DNS answer would), and a DNS name through the source pod's
 * resolv.conf search list and the cluster DNS (the queries sent are shown in the hop). Returns null for names that
 * are not Services (the engine then reports them).
 *
 * @example
 * resolveServiceTarget(state, 'default/web', source) // => { ip: '10.96.0.50', label: 'default/web', hops: [...] }
 */
export function resolveServiceTarget(state: ServiceStageState, target: string, source: TraceSource): StageResolution | null {
  if (/^https?:\/\//i.test(target)) return resolveHttpUrl(state, target);
  const parts = target.split('/');
  if (parts.length === 2 && /^[a-z0-9-]+$/.test(parts[0]!) && /^[a-z0-9.-]+$/.test(parts[1]!)) {
    const svc = state.catalog.services.find((s) => s.namespace === parts[0] && s.name === parts[1]);
    if (!svc) return null;
    const ports = svc.ports.map((p) => `${p.name || '(unnamed)'} ${p.port}/${p.protocol} -> ${p.targetPort}`).join(', ');
    if (svc.type === 'ExternalName') return { unresolved: `${target} is an ExternalName Service: only a DNS CNAME to ${svc.externalName ?? '?'}, no ClusterIP and no proxying` };
    if (svc.headless) {
      const ips = readyEndpointIps(state, svc);
      const first = ips[0];
      if (!first) return { unresolved: `${target} is headless and has no ready endpoint: its DNS name is NXDOMAIN` };
      return { ip: first, label: target, hops: [{ device: 'dns', action: 'service', detail: `headless Service ${target}: DNS returns the ready endpoints ${ips.join(', ')}; the client uses ${first} (no kube-proxy DNAT)` }] };
    }
    const ip = svc.clusterIPs.find((a) => !a.includes(':'));
    if (!ip) return { unresolved: `${target} has no IPv4 ClusterIP (podnet traces IPv4)` };
    return { ip, label: target, hops: [{ device: '-', action: 'service', detail: `Service ${target} (${svc.type}): ClusterIP ${ip}; ports ${ports || 'none'}` }] };
  }
  if (!/^[A-Za-z0-9.-]+\.?$/.test(target) || !/[a-zA-Z]/.test(target) || parseIp(target)) return null;
  const pod = source.kind === 'pod' ? source.pod : null;
  const spec = pod?.record.pod.spec;
  const usesClusterDns = pod !== null && (!pod.hostNetwork || spec?.dnsPolicy === 'ClusterFirstWithHostNet') && spec?.dnsPolicy !== 'Default' && spec?.dnsPolicy !== 'None';
  if (!usesClusterDns) {
    return { unresolved: `${target}: ${pod ? `${pod.key} resolves through its node's resolv.conf (dnsPolicy ${spec?.dnsPolicy ?? 'ClusterFirst'}${pod.hostNetwork ? ', hostNetwork' : ''})` : 'nodes and outside hosts resolve through their own resolv.conf'}, which does not use the cluster DNS` };
  }
  const conf = podResolvConf(
    { namespace: pod.namespace, ...(spec?.dnsPolicy ? { dnsPolicy: spec.dnsPolicy } : {}), hostNetwork: pod.hostNetwork, ...(spec?.dnsConfig ? { dnsConfig: spec.dnsConfig } : {}) },
    { clusterDNS: [state.catalog.dnsIP], clusterDomain: state.catalog.clusterDomain },
    { nameservers: [], search: [], options: [] },
  );
  const result = stubLookup(state.dns, target, 'A', conf);
  const tried = result.queriesSent.join(', ');
  const address = firstAddress(result.answers);
  const hop: StageHop = {
    device: 'dns',
    action: 'service',
    detail: `DNS A ${target} via ${state.catalog.dnsIP} (search ${conf.search.join(' ')}, ndots from resolv.conf): sent ${tried}; ${result.rcode}${result.answers.length > 0 ? ` ${result.answers.map((a) => `${a.type} ${answerText(a)}`).join(', ')}` : ''}`,
  };
  if (!address) return { unresolved: `${target} does not resolve (${result.rcode} after ${result.queriesSent.length} quer${result.queriesSent.length === 1 ? 'y' : 'ies'}: ${tried})`, hops: [hop] };
  return { ip: address, label: target, hops: [hop] };
}

/** Where a load balancer in front of a Service sends traffic: every node's NodePort, or the pod IPs. */
function loadBalancerLeg(state: ServiceStageState, svc: ServiceInfo, servicePort: number): StageResolution {
  const port = svc.ports.find((p) => p.port === servicePort) ?? svc.ports[0];
  const name = `${svc.namespace}/${svc.name}`;
  const ipTargets = svc.aws?.targetType === 'ip';
  const lb = svc.aws ? `AWS ${svc.aws.kind.toUpperCase()} (${svc.aws.targetType} targets; ${svc.aws.reason})` : 'the load balancer';
  if (!ipTargets && port?.nodePort !== undefined && state.nodeAddresses.length > 0) {
    const node = state.nodeAddresses[0]!;
    return { ip: node.ip, port: port.nodePort, protocol: port.protocol, label: `${name} via NodePort ${port.nodePort}`, hops: [{ device: 'lb', action: 'forward', detail: `${lb} sends to a node's NodePort: ${node.name} ${node.ip}:${port.nodePort} (externalTrafficPolicy ${svc.externalTrafficPolicy})` }] };
  }
  const ep = readyEndpointIps(state, svc)[0];
  const slicePort = (state.catalog.slices.get(serviceKey(svc.namespace, svc.name)) ?? []).flatMap((sl) => sl.ports).find((p) => p.name === (port?.name ?? ''))?.port;
  if (!ep || slicePort === undefined) return { unresolved: `${name} has no ready endpoint for ${lb} to send to` };
  return { ip: ep, port: slicePort, label: `${name} endpoint ${ep}`, hops: [{ device: 'lb', action: 'forward', detail: `${lb} sends straight to the pod ${ep}:${slicePort} (no NodePort, no kube-proxy)` }] };
}

/**
 * `http(s)://host/path` from outside: the Ingress or HTTPRoute that routes it, then how the request reaches the
 * backend: a LoadBalancer Service whose address is the host goes through its load balancer (AWS instance targets and
 * generic load balancers: a node's NodePort, then kube-proxy; IP targets: the pod); otherwise the ingress controller
 * (or ALB with IP targets) proxies to an endpoint of the backend Service directly, as ingress-nginx does.
 *
 * @example
 * resolveHttpUrl(state, 'http://web.example.com/api') // => { ip: '10.244.0.5', port: 8080, ... }
 */
export function resolveHttpUrl(state: ServiceStageState, url: string): StageResolution | null {
  const u = /^(https?):\/\/([^/:?#]+)(?::(\d+))?([/?][^#]*)?$/i.exec(url);
  if (!u) return null;
  const host = u[2]!.toLowerCase();
  const path = u[4] ?? '/';
  const port = Number(u[3] ?? (u[1]!.toLowerCase() === 'https' ? 443 : 80));
  const front = state.catalog.services.find((s) => s.type === 'LoadBalancer' && s.loadBalancerIngress.some((i) => i.hostname?.toLowerCase() === host || i.ip === host));
  const decision = routeHttpRequest(state.routing, { host, path });
  if (decision.status !== 200 || !decision.backend || !decision.via) {
    if (front) return loadBalancerLeg(state, front, port);
    return { unresolved: `${url}: HTTP 404 (${decision.reason})` };
  }
  const b = decision.backend;
  const hops: StageHop[] = [{ device: 'http', action: 'service', detail: `GET ${path} Host ${host}: ${decision.via.kind} ${decision.via.namespace}/${decision.via.name} routes to Service ${b.namespace}/${b.service}:${b.port} (${decision.reason})` }];
  const svc = state.catalog.services.find((s) => s.namespace === b.namespace && s.name === b.service);
  if (!svc) return { unresolved: `${url}: the backend Service ${b.namespace}/${b.service} is not in the inputs (the controller answers 503)`, hops };
  const sp = typeof b.port === 'number' ? svc.ports.find((p) => p.port === b.port) : svc.ports.find((p) => p.name === b.port);
  if (!sp) return { unresolved: `${url}: Service ${b.namespace}/${b.service} has no port ${b.port}`, hops };
  const slicePort = (state.catalog.slices.get(serviceKey(svc.namespace, svc.name)) ?? []).flatMap((sl) => sl.ports).find((p) => p.name === sp.name && p.protocol === sp.protocol)?.port;
  const ep = readyEndpointIps(state, svc)[0];
  const controller = decision.via.kind === 'Ingress' ? ingressController(state, decision.via.namespace, decision.via.name) : undefined;

  // AWS Load Balancer Controller (IngressClass controller ingress.k8s.aws/alb): the ALB is the proxy and sends to the
  // backend's NodePorts (target-type instance, the default) or straight to its pods (target-type ip).
  if (controller?.controller === 'ingress.k8s.aws/alb') {
    if (controller.targetType === 'ip') {
      if (!ep || slicePort === undefined) return { unresolved: `${url}: Service ${b.namespace}/${b.service} has no ready endpoint (the ALB answers 503)`, hops };
      hops.push({ device: 'alb', action: 'forward', detail: `ALB (alb.ingress.kubernetes.io/target-type: ip) sends straight to the pod ${ep}:${slicePort}; the pod sees the ALB's address (X-Forwarded-For carries the client)` });
      return { ip: ep, port: slicePort, protocol: sp.protocol, label: url, hops };
    }
    const node = state.nodeAddresses[0];
    if (sp.nodePort === undefined || !node) return { unresolved: `${url}: target-type instance needs a NodePort on ${b.namespace}/${b.service} (type NodePort or LoadBalancer)`, hops };
    hops.push({ device: 'alb', action: 'forward', detail: `ALB (target-type instance) sends to a node's NodePort: ${node.name} ${node.ip}:${sp.nodePort}` });
    return { ip: node.ip, port: sp.nodePort, protocol: sp.protocol, label: url, hops };
  }
  // An in-cluster controller (ingress-nginx and the like) behind its own LoadBalancer Service: the client's packet
  // ends at the controller, which opens a second connection to an endpoint of the backend.
  const controllerService = front ?? controller?.service;
  if (controllerService && !(controllerService.namespace === svc.namespace && controllerService.name === svc.name)) {
    const leg = loadBalancerLeg(state, controllerService, port);
    const next = ep && slicePort !== undefined ? `${ep}:${slicePort}` : 'no ready endpoint (503)';
    return 'unresolved' in leg ? leg : { ...leg, label: url, hops: [...hops, { device: 'http', action: 'forward', detail: `the ingress controller behind ${controllerService.namespace}/${controllerService.name} terminates the request and proxies it to an endpoint of ${b.namespace}/${b.service} (${next}) in a second connection, from its own pod address` }, ...(leg.hops ?? [])] };
  }
  if (!ep || slicePort === undefined) return { unresolved: `${url}: Service ${b.namespace}/${b.service} has no ready endpoint (the controller answers 503)`, hops };
  hops.push({ device: 'http', action: 'forward', detail: `the ingress controller (not in the inputs) proxies to an endpoint of ${b.namespace}/${b.service}: ${ep}:${slicePort} (endpoints straight from the EndpointSlices, not the ClusterIP); traced as if from the client` });
  return { ip: ep, port: slicePort, protocol: sp.protocol, label: url, hops };
}

/** The controller of an Ingress's class, and the LoadBalancer Service that fronts it when one can be told apart. */
function ingressController(state: ServiceStageState, namespace: string, name: string): { controller?: string; targetType: string; service?: ServiceInfo } | undefined {
  const ing = state.routing.ingresses.find((i) => (i.metadata.namespace ?? 'default') === namespace && i.metadata.name === name);
  if (!ing) return undefined;
  const className = ing.spec.ingressClassName ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  const cls = state.routing.ingressClasses.find((c) => c.metadata.name === className) ?? state.routing.ingressClasses.find((c) => c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true');
  const controller = (cls?.spec as { controller?: string } | undefined)?.controller ?? (className === 'alb' ? 'ingress.k8s.aws/alb' : undefined);
  const targetType = ing.metadata.annotations?.['alb.ingress.kubernetes.io/target-type'] ?? 'instance';
  // The controller's own Service: a LoadBalancer Service named after the controller (ingress-nginx-controller, ...).
  const hint = (controller ?? className ?? '').split('/').pop() ?? '';
  const service = hint ? state.catalog.services.find((s) => s.type === 'LoadBalancer' && (s.name.includes(hint) || s.namespace.includes(hint))) : undefined;
  return { ...(controller ? { controller } : {}), targetType, ...(service ? { service } : {}) };
}

