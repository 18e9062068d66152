import { describe, expect, it } from 'vitest';
import { buildProxyState, buildServiceCatalog, DEFAULT_KUBE_PROXY_CONFIG, iptablesSaveLines, planNode } from '../../src';
import { inventoryOf } from '../support/services-conformance';
import { svc1Manifests } from './kube-proxy-fixtures';

// Golden: the rules kube-proxy's own iptables unit tests expect for ns1/svc1:p80 (NodePort 3001, ClusterIP
// 172.30.0.41, endpoints 10.180.0.1:80 and 10.180.0.2:80, cluster CIDR 10.0.0.0/8), as quoted in
// shared/docs/kube-proxy.md §3 "Reference dump" (kubernetes/kubernetes pkg/proxy/iptables/proxier_test.go).
const REFERENCE_CLUSTER = [
  '-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O',
  '-A KUBE-NODEPORTS -m comment --comment ns1/svc1:p80 -m tcp -p tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O',
  '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
  '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade traffic for ns1/svc1:p80 external destinations" -j KUBE-MARK-MASQ',
  '-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVC-XPGD46QRK7WJZT7O',
  '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.1:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-SXIVWICOYRO3J4NJ',
  '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -j KUBE-SEP-LXVODXWDISEETFEF',
  '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ',
  '-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.1:80',
  '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
];
// The eTP=Local variant of KUBE-EXT from the same test suite (kube-proxy.md §3).
const REFERENCE_LOCAL = [
  '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "pod traffic for ns1/svc1:p80 external destinations" -s 10.0.0.0/8 -j KUBE-SVC-XPGD46QRK7WJZT7O',
  '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "masquerade LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ',
  '-A KUBE-EXT-XPGD46QRK7WJZT7O -m comment --comment "route LOCAL traffic for ns1/svc1:p80 external destinations" -m addrtype --src-type LOCAL -j KUBE-SVC-XPGD46QRK7WJZT7O',
  '-A KUBE-EXT-XPGD46QRK7WJZT7O -j KUBE-SVL-XPGD46QRK7WJZT7O',
];

function ruleset(etpLocal: boolean): string[] {
  const catalog = buildServiceCatalog(inventoryOf(svc1Manifests({ etpLocal, nodeName: 'node1' })));
  const node = catalog.nodes.find((n) => n.name === 'node1')!;
  return [...iptablesSaveLines(planNode(buildProxyState(catalog, 4), node, { ...DEFAULT_KUBE_PROXY_CONFIG, clusterCIDRs: ['10.0.0.0/8'] }))];
}

/** The rules of one chain, in order. */
function chain(lines: readonly string[], name: string): string[] {
  return lines.filter((l) => l.startsWith(`-A ${name} `));
}

describe('golden: kube-proxy iptables rules for ns1/svc1:p80 (kube-proxy unit-test expectations)', () => {
  const lines = ruleset(false);

  it('contains every reference rule verbatim', () => {
    for (const rule of REFERENCE_CLUSTER) expect(lines).toContain(rule);
  });

  it('keeps the reference order within each chain', () => {
    for (const name of ['KUBE-SERVICES', 'KUBE-EXT-XPGD46QRK7WJZT7O', 'KUBE-SVC-XPGD46QRK7WJZT7O', 'KUBE-SEP-SXIVWICOYRO3J4NJ']) {
      const ours = chain(lines, name);
      const ref = chain(REFERENCE_CLUSTER, name);
      expect(ours.filter((l) => ref.includes(l))).toEqual(ref);
    }
  });

  it('puts the NodePort jump last in nat KUBE-SERVICES ("this must be the last rule in this chain")', () => {
    expect(chain(lines, 'KUBE-SERVICES').at(-1)).toContain('-j KUBE-NODEPORTS');
  });

  it('declares every chain it jumps to, before any rule of its table (iptables-restore can load it)', () => {
    for (const table of ['*filter', '*nat']) {
      const start = lines.indexOf(table);
      const end = lines.indexOf('COMMIT', start);
      const body = lines.slice(start + 1, end);
      const declared = new Set(body.filter((l) => l.startsWith(':')).map((l) => l.slice(1).split(' ')[0]));
      const firstRule = body.findIndex((l) => l.startsWith('-A '));
      expect(body.slice(firstRule).some((l) => l.startsWith(':'))).toBe(false);
      const builtin = new Set(['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'MARK', 'MASQUERADE', 'DNAT']);
      for (const l of body.filter((x) => x.startsWith('-A '))) {
        expect(declared.has(l.split(' ')[1])).toBe(true);
        const target = / -j (\S+)/.exec(l)?.[1];
        if (target && !builtin.has(target)) expect(declared.has(target)).toBe(true);
      }
    }
  });

  it('hooks the built-in chains as kube-proxy installs them', () => {
    expect(lines).toContain('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(lines).toContain('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES');
    expect(lines).toContain('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING');
    expect(lines).toContain('-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD');
    expect(lines).toContain('-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN');
    expect(lines).toContain('-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000');
  });

  it('matches the externalTrafficPolicy Local variant of KUBE-EXT', () => {
    expect(chain(ruleset(true), 'KUBE-EXT-XPGD46QRK7WJZT7O')).toEqual(REFERENCE_LOCAL);
  });
});
