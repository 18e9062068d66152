import { describe, expect, it } from 'vitest';
import { compilePolicyIndex, computeReach, evaluateConnection } from '../../src/index';
import { inventoryOf, netpol, ns, pod } from './fixtures';

// Scenarios from the Kubernetes docs, "Network Policies" concept page
// (https://kubernetes.io/docs/concepts/services-networking/network-policies/), section named in each test,
// and the NetworkPolicy API reference (networking.k8s.io/v1).
const web = pod({ ns: 'default', name: 'web', labels: { app: 'web' }, ip: '10.0.0.1', ports: [{ port: 80, name: 'http' }] });
const db = pod({ ns: 'default', name: 'db', labels: { app: 'db', role: 'db' }, ip: '10.0.0.2', ports: [{ port: 5432, name: 'pg' }, { port: 6000, name: 'x', protocol: 'UDP' }] });
const other = pod({ ns: 'other', name: 'client', labels: { app: 'web' }, ip: '10.0.1.1' });
const base = [ns('default'), ns('other', { team: 'blue' }), web, db, other];

const allowed = (items: object[], src: string, dst: string, port: number, proto: 'TCP' | 'UDP' | 'SCTP' = 'TCP', opts = {}) => {
  const index = compilePolicyIndex(inventoryOf(items), opts);
  const to = dst.includes('/') ? { pod: dst } : { ip: dst };
  const from = src.includes('/') ? { pod: src } : { ip: src };
  return evaluateConnection(index, from, to, port, proto);
};

describe('NetworkPolicy semantics (Kubernetes docs scenarios)', () => {
  it('"Default deny all ingress traffic": selected pods accept nothing, egress is unaffected', () => {
    const items = [...base, netpol('default', 'default-deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] })];
    expect(allowed(items, 'other/client', 'default/db', 5432).allowed).toBe(false);
    expect(allowed(items, 'default/db', 'other/client', 5432).allowed).toBe(true);
    expect(allowed(items, 'default/web', 'default/db', 5432).ingress.reason).toBe('ingress: isolated by default/default-deny-ingress and no rule matched TCP 5432');
  });

  it('"Allow all ingress traffic": ingress: [{}] admits every peer, external addresses included', () => {
    const items = [...base, netpol('default', 'allow-all-ingress', { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] })];
    expect(allowed(items, '8.8.8.8', 'default/db', 1).allowed).toBe(true);
    expect(allowed(items, '8.8.8.8', 'default/db', 1).ingress.rule).toEqual({ kind: 'NetworkPolicy', policy: 'default/allow-all-ingress', direction: 'ingress', ruleIndex: 0 });
  });

  it('API reference policyTypes: without policyTypes and with egress: [], the policy is ingress-only', () => {
    const items = [...base, netpol('default', 'p', { podSelector: {}, egress: [] })];
    expect(allowed(items, 'default/web', '8.8.8.8', 443).allowed).toBe(true);
    expect(allowed(items, 'other/client', 'default/web', 80).allowed).toBe(false);
  });

  it('API defaulting: an empty policyTypes list is inferred like a missing one', () => {
    const items = [...base, netpol('default', 'p', { podSelector: {}, policyTypes: [], egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] })];
    expect(allowed(items, 'default/web', '8.8.8.8', 443).allowed).toBe(false);
    expect(allowed(items, 'default/web', '8.8.8.8', 53, 'UDP').allowed).toBe(true);
    expect(allowed(items, 'other/client', 'default/web', 80).allowed).toBe(false);
  });

  it('"Default deny all egress traffic" isolates egress: a rule to UDP 53 still opens DNS', () => {
    const items = [...base, netpol('default', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] }), netpol('default', 'dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }] })];
    expect(allowed(items, 'default/web', '8.8.8.8', 53, 'UDP').allowed).toBe(true);
    expect(allowed(items, 'default/web', '8.8.8.8', 53, 'TCP').allowed).toBe(false);
    expect(allowed(items, 'default/web', '8.8.8.8', 53, 'UDP').egress.rule).toEqual({ kind: 'NetworkPolicy', policy: 'default/dns', direction: 'egress', ruleIndex: 0, portIndex: 0 });
  });

  it('"Behavior of to and from selectors": one element ANDs namespaceSelector and podSelector, two elements OR them', () => {
    const and = netpol('default', 'and', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } }, podSelector: { matchLabels: { app: 'db' } } }] }] });
    const or = netpol('default', 'or', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'blue' } } }, { podSelector: { matchLabels: { app: 'web' } } }] }] });
    expect(allowed([...base, and], 'other/client', 'default/db', 5432).allowed).toBe(false);
    expect(allowed([...base, and], 'default/web', 'default/db', 5432).allowed).toBe(false);
    expect(allowed([...base, or], 'other/client', 'default/db', 5432).allowed).toBe(true);
    const v = allowed([...base, or], 'default/web', 'default/db', 5432);
    expect(v.ingress.rule).toEqual({ kind: 'NetworkPolicy', policy: 'default/or', direction: 'ingress', ruleIndex: 0, peerIndex: 1 });
  });

  it('"Targeting a Namespace by its name": kubernetes.io/metadata.name is set on every namespace', () => {
    const p = netpol('default', 'by-name', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }] }] });
    expect(allowed([...base, p], 'other/client', 'default/db', 5432).allowed).toBe(true);
  });

  it('the NetworkPolicy resource example: ipBlock 172.17.0.0/16 except 172.17.1.0/24', () => {
    const p = netpol('default', 'test-network-policy', { podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } }], ports: [{ protocol: 'TCP', port: 6379 }] }] });
    expect(allowed([...base, p], '172.17.0.9', 'default/db', 6379).allowed).toBe(true);
    expect(allowed([...base, p], '172.17.1.9', 'default/db', 6379).allowed).toBe(false);
    expect(allowed([...base, p], '172.17.0.9', 'default/db', 6380).allowed).toBe(false);
  });

  it('"Targeting a range of ports": port 32000, endPort 32768 is inclusive', () => {
    const p = netpol('default', 'range', { podSelector: { matchLabels: { role: 'db' } }, ingress: [{ ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }] });
    expect(allowed([...base, p], '8.8.8.8', 'default/db', 32000).allowed).toBe(true);
    expect(allowed([...base, p], '8.8.8.8', 'default/db', 32768).allowed).toBe(true);
    expect(allowed([...base, p], '8.8.8.8', 'default/db', 32769).allowed).toBe(false);
  });

  it('API reference NetworkPolicyPort: a named port resolves on the destination pod, with the same protocol (TCP by default)', () => {
    const p = netpol('default', 'named', { podSelector: {}, ingress: [{ ports: [{ port: 'pg' }, { port: 'x' }] }] });
    expect(allowed([...base, p], '8.8.8.8', 'default/db', 5432).allowed).toBe(true);
    // "x" is UDP 6000 on db, but the rule's protocol defaults to TCP: no match.
    expect(allowed([...base, p], '8.8.8.8', 'default/db', 6000, 'UDP').allowed).toBe(false);
    // web has no "pg" port: nothing is allowed to it.
    expect(allowed([...base, p], '8.8.8.8', 'default/web', 5432).allowed).toBe(false);
  });

  it('"Network traffic filtering": a rule for SCTP only still isolates TCP', () => {
    const p = netpol('default', 'sctp', { podSelector: {}, ingress: [{ ports: [{ protocol: 'SCTP', port: 81 }] }] });
    expect(allowed([...base, p], 'other/client', 'default/web', 81, 'SCTP').allowed).toBe(true);
    expect(allowed([...base, p], 'other/client', 'default/web', 81, 'TCP').allowed).toBe(false);
  });

  it('a pod can always reach itself, and traffic from its own node is always allowed (API reference: ingress)', () => {
    const onNode = pod({ ns: 'default', name: 'web', labels: { app: 'web' }, ip: '10.0.0.1', node: 'n1', hostIP: '192.168.0.10' });
    const agent = pod({ ns: 'kube-system', name: 'agent', labels: { app: 'agent' }, hostNetwork: true, node: 'n1', hostIP: '192.168.0.10' });
    const remote = pod({ ns: 'kube-system', name: 'remote', labels: { app: 'agent' }, hostNetwork: true, node: 'n2', hostIP: '192.168.0.11' });
    const items = [ns('default'), ns('kube-system'), onNode, agent, remote, netpol('default', 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })];
    expect(allowed(items, 'default/web', 'default/web', 80).allowed).toBe(true);
    expect(allowed(items, '192.168.0.10', 'default/web', 80).allowed).toBe(true);
    expect(allowed(items, 'kube-system/agent', 'default/web', 80).allowed).toBe(true);
    expect(allowed(items, 'kube-system/remote', 'default/web', 80).allowed).toBe(false);
    // In the matrix too: the hostNetwork pod on the same node reaches web, the one on another node does not.
    const reach = computeReach(inventoryOf(items), { by: 'pod' }).connections.filter((c) => c.dst === 'default/web');
    expect(reach.map((c) => c.src)).toEqual(['kube-system/agent']);
  });

  it('"NetworkPolicy and hostNetwork pods": seen as their node, they are not selected by podSelector (default), or selectable with hostNetwork: pod', () => {
    const agent = pod({ ns: 'kube-system', name: 'agent', labels: { app: 'agent' }, hostNetwork: true, node: 'n2', hostIP: '192.168.0.11' });
    const p = netpol('default', 'from-agent', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'agent' } } }] }] });
    const items = [...base, ns('kube-system'), agent, p];
    expect(allowed(items, 'kube-system/agent', 'default/web', 80).allowed).toBe(false);
    expect(allowed(items, 'kube-system/agent', 'default/web', 80, 'TCP', { hostNetwork: 'pod' }).allowed).toBe(true);
    const byIp = netpol('default', 'from-nodes', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/24' } }] }] });
    expect(allowed([...base, ns('kube-system'), agent, byIp], 'kube-system/agent', 'default/web', 80).allowed).toBe(true);
  });

  it('ipBlock vs pod IPs is a switch (docs/netpol.md §1): matches pod IPs when on, never when off', () => {
    const p = netpol('default', 'cidr', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.0.1.0/24' } }] }] });
    expect(allowed([...base, p], 'other/client', 'default/db', 5432, 'TCP', { ipBlockMatchesPods: true }).allowed).toBe(true);
    expect(allowed([...base, p], 'other/client', 'default/db', 5432, 'TCP', { ipBlockMatchesPods: false }).allowed).toBe(false);
  });
});
