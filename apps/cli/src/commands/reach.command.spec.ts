import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';

// Scenario from the Kubernetes docs "Network Policies" (kubernetes.io/docs/concepts/services-networking/network-policies):
// a policy selecting app=db with one ingress rule from app=web on TCP 5432 isolates db for ingress only; db's
// egress and web are unaffected ("The two sorts of pod isolation"), so only web -> db is restricted to 5432 and
// nothing outside the cluster may reach db.
const pod = (name: string, app: string, ip: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels: { app } },
  spec: { containers: [{ name: 'c', ports: [{ containerPort: app === 'db' ? 5432 : 8080, name: 'main' }] }] },
  status: { podIP: ip },
});
const shop = (extra: object[] = []) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      pod('web', 'web', '10.0.0.1'),
      pod('db', 'db', '10.0.0.2'),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'db-from-web', namespace: 'shop' },
        spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] },
      },
      ...extra,
    ],
  });

describe('podnet reach', () => {
  it('prints exactly the connections document', async () => {
    const r = await runCli(['reach', '-f', '-', '-o', 'json'], shop());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      connections: [
        { src: 'shop/db', dst: 'shop/web', allowed: 'all' },
        { src: 'shop/db', dst: { cidrs: ['0.0.0.0/0'] }, allowed: 'all' },
        { src: 'shop/web', dst: 'shop/db', allowed: [{ protocol: 'TCP', ports: [[5432, 5432]] }] },
        { src: 'shop/web', dst: { cidrs: ['0.0.0.0/0'] }, allowed: 'all' },
        { src: { cidrs: ['0.0.0.0/0'] }, dst: 'shop/web', allowed: 'all' },
      ],
    });
  });

  it('streams json identical to JSON.stringify(doc, null, 2), also when nothing is allowed', async () => {
    const r = await runCli(['reach', '-f', '-'], shop());
    expect(r.stdout).toBe(`${JSON.stringify(JSON.parse(r.stdout), null, 2)}\n`);
    const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    const empty = await runCli(['reach', '-f', '-'], shop([deny]));
    expect(empty.stdout).toBe('{\n  "connections": []\n}\n');
    expect((await runCli(['reach', '-f', '-', '-o', 'txt'], shop([deny]))).stdout).toBe('\n');
  });

  it('explains a connection with the policy, direction, rule, peer and ports', async () => {
    const r = await runCli(['reach', '-f', '-', '-o', 'txt', '--explain', '--focus', 'shop/db'], shop());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('shop/web => shop/db : TCP 5432');
    expect(r.stdout).toContain('ingress: isolated by shop/db-from-web');
    expect(r.stdout).toContain('NetworkPolicy shop/db-from-web ingress rule 0 peer 0 port 0: TCP 5432');
    expect(r.stdout).not.toContain('shop/web => 0.0.0.0/0');
  });

  it('offers csv and md, and the exposure view', async () => {
    const c = await runCli(['reach', '-f', '-', '-o', 'csv'], shop());
    expect(c.stdout.split('\n')[0]).toBe('SRC,DST,ALLOWED');
    const m = await runCli(['reach', '-f', '-', '-o', 'md'], shop());
    expect(m.stdout).toContain('| shop/web | shop/db | TCP 5432 |');
    const e = await runCli(['reach', '-f', '-', '--exposure', '-o', 'json'], shop());
    const doc = JSON.parse(e.stdout) as { exposure: { workload: string; ingressProtected: boolean; fromOutsideCluster: unknown[] }[] };
    expect(doc.exposure.find((x) => x.workload === 'shop/db')).toMatchObject({ ingressProtected: true, fromOutsideCluster: [] });
    expect(doc.exposure.find((x) => x.workload === 'shop/web')?.fromOutsideCluster).toEqual([{ cidrs: ['0.0.0.0/0'], allowed: 'all' }]);
    const t = await runCli(['reach', '-f', '-', '--exposure', '-o', 'txt'], shop());
    expect(t.stdout).toContain('shop/web (no ingress policy)\n  0.0.0.0/0 => shop/web : All Connections\n  could admit any source : all (no ingress policy)');
  });

  it('refuses an invalid policy with exit 2 (an empty peer; docs/netpol.md §3)', async () => {
    const bad = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'bad', namespace: 'shop' }, spec: { podSelector: {}, ingress: [{ from: [{}] }] } };
    const r = await runCli(['reach', '-f', '-'], shop([bad]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('empty peer');
  });

  it('refuses bad flags and an unknown focus with exit 2', async () => {
    expect((await runCli(['reach', '-f', '-', '--by', 'node'], shop())).code).toBe(2);
    expect((await runCli(['reach', '-f', '-', '--ipblock-matches-pods', 'maybe'], shop())).code).toBe(2);
    expect((await runCli(['reach', '-f', '-', '--focus', 'shop/nope'], shop())).code).toBe(2);
  });
});
