import type { LabelSelector } from '@podnet/contracts';
import type { PolicyContainerPort, PolicyPod } from './endpoints';
import { compileSelector } from './selector';
import type { PolicyOptions } from './types';

/** Pods with the same namespace, labels, ports and IP-peer memberships ("pre-classes"). */
export interface PreClass {
  ns: string;
  labels: Readonly<Record<string, string>>;
  /** Selectable by pod/namespace selectors (false for hostNetwork pods seen as their node). */
  visible: boolean;
  ports: readonly PolicyContainerPort[];
  portsKeyId: number;
  /** IP-range peers that contain the pod's address (when IP peers may see it). */
  ipSig: readonly number[];
}

const selectorKey = (s: LabelSelector | null | undefined) => JSON.stringify([Object.entries(s?.matchLabels ?? {}).sort(), (s?.matchExpressions ?? []).map((e) => [e.key, e.operator, [...(e.values ?? [])].sort()])]);

function upperIndex(bounds: readonly number[], ip: number): number {
  let lo = 0;
  let hi = bounds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (bounds[mid]! <= ip) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Builds selections ("sets" of pre-classes) for every selector and IP peer, then groups pre-classes that fall
 * in exactly the same sets into classes. Selectors are evaluated once per distinct (labels, namespace),
 * never per pod.
 *
 * @example
 * new Membership(pods, nsLabels, opts, bounds, ranges).select('shop', undefined, { matchLabels: { app: 'web' } }) // => a set id
 */
export class Membership {
  private readonly pres: PreClass[] = [];
  private readonly preOfPodIdx: number[] = [];
  private readonly byNs = new Map<string, number[]>();
  private readonly sets: number[][] = [];
  private readonly memo = new Map<string, number>();
  private ipInverted: Map<number, number[]> | undefined;
  private readonly ipSets = new Map<number, number>();

  constructor(
    pods: readonly PolicyPod[],
    private readonly nsLabels: ReadonlyMap<string, Readonly<Record<string, string>>>,
    opts: Required<PolicyOptions>,
    bounds: readonly number[],
    private readonly ipPeerRanges: readonly (readonly (readonly [number, number])[])[],
  ) {
    const preIds = new Map<string, number>();
    const portKeys = new Map<string, number>();
    const sigOfInterval = new Map<number, number[]>();
    const sigOf = (ip: number): number[] => {
      const k = upperIndex(bounds, ip);
      let sig = sigOfInterval.get(k);
      if (!sig) {
        const start = bounds[k] ?? 0;
        sig = [];
        ipPeerRanges.forEach((ranges, id) => {
          if (ranges.some(([lo, hi]) => start >= lo && start <= hi)) sig!.push(id);
        });
        sigOfInterval.set(k, sig);
      }
      return sig;
    };
    for (const pod of pods) {
      const visible = !(pod.hostNetwork && opts.hostNetwork === 'node');
      const ipVisible = !visible || opts.ipBlockMatchesPods;
      const ipSig = ipVisible && pod.ip !== undefined ? sigOf(pod.ip) : [];
      const portsText = JSON.stringify(pod.ports);
      let portsKeyId = portKeys.get(portsText);
      if (portsKeyId === undefined) {
        portsKeyId = portKeys.size;
        portKeys.set(portsText, portsKeyId);
      }
      const labelsText = JSON.stringify(Object.entries(pod.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const key = `${pod.namespace}\u0000${visible ? 1 : 0}\u0000${labelsText}\u0000${portsKeyId}\u0000${ipSig.join(',')}`;
      let id = preIds.get(key);
      if (id === undefined) {
        id = this.pres.length;
        preIds.set(key, id);
        this.pres.push({ ns: pod.namespace, labels: pod.labels, visible, ports: pod.ports, portsKeyId, ipSig });
        const list = this.byNs.get(pod.namespace) ?? [];
        list.push(id);
        this.byNs.set(pod.namespace, list);
      }
      this.preOfPodIdx.push(id);
    }
  }

  preOfPod(podIndex: number): number {
    return this.preOfPodIdx[podIndex] ?? 0;
  }

  private addSet(key: string, make: () => number[]): number {
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const id = this.sets.length;
    this.sets.push(make());
    this.memo.set(key, id);
    return id;
  }

  /**
   * Pods selected by a namespace selector (or, when `ns` is given, the namespace `ns` only) and a pod selector
   * (absent = every pod). hostNetwork pods seen as their node are never selected.
   */
  select(ns: string | null, nsSelector: LabelSelector | null | undefined, podSelector: LabelSelector | null | undefined): number {
    const key = `${ns === null ? `sel:${selectorKey(nsSelector)}` : `ns:${ns}`}|${podSelector ? selectorKey(podSelector) : '*'}`;
    return this.addSet(key, () => {
      const nsPred = compileSelector(nsSelector);
      const podPred = compileSelector(podSelector);
      const namespaces = ns === null ? [...this.nsLabels.entries()].filter(([, labels]) => nsPred(labels)).map(([n]) => n) : [ns];
      const out: number[] = [];
      for (const n of namespaces) for (const p of this.byNs.get(n) ?? []) if (this.pres[p]!.visible && podPred(this.pres[p]!.labels)) out.push(p);
      return out.sort((a, b) => a - b);
    });
  }

  /** Pods whose address lies in IP-range peer `ipPeer` (those IP peers may see). */
  ipPeerSet(ipPeer: number): number {
    let id = this.ipSets.get(ipPeer);
    if (id === undefined) {
      if (!this.ipInverted) {
        this.ipInverted = new Map();
        this.pres.forEach((pre, p) => {
          for (const s of pre.ipSig) {
            const list = this.ipInverted!.get(s) ?? [];
            list.push(p);
            this.ipInverted!.set(s, list);
          }
        });
      }
      id = this.addSet(`ip:${ipPeer}`, () => [...(this.ipInverted?.get(ipPeer) ?? [])]);
      this.ipSets.set(ipPeer, id);
    }
    return id;
  }

  /** Groups pre-classes by (sets holding them, ports, visibility) into classes. Call after every selection. */
  classes(): { classOfPre: (pre: number) => number; classPreReps: PreClass[]; toClasses: (set: number) => Int32Array } {
    const setsOfPre: number[][] = this.pres.map(() => []);
    this.sets.forEach((members, s) => {
      for (const p of members) setsOfPre[p]!.push(s);
    });
    const classIds = new Map<string, number>();
    const classOf: number[] = [];
    const reps: PreClass[] = [];
    this.pres.forEach((pre, p) => {
      const key = `${pre.visible ? 1 : 0}|${pre.portsKeyId}|${setsOfPre[p]!.join(',')}`;
      let c = classIds.get(key);
      if (c === undefined) {
        c = reps.length;
        classIds.set(key, c);
        reps.push(pre);
      }
      classOf.push(c);
    });
    const cache = new Map<number, Int32Array>();
    const toClasses = (set: number): Int32Array => {
      let arr = cache.get(set);
      if (!arr) {
        arr = Int32Array.from(new Set((this.sets[set] ?? []).map((p) => classOf[p]!))).sort();
        cache.set(set, arr);
      }
      return arr;
    };
    return { classOfPre: (pre) => classOf[pre] ?? 0, classPreReps: reps, toClasses };
  }

  /** Number of IP-range peers known. */
  get ipPeerCount(): number {
    return this.ipPeerRanges.length;
  }
}
