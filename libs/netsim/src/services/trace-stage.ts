import type { Inventory } from '@podnet/contracts';
import type { ServiceStage, ServiceTranslation, StageHop } from '../analysis/trace/types';
import { corefileSettings } from '../dns/corefile';
import { clusterDns, type ClusterDns } from '../dns/zone';
import { candidateList, decideService } from '../kube-proxy/choose-endpoint';
import type { KubeProxyConfig } from '../kube-proxy/config';
import { kubeProxyConfigFromInventory } from '../kube-proxy/from-inventory';
import { findServiceByDestination, indexServices, type ServiceIndex } from '../kube-proxy/service-index';
import { buildProxyState } from '../kube-proxy/service-ports';
import type { ClusterModel, SimNode } from '../model/types';
import { ip4, ip4Text } from '../net/ipv4';
import type { HttpRoutingObjects } from '../ingress/route';
import { buildServiceCatalog } from './catalog';
import { isPodReady, type PodEndpointSource } from './endpoint-slices';
import { resolveServiceTarget } from './trace-resolve';
import { serviceKey, type ProxyNode, type ServiceCatalog } from './types';

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
  const corefile = corefileSettings(inventory.configMaps);
  const dns = clusterDns(catalog, {
    podsMode: corefile.podsMode ?? 'insecure',
    ...(corefile.ttl !== undefined ? { ttl: corefile.ttl } : {}),
    upstream: corefile.hosts,
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
  const mode = state.config.mode;
  if (dport === null) {
    if (!isClusterIp) return null;
    // IPVS puts every ClusterIP on the kube-ipvs0 dummy interface: the node itself answers ping.
    if (mode === 'ipvs') return { hops: [{ device: 'kube-ipvs0', action: 'deliver', detail: `${dstIp} is on kube-ipvs0 (IPVS mode): a local address of ${node.name}` }], end: { verdict: 'delivered', reason: `${node.name} answers ICMP echo for ${dstIp}: IPVS mode binds ClusterIPs to kube-ipvs0` } };
    return { hops: [], end: { verdict: 'dropped', reason: `${dstIp} is a ClusterIP: a virtual address kube-proxy only DNATs for the Service's ports; nothing answers ICMP echo` } };
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
    const why = `${dstIp}:${dport} is a ClusterIP without that port`;
    return {
      hops: [],
      end:
        mode === 'nftables'
          ? { verdict: 'rejected', reason: `${why}: kube-proxy (nftables) rejects it in cluster-ips-check` }
          : mode === 'ipvs'
            ? { verdict: 'rejected', reason: `${why}: the address is local on kube-ipvs0 (IPVS mode) and nothing listens on ${dport}, so ${node.name} answers RST` }
            : { verdict: 'dropped', reason: `${why}: kube-proxy installs no rule for it, so nothing DNATs the packet and no host answers` },
    };
  }
  const d = decideService(hit.sp, hit.access, proxy, state.config, { sourceIp: srcIp, sourceIsNode: srcIp === node.ip, seed });
  const hops: StageHop[] = [{ device: 'netfilter', action: 'service', detail: `kube-proxy ${mode}: ${dstIp}:${dport} is ${d.serviceName} (${d.access}); chains ${d.chains.join(' -> ')}` }];
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
