import { parseIp, type Inventory } from '@podnet/contracts';
import type { ServiceStage, ServiceTranslation, StageHop, StageResolution, TraceSource } from '../analysis/trace/types';
import { clusterDns, type ClusterDns } from '../dns/zone';
import { podResolvConf } from '../dns/resolv-conf';
import { stubLookup } from '../dns/lookup';
import type { DnsAnswer } from '../dns/types';
import { candidateList, decideService } from '../kube-proxy/choose-endpoint';
import type { KubeProxyConfig } from '../kube-proxy/config';
import { kubeProxyConfigFromInventory } from '../kube-proxy/from-inventory';
import { findServiceByDestination, indexServices, type ServiceIndex } from '../kube-proxy/service-index';
import { buildProxyState } from '../kube-proxy/service-ports';
import type { ClusterModel, SimNode } from '../model/types';
import { ip4, ip4Text } from '../net/ipv4';
import { routeHttpRequest, type HttpRoutingObjects } from '../ingress/route';
import { buildServiceCatalog } from './catalog';
import { isPodReady, type PodEndpointSource } from './endpoint-slices';
import { serviceKey, type ProxyNode, type ServiceCatalog, type ServiceInfo } from './types';

/** Everything the service stage precomputes for one model: catalog, kube-proxy state, DNS. */
export interface ServiceStageState {
  readonly catalog: ServiceCatalog;
  readonly config: KubeProxyConfig;
  readonly index: ServiceIndex;
  readonly dns: ClusterDns;
  readonly nodes: ReadonlyMap<string, ProxyNode>;
  readonly routing: HttpRoutingObjects;
  /** Node addresses in node order, for load balancers that target every node. */
  readonly nodeAddresses: readonly { readonly name: string; readonly ip: string }[];
}

function proxyNode(n: SimNode): ProxyNode {
  return { name: n.name, addresses: [n.ip], labels: n.labels, ...(n.zone ? { zone: n.zone } : {}), podCIDRs: n.podCidr ? [n.podCidr.text] : [] };
}

/**
 * The Service catalog of a simulated cluster: nodes from the model (node groups expanded, EKS names) and
 * EndpointSlices built from the model's pods (addresses from the CNI's IPAM, DaemonSet pods, node placement).
 *
 * @example
 * modelServiceCatalog(buildClusterModel(inventory), inventory).nodes.map((n) => n.name)
 */
export function modelServiceCatalog(model: ClusterModel, inventory: Inventory): ServiceCatalog {
  const nodes = model.nodes.map(proxyNode);
  const pods: PodEndpointSource[] = model.pods.map((p) => ({
    namespace: p.namespace,
    name: p.name,
    labels: p.labels,
    pod: p.record.pod,
    ips: p.ip ? [p.ip] : [],
    ...(p.node ? { nodeName: p.node.name } : {}),
    // A pod without status (generated from a template, or a bare manifest) is taken as Running and Ready once placed.
    ready: p.phase === 'Running' && ((p.record.pod.status?.conditions ?? []).length === 0 || isPodReady(p.record.pod)),
  }));
  return buildServiceCatalog(inventory, { nodes, pods });
}

/**
 * Builds the service stage's state from a cluster model and its inventory: Services and EndpointSlices from the
 * model's pods (IPAM addresses, DaemonSet pods, node placement), kube-proxy's per-cluster state (IPv4), its config
 * (cluster CIDR from the inputs, else the model's pod ranges) and the cluster DNS.
 *
 * @example
 * serviceStageState(model, inventory).catalog.services.length
 */
export function serviceStageState(model: ClusterModel, inventory: Inventory): ServiceStageState {
  const catalog = modelServiceCatalog(model, inventory);
  const nodes = catalog.nodes;
  const base = kubeProxyConfigFromInventory(inventory);
  const config = base.clusterCIDRs.length > 0 ? base : { ...base, clusterCIDRs: model.podRanges.map((r) => r.text).slice(0, 1) };
  const dns = clusterDns(catalog, {
    namespaces: inventory.namespaces.map((n) => n.metadata.name),
    pods: model.pods.map((p) => ({ namespace: p.namespace, ips: p.ip ? [p.ip] : [] })),
  });
  return {
    catalog,
    config,
    index: indexServices(buildProxyState(catalog, 4)),
    dns,
    nodes: new Map(nodes.map((n) => [n.name, n])),
    routing: inventory,
    nodeAddresses: model.nodes.map((n) => ({ name: n.name, ip: n.ip })),
  };
}

function answerText(a: DnsAnswer): string {
  return a.address ?? a.target ?? a.text ?? '';
}

function firstAddress(answers: readonly DnsAnswer[]): string | undefined {
  return answers.find((a) => a.type === 'A')?.address;
}

function readyEndpointIps(state: ServiceStageState, svc: ServiceInfo): string[] {
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

/**
 * What kube-proxy does to the packet in the first node's netfilter: finds the service port by destination
 * (ClusterIP, external/LB IP, or a NodePort of the node's own address), then DNATs to the chosen endpoint (each
 * candidate with its probability; deterministic for the seed), marks for masquerade exactly when kube-proxy does
 * (SNAT to the node address), or ends the trace: REJECT without endpoints, DROP for traffic policy Local without
 * local endpoints or outside loadBalancerSourceRanges.
 *
 * @example
 * translateServicePacket(state, node, '10.244.0.5', '10.96.0.50', 80, 'TCP', 0)?.dst
 */
export function translateServicePacket(state: ServiceStageState, node: SimNode, srcIp: string, dstIp: string, dport: number | null, protocol: string, seed: number): ServiceTranslation | null {
  const proxy = state.nodes.get(node.name);
  if (!proxy) return null;
  const isClusterIp = state.catalog.services.some((s) => s.clusterIPs.includes(dstIp));
  if (dport === null) {
    return isClusterIp ? { hops: [], end: { verdict: 'dropped', reason: `${dstIp} is a ClusterIP: a virtual address kube-proxy only DNATs for the Service's ports; nothing answers ICMP echo` } } : null;
  }
  const proto = protocol.toLowerCase();
  if (dstIp === node.ip && proto === 'tcp') {
    // kube-proxy's per-Service health-check server (LoadBalancer + externalTrafficPolicy Local), pkg/proxy/healthcheck.
    const svc = state.catalog.services.find((x) => x.healthCheckNodePort === dport);
    if (svc) {
      const local = (state.catalog.slices.get(serviceKey(svc.namespace, svc.name)) ?? []).flatMap((sl) => sl.endpoints).filter((e) => e.ready && e.nodeName === node.name).length;
      const answer = local > 0 ? `200 ({"localEndpoints":${local}}, X-Load-Balancing-Endpoint-Weight: ${local})` : '503 (no local endpoints: the load balancer takes this node out of rotation)';
      return { hops: [{ device: 'kube-proxy', action: 'deliver', detail: `healthCheckNodePort ${dport} of ${svc.namespace}/${svc.name} (filter KUBE-NODEPORTS ACCEPT): kube-proxy answers ${answer}` }], end: { verdict: 'delivered', reason: `kube-proxy on ${node.name} answers the health check of ${svc.namespace}/${svc.name}: ${answer}` } };
    }
  }
  const hit = findServiceByDestination(state.index, dstIp, proto, dport, dstIp === node.ip);
  if (!hit) {
    if (!isClusterIp) return null;
    return {
      hops: [],
      end: state.config.mode === 'nftables'
        ? { verdict: 'rejected', reason: `${dstIp}:${dport} is a ClusterIP without that port: kube-proxy (nftables) rejects it in cluster-ips-check` }
        : { verdict: 'dropped', reason: `${dstIp}:${dport} is a ClusterIP without that port: kube-proxy installs no rule for it, so nothing DNATs the packet and no host answers` },
    };
  }
  const d = decideService(hit.sp, hit.access, proxy, state.config, { sourceIp: srcIp, sourceIsNode: srcIp === node.ip, seed });
  const mode = `kube-proxy ${state.config.mode}`;
  const hops: StageHop[] = [{ device: 'netfilter', action: 'service', detail: `${mode}: ${dstIp}:${dport} is ${d.serviceName} (${d.access}); chains ${d.chains.join(' -> ')}` }];
  if (d.verdict !== 'dnat' || !d.chosen) {
    hops.push({ device: 'netfilter', action: d.verdict === 'reject' ? 'reject' : 'drop', detail: d.reason });
    return { hops, end: { verdict: d.verdict === 'reject' ? 'rejected' : 'dropped', reason: d.reason } };
  }
  const candidates = candidateList(d).map((c) => `${c.endpoint}${c.nodeName ? ` on ${c.nodeName}` : ''} p=${c.probability.toFixed(4)}`).join(', ');
  const extras = [d.topologyMode ? `topology ${d.topologyMode}` : '', d.usedTerminating ? 'only serving-terminating endpoints left' : '', d.affinitySeconds !== null ? `ClientIP affinity ${d.affinitySeconds}s (a returning client keeps its endpoint)` : ''].filter((x) => x !== '');
  hops.push({ device: 'netfilter', action: 'dnat', detail: `${d.chosen.chain}: DNAT ${dstIp}:${dport} -> ${d.chosen.endpoint} (seed ${seed}; candidates ${candidates})${extras.length > 0 ? `; ${extras.join('; ')}` : ''}` });
  const translation: { hops: StageHop[]; dst: number; dport: number; src?: number } = { hops, dst: ip4(d.chosen.ip), dport: d.chosen.port };
  if (d.masquerade) {
    hops.push({ device: 'netfilter', action: 'snat', detail: `KUBE-MARK-MASQ (${d.masqueradeReason}); KUBE-POSTROUTING MASQUERADE: source ${srcIp} -> ${node.ip}` });
    translation.src = node.ipNum;
  } else {
    hops.push({ device: 'netfilter', action: 'service', detail: `no SNAT: ${d.masqueradeReason}` });
  }
  return translation;
}

/**
 * The service stage the trace engine plugs in (`TraceStages.service`): `resolve` for `ns/svc` and DNS names,
 * `translate` for kube-proxy's DNAT/SNAT in the first node's netfilter.
 *
 * @example
 * createTracer(model, { service: createServiceStage(model, inventory) }).trace({ from: 'default/client', to: 'default/web:80' })
 */
export function createServiceStage(model: ClusterModel, inventory: Inventory): ServiceStage {
  const state = serviceStageState(model, inventory);
  return {
    resolve: (target, ctx) => resolveServiceTarget(state, target, ctx.source),
    translate: (ctx) => translateServicePacket(state, ctx.node, ip4Text(ctx.packet.src), ip4Text(ctx.packet.dst), ctx.packet.dport, ctx.packet.protocol, ctx.seed),
  };
}
