import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../support/test-io';

const root = join(import.meta.dirname, '../../../..');

const design = (expect: object[]) =>
  // A design is its own document (not a List item): multi-document YAML, one JSON document each.
  [
      { apiVersion: 'podnet.dev/v1alpha1', kind: 'ClusterDesign', metadata: { name: 'd' }, expect },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'db', namespace: 'shop', labels: { app: 'db' } }, spec: { containers: [{ name: 'c', ports: [{ containerPort: 5432, name: 'pg' }] }] } },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'db-from-web', namespace: 'shop' },
        spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'pg' }] }] },
      },
  ]
    .map((d) => JSON.stringify(d))
    .join('\n---\n');

describe('podnet check', () => {
  it('passes the examples (their expect: blocks)', async () => {
    for (const name of ['eks-vpc-cni', 'onprem-calico']) {
      const r = await runCli(['check', '-f', join(root, 'examples', name, 'design.yaml')]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/assertions passed/);
    }
  });

  // A named port resolves on the destination pod (docs/netpol.md §1 Ports): "pg" is 5432 on db.
  it('prints each result with its reason and exits 1 on a failed assertion', async () => {
    const r = await runCli(['check', '-f', '-', '-o', 'json'], design([
      { from: 'shop/web', to: 'shop/db', port: 5432, allowed: true },
      { from: 'shop/web', to: 'shop/db', port: 'pg', allowed: true },
      { from: 'shop/db', to: 'shop/db', port: 5432, allowed: true },
      { from: 'shop/web', to: 'shop/db', port: 80, allowed: true },
    ]));
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { passed: boolean; results: { passed: boolean; reason: string }[] };
    expect(doc.results.map((x) => x.passed)).toEqual([true, true, true, false]);
    expect(doc.results[0]!.reason).toContain('NetworkPolicy shop/db-from-web ingress rule 0 peer 0 port 0');
    expect(doc.results[3]!.reason).toContain('isolated by shop/db-from-web and no rule matched TCP 80');
  });

  it('refuses an assertion naming an unknown workload (exit 2)', async () => {
    const r = await runCli(['check', '-f', '-'], design([{ from: 'shop/nope', to: 'shop/db', allowed: false }]));
    expect(r.code).toBe(2);
  });
});
