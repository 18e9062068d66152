import { createDataplane } from '../../dataplane';
import { nodeAt, podAt, type Dataplane, type Step, type Walk } from '../../dataplane/dataplane';
import { crossUnderlay, isLoopback, isPrivate } from '../../dataplane/underlay';
import type { ClusterModel, SimNode, SimPod } from '../../model/types';
import { ip4Text } from '../../net/ipv4';
import { endpointText, externalOnNodeNetwork, parseSource, parseTarget, sourceIp } from './endpoints';
import { hostPortMapping, nodeListener, podListener } from './listeners';
import { networkPolicyEvaluator } from './network-policy';
import type { Hop, HopPacket, TracePacket, TraceRequest, TraceResult, TraceSource, TraceStages, Verdict } from './types';

/** Traces packets through one model; keeps per-model caches (veth names), so reuse it for many traces. */
export interface Tracer {
  trace(request: TraceRequest): TraceResult;
}

const MAX_STEPS = 48;

/**
 * A tracer for a model, with optional stages: a NetworkPolicy evaluator (asked for egress at the source pod
 * and ingress at the destination pod, after Service DNAT; by default the one of the model's inputs, `null` for
 * none) and a service stage (resolves `ns/svc` or DNS names, and runs once in the first node's netfilter, where
 * kube-proxy DNATs).
 *
 * @example
 * createTracer(model).trace({ from: 'default/a', to: 'default/b:8080' }).verdict // => 'delivered'
 */
export function createTracer(model: ClusterModel, stages: TraceStages = {}): Tracer {
  const dp = createDataplane(model);
  let effective: TraceStages | null = null;
  const withDefaults = (): TraceStages => {
    // The inputs' policies apply unless the caller passed its own evaluator (or null); compiled on first use.
    effective ??= stages.policy !== undefined ? stages : { ...stages, policy: networkPolicyEvaluator(model.inventory, model) ?? null };
    return effective;
  };
  return { trace: (request) => new Run(model, dp, withDefaults(), request).result() };
}

/**
 * One trace, without keeping a tracer.
 *
 * @example
 * tracePacket(model, { from: 'default/a', to: '8.8.8.8:53/udp' }).hops.at(-1)?.at // => 'internet'
 */
export function tracePacket(model: ClusterModel, request: TraceRequest, stages: TraceStages = {}): TraceResult {
  return createTracer(model, stages).trace(request);
}

class Run implements Walk {
  readonly hops: Hop[] = [];
  readonly pkt: TracePacket;
  encap: Walk['encap'] = null;
  private readonly source: TraceSource;
  private intended: SimPod | null = null;
  private early: TraceResult | null = null;
  private serviceApplied = false;

  constructor(
    readonly model: ClusterModel,
    private readonly dp: Dataplane,
    private readonly stages: TraceStages,
    private readonly request: TraceRequest,
  ) {
    this.source = parseSource(model, request.from);
    const parsed = parseTarget(model, request.to, this.source, stages.service);
    this.pkt = { src: sourceIp(this.source), dst: -1, dport: null, protocol: 'ICMP' };
    for (const h of parsed.hops) this.hop(this.sourceAt(), h.device, h.action, h.detail);
    if (parsed.kind === 'unresolved') {
      this.early = this.finish('unresolved', parsed.reason, null);
      return;
    }
    const target = parsed.target;
    this.pkt = { src: sourceIp(this.source), dst: target.ip, dport: target.port, protocol: target.protocol };
    this.intended = target.pod;
    if (this.source.kind === 'pod' && this.source.pod.phase !== 'Running') {
      this.early = this.finish('dropped', `source ${this.source.pod.key} is ${this.source.pod.phase} (${this.source.pod.pendingReason ?? 'not started'}): it has no network namespace or address`, null);
    } else if (target.pod && target.pod.phase !== 'Running') {
      this.early = this.finish('dropped', `${target.pod.key} is ${target.pod.phase} (${target.pod.pendingReason ?? 'not started'}): it has no address, nothing can reach it`, null);
    }
  }

  hop(at: string, device: string, action: Hop['action'], detail: string): void {
    this.hops.push({ at, device, action, detail, packet: this.snapshot() });
  }

  private last: HopPacket | null = null;
  private lastSrc = -1;
  private lastDst = -1;
  private lastPort: number | null = null;
  private lastEncap: Walk['encap'] = null;

  /** The packet as a hop shows it; shared between consecutive hops while it does not change. */
  private snapshot(): HopPacket {
    const { src, dst, dport } = this.pkt;
    if (this.last && src === this.lastSrc && dst === this.lastDst && dport === this.lastPort && this.encap === this.lastEncap) return this.last;
    this.lastSrc = src;
    this.lastDst = dst;
    this.lastPort = dport;
    this.lastEncap = this.encap;
    this.last = this.render();
    return this.last;
  }

  private render(): HopPacket {
    const e = this.encap;
    if (e) return { src: ip4Text(e.outerSrc), dst: e.kind === 'VXLAN' ? `${ip4Text(e.outerDst)}:4789` : ip4Text(e.outerDst), protocol: e.kind === 'VXLAN' ? `UDP (VXLAN, inner ${this.pkt.protocol})` : `IPIP (inner ${this.pkt.protocol})` };
    return { src: this.pkt.src < 0 ? '-' : ip4Text(this.pkt.src), dst: this.pkt.dst < 0 ? '-' : endpointText(this.pkt.dst, this.pkt.dport), protocol: this.pkt.protocol };
  }

  private sourceAt(): string {
    const s = this.source;
    return s.kind === 'pod' ? (s.pod.hostNetwork && s.pod.node ? nodeAt(s.pod.node) : podAt(s.pod)) : s.kind === 'node' ? nodeAt(s.node) : `external/${ip4Text(s.ip)}`;
  }

  private finish(verdict: Verdict, reason: string, endpoint: string | null): TraceResult {
    let why = reason;
    if (verdict === 'delivered' && this.intended && endpoint !== null && endpoint !== this.intended.key) {
      why += `; note: this is ${endpoint}, not ${this.intended.key} (the same address means another pod here)`;
    }
    return { verdict, reason: why, endpoint, hops: this.hops };
  }

  result(): TraceResult {
    if (this.early) return this.early;
    const { model, pkt, dp, source } = this;
    let step: Step;
    const srcPod = source.kind === 'pod' ? source.pod : null;
    let egressPending = srcPod !== null && !srcPod.hostNetwork;
    let serviceDone = this.stages.service?.translate === undefined;

    if (srcPod && !srcPod.hostNetwork) {
      if (pkt.dst === srcPod.ipNum || isLoopback(pkt.dst)) {
        this.hop(podAt(srcPod), 'lo', 'route', `local ${ip4Text(pkt.dst)} dev lo (table local): ${pkt.dst === srcPod.ipNum ? "the pod's own address" : 'loopback'}; the pod's containers share one network namespace`);
        return this.deliverToPod(srcPod, 'lo');
      }
      step = dp.podEgress(this, srcPod);
    } else if (source.kind === 'external') {
      const at = `external/${ip4Text(source.ip)}`;
      if (externalOnNodeNetwork(model, source.ip)) {
        this.hop(at, 'eth0', 'send', 'a host outside the cluster, on the node network');
        step = { kind: 'wire', from: null, dev: 'eth0', nextHop: null };
      } else {
        this.hop(at, 'eth0', 'send', 'a host on the internet');
        if (isPrivate(pkt.dst)) return this.finish('no-route', `the internet has no route to ${ip4Text(pkt.dst)}: a private address, reachable only from the node network`, null);
        return this.finish('no-route', `${ip4Text(pkt.dst)} is not an address of this cluster`, null);
      }
    } else {
      const node = srcPod ? srcPod.node! : (source as Extract<TraceSource, { kind: 'node' }>).node;
      this.hop(nodeAt(node), 'lo', 'send', srcPod ? `${srcPod.key} runs in ${node.name}'s host network namespace (hostNetwork)` : `sent by ${node.name} itself (a node agent such as kubelet)`);
      step = { kind: 'host', node, inDev: null };
    }

    for (let n = 0; n < MAX_STEPS; n++) {
      switch (step.kind) {
        case 'host': {
          const node = step.node;
          if (!serviceDone) {
            const ended = this.serviceStage(node, step.inDev);
            if (ended) return ended;
            // A stage with nothing to do here may act at a later node (a NodePort of another node's address).
            serviceDone = this.serviceApplied;
          }
          if (pkt.dport !== null && (pkt.dst === node.ipNum || isLoopback(pkt.dst) || dp.isLocal(node, pkt.dst))) {
            const mapping = hostPortMapping(node, pkt.dst, pkt.dport, pkt.protocol);
            if (mapping) {
              const before = endpointText(pkt.dst, pkt.dport);
              pkt.dst = mapping.pod.ipNum;
              pkt.dport = mapping.port.port;
              const chain = model.cni === 'docker-bridge' ? 'DOCKER chain (published port)' : 'CNI-HOSTPORT-DNAT (portmap, hostPort)';
              this.hop(nodeAt(node), step.inDev ?? 'lo', 'dnat', `${chain}: ${before} -> ${endpointText(pkt.dst, pkt.dport)} (${mapping.pod.key})`);
            }
          }
          if (egressPending && srcPod) {
            egressPending = false;
            const denied = this.policy('egress', srcPod);
            if (denied) return denied;
          }
          step = dp.hostRoute(this, node, step.inDev);
          break;
        }
        case 'pod': {
          if (egressPending && srcPod) {
            egressPending = false;
            const denied = this.policy('egress', srcPod);
            if (denied) return denied;
          }
          const denied = this.policy('ingress', step.pod);
          if (denied) return denied;
          return this.deliverToPod(step.pod, 'eth0');
        }
        case 'local':
          return this.deliverLocal(step.node, step.dev);
        case 'wire':
          step = crossUnderlay(this, dp, step);
          break;
        case 'internet':
          this.hop('internet', '-', 'deliver', `leaves ${step.from ? step.from.name : 'the network'} for ${ip4Text(pkt.dst)}`);
          return this.finish('delivered', `left the cluster for ${endpointText(pkt.dst, pkt.dport)} with source ${ip4Text(pkt.src)} (podnet assumes the outside host answers)`, null);
        case 'end':
          return this.finish(step.verdict, step.reason, null);
      }
    }
    return this.finish('dropped', 'routing loop: the packet never arrives (TTL exceeded)', null);
  }

  private serviceStage(node: SimNode, inDev: string | null): TraceResult | null {
    const t = this.stages.service?.translate?.({ model: this.model, node, hook: inDev === null ? 'OUTPUT' : 'PREROUTING', inDevice: inDev, source: this.source, packet: { ...this.pkt }, seed: this.request.seed ?? 0 });
    if (!t) return null;
    this.serviceApplied = true;
    if (t.dst !== undefined) this.pkt.dst = t.dst;
    if (t.dport !== undefined) this.pkt.dport = t.dport;
    if (t.src !== undefined) this.pkt.src = t.src;
    for (const h of t.hops) this.hop(nodeAt(node), h.device, h.action, h.detail);
    if (t.end) return this.finish(t.end.verdict, t.end.reason, null);
    if (t.dst !== undefined) {
      const pod = this.model.podByIp.get(this.pkt.dst);
      if (pod && pod.phase === 'Running') this.intended = pod;
    }
    return null;
  }

  private policy(direction: 'egress' | 'ingress', pod: SimPod): TraceResult | null {
    const evaluator = this.stages.policy;
    if (!evaluator || pod.hostNetwork || this.model.cni === 'docker-bridge') return null;
    const peerIp = direction === 'egress' ? this.pkt.dst : this.pkt.src;
    const decision = evaluator.evaluate({
      direction,
      pod,
      peer: { ip: ip4Text(peerIp), pod: this.model.podByIp.get(peerIp) ?? null, node: this.model.nodeByIp.get(peerIp) ?? null },
      port: this.pkt.dport,
      protocol: this.pkt.protocol,
      model: this.model,
    });
    this.hop(nodeAt(pod.node!), this.dp.hostVeth(pod), 'policy', `NetworkPolicy ${direction} of ${pod.key}: ${decision.allowed ? 'allowed' : 'denied'} (${decision.reason})`);
    if (decision.allowed) return null;
    return this.finish(decision.verdict ?? 'dropped', `NetworkPolicy ${direction} of ${pod.key} denies it: ${decision.reason}`, null);
  }

  private deliverToPod(pod: SimPod, device: string): TraceResult {
    const { pkt } = this;
    const at = podAt(pod);
    if (pkt.protocol === 'ICMP' || pkt.dport === null) {
      this.hop(at, device, 'deliver', `echo request answered by ${pod.key}'s network namespace`);
      return this.finish('delivered', `${pod.key} (${pod.ip}) answers ICMP echo`, pod.key);
    }
    const listener = podListener(pod, pkt.dport, pkt.protocol);
    if (!listener) {
      const declared = pod.ports.map((p) => `${p.port}/${p.protocol}`).join(', ');
      this.hop(at, device, 'reject', `nothing listens on ${pkt.dport}/${pkt.protocol} (declared: ${declared})`);
      return this.finish('rejected', `port ${pkt.dport}/${pkt.protocol} is not listening in ${pod.key} (declared: ${declared}): ${closedAnswer(pkt.protocol)}`, null);
    }
    const who = listener.assumed ? `${pod.key} declares no container ports: podnet assumes a process listens on ${pkt.dport}/${pkt.protocol}` : `container ${listener.container} of ${pod.key} listens on ${pkt.dport}/${pkt.protocol}`;
    this.hop(at, device, 'deliver', who);
    return this.finish('delivered', who, pod.key);
  }

  private deliverLocal(node: SimNode, device: string): TraceResult {
    const { pkt } = this;
    const at = nodeAt(node);
    if (pkt.protocol === 'ICMP' || pkt.dport === null) {
      this.hop(at, device, 'deliver', `echo request answered by ${node.name}'s kernel`);
      return this.finish('delivered', `${node.name} (${ip4Text(pkt.dst)}) answers ICMP echo`, null);
    }
    const listener = nodeListener(this.model, node, pkt.dport, pkt.protocol, isLoopback(pkt.dst));
    if (!listener) {
      this.hop(at, device, 'reject', `nothing listens on ${pkt.dport}/${pkt.protocol} in ${node.name}'s host namespace`);
      return this.finish('rejected', `port ${pkt.dport}/${pkt.protocol} is not listening on ${node.name} (${ip4Text(pkt.dst)}): ${closedAnswer(pkt.protocol)}`, null);
    }
    this.hop(at, device, 'deliver', `${listener.what} listens on ${pkt.dport}/${pkt.protocol}`);
    return this.finish('delivered', `${listener.what} on ${node.name} listens on ${pkt.dport}/${pkt.protocol}`, listener.pod ? listener.pod.key : null);
  }
}

function closedAnswer(protocol: string): string {
  return protocol === 'UDP' ? 'the kernel answers ICMP port unreachable' : protocol === 'SCTP' ? 'the kernel answers ABORT' : 'the kernel answers RST';
}
