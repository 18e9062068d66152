import { DesignError, type Expectation, type Inventory } from '@podnet/contracts';
import type { PolicyPod } from '../../policy/endpoints';
import { evaluateConnection, type PolicyEndpoint } from '../../policy/evaluate';
import { ipv4ToNumber } from '../../policy/ipv4';
import { PortSetTable, type L4Protocol } from '../../policy/port-set';
import { allowedBetween } from '../reach/query';
import { buildReachModel, type ReachModel, type ReachOptions } from '../reach/reach';

/** The outcome of one `expect:` assertion of the design. */
export interface AssertionResult {
  from: string;
  to: string;
  port?: number | string;
  protocol: L4Protocol;
  expected: boolean;
  actual: boolean;
  passed: boolean;
  /** What decided: the policy, direction, rule, peer and port, or the isolating policies. */
  reason: string;
  description?: string;
}

/** `podnet check` output. */
export interface CheckReport {
  passed: boolean;
  results: AssertionResult[];
}

interface Side {
  /** Representative pods (one per policy class), or none for an IP. */
  pods: PolicyPod[];
  ip?: string;
}

function resolveSide(model: ReachModel, text: string, path: (string | number)[]): Side {
  if (ipv4ToNumber(text) !== undefined) return { pods: [], ip: text };
  const entity = model.entities.find((e) => e.name === text);
  const pods = entity ? entity.pods : model.index.pods.filter((p) => p.key === text || p.workload === text);
  if (pods.length === 0) throw new DesignError([{ path, value: text, message: 'no workload, pod or IPv4 address of that name (use namespace/name)' }]);
  const seen = new Set<number>();
  const reps: PolicyPod[] = [];
  for (const p of pods) {
    const c = model.index.classOfPod.get(p.key)!;
    // hostNetwork pods differ by node (node-to-local-pod traffic), so each is kept.
    if (!p.hostNetwork && seen.has(c)) continue;
    seen.add(c);
    reps.push(p);
  }
  return { pods: reps };
}

const endpoints = (s: Side): PolicyEndpoint[] => (s.ip ? [{ ip: s.ip }] : s.pods.map((p) => ({ pod: p.key })));

/** The numeric port an assertion means toward one destination pod (a named port resolves on it). */
function portFor(port: number | string, protocol: L4Protocol, dst: PolicyEndpoint, model: ReachModel): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  if (!('pod' in dst)) return undefined;
  return model.index.podByKey.get(dst.pod)?.ports.find((c) => c.name === port && c.protocol === protocol)?.port;
}

/**
 * Checks the design's `expect:` assertions. `from`/`to` are `namespace/name` (a workload or a pod) or an IPv4
 * address. With a port, "allowed" means some pod of `from` may open that port on some pod of `to` (a named
 * port resolves per destination pod); without one, that anything at all is allowed. Unknown names are bad
 * input (DesignError).
 *
 * @example
 * checkExpectations(inventory).results[0] // => { from: 'shop/web', to: 'shop/db', port: 5432, expected: true, actual: true, passed: true, reason: 'allowed: ...' }
 */
export function checkExpectations(inventory: Inventory, options: ReachOptions = {}, model: ReachModel = buildReachModel(inventory, options)): CheckReport {
  const results = inventory.design.expect.map((e: Expectation, i): AssertionResult => {
    const src = resolveSide(model, e.from, ['expect', i, 'from']);
    const dst = resolveSide(model, e.to, ['expect', i, 'to']);
    const protocol = e.protocol as L4Protocol;
    let actual = false;
    let reason = '';
    let firstDenied = '';
    for (const s of endpoints(src)) {
      for (const d of endpoints(dst)) {
        if (e.port === undefined) {
          const set = allowedBetween(model.matrix, s, d);
          if (set !== PortSetTable.NONE) {
            actual = true;
            reason = `allowed: ${model.index.ports.format(set)}`;
          } else firstDenied ||= `nothing allowed from ${JSON.stringify(s)} to ${JSON.stringify(d)}`;
        } else {
          const port = portFor(e.port, protocol, d, model);
          if (port === undefined) {
            firstDenied ||= `the destination has no ${protocol} port named ${String(e.port)}`;
            continue;
          }
          const v = evaluateConnection(model.index, s, d, port, protocol);
          if (v.allowed) {
            actual = true;
            reason = v.explanation;
          } else firstDenied ||= v.explanation;
        }
        if (actual) break;
      }
      if (actual) break;
    }
    if (!actual) reason = firstDenied;
    return { from: e.from, to: e.to, ...(e.port !== undefined ? { port: e.port } : {}), protocol, expected: e.allowed, actual, passed: actual === e.allowed, reason, ...(e.description ? { description: e.description } : {}) };
  });
  return { passed: results.every((r) => r.passed), results };
}
