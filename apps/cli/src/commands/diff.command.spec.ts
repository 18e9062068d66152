import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';

// The reach spec's scenario (Kubernetes docs "Network Policies": db admits web on TCP 5432).
const pod = (name: string, app: string, ip: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', labels: { app } },
  spec: { containers: [{ name: 'c', ports: [{ containerPort: app === 'db' ? 5432 : 8080, name: 'main' }] }] },
  status: { podIP: ip },
});
const dbFromWeb = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'db-from-web', namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] },
};
const shop = (extra: object[] = []) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod('web', 'web', '10.0.0.1'), pod('db', 'db', '10.0.0.2'), dbFromWeb, ...extra] });

// Adding a default-deny ingress policy ({podSelector: {}, policyTypes: [Ingress]}, the Kubernetes docs'
// "Default deny all ingress traffic" example) isolates web too: web loses every ingress connection.
const denyAll = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'default-deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };

describe('podnet diff', () => {
  const dir = mkdtempSync(join(tmpdir(), 'podnet-diff-'));
  const before = join(dir, 'before.json');
  const after = join(dir, 'after.json');
  writeFileSync(before, shop());
  writeFileSync(after, shop([denyAll]));

  it('lists removed connections with the policy that caused them, and exits 1 with --exit-code', async () => {
    const r = await runCli(['diff', '-f', before, '--against', after, '-o', 'json', '--exit-code']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { summary: unknown; changes: { change: string; src: unknown; dst: unknown; causes: string[] }[]; policyChanges: unknown[] };
    expect(doc.summary).toEqual({ added: 0, removed: 2, changed: 0 });
    expect(doc.policyChanges).toEqual([{ policy: 'NetworkPolicy shop/default-deny', change: 'added' }]);
    expect(doc.changes).toEqual([
      { change: 'removed', src: 'shop/db', dst: 'shop/web', before: 'all', causes: ['NetworkPolicy shop/default-deny'] },
      { change: 'removed', src: { cidrs: ['0.0.0.0/0'] }, dst: 'shop/web', before: 'all', causes: ['NetworkPolicy shop/default-deny'] },
    ]);
  });

  it('exits 0 when nothing changed', async () => {
    const r = await runCli(['diff', '-f', before, '--against', before, '--exit-code']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 added, 0 removed, 0 changed');
  });
});
