import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';

const dir = mkdtempSync(join(tmpdir(), 'podnet-trace-'));
const design = join(dir, 'design.yaml');
writeFileSync(
  design,
  `apiVersion: podnet.dev/v1alpha1
kind: ClusterDesign
metadata: {name: t}
cni: {plugin: calico}
nodes: [{name: node-a}, {name: node-b}]
workloads:
  - {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: default}, spec: {nodeName: node-a, containers: [{name: app, image: x}]}}
  - {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: default}, spec: {nodeName: node-b, containers: [{name: app, image: x, ports: [{containerPort: 80}]}]}}
`,
);

describe('podnet trace', () => {
  it('prints exactly verdict, reason, endpoint, hops with -o json', async () => {
    const { code, stdout } = await runCli(['trace', '-f', design, '--from', 'default/a', '--to', 'default/b:80', '-o', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['verdict', 'reason', 'endpoint', 'hops']);
    expect(doc['verdict']).toBe('delivered');
    expect(doc['endpoint']).toBe('default/b');
    const hops = doc['hops'] as Record<string, unknown>[];
    for (const hop of hops) {
      expect(Object.keys(hop)).toEqual(['at', 'device', 'action', 'detail', 'packet']);
      expect(Object.keys(hop['packet'] as object)).toEqual(['src', 'dst', 'protocol']);
    }
  });

  it('prints one line per hop like traceroute with -o txt (the default)', async () => {
    const { code, stdout } = await runCli(['trace', '-f', design, '--from', 'default/a', '--to', 'default/b:80']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('trace default/a -> default/b:80');
    expect(lines[1]).toMatch(/^ {1,2}1 {2}pod\/default\/a/);
    expect(lines.at(-1)).toMatch(/^delivered: /);
  });

  it('exits 2 on an unknown pod', async () => {
    const { code, stderr } = await runCli(['trace', '-f', design, '--from', 'default/nope', '--to', 'default/b:80']);
    expect(code).toBe(2);
    expect(stderr).toContain('no pod default/nope');
  });

  it('answers unresolved for a DNS name while no DNS stage is plugged in', async () => {
    const { code, stdout } = await runCli(['trace', '-f', design, '--from', 'default/a', '--to', 'web.example.com:80', '-o', 'json']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as { verdict: string }).verdict).toBe('unresolved');
  });
});

describe('podnet trace with NetworkPolicy', () => {
  it('drops at the destination when an ingress policy isolates it', async () => {
    const policy = join(dir, 'deny.yaml');
    writeFileSync(policy, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: default}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n');
    const { code, stdout } = await runCli(['trace', '-f', design, '-f', policy, '--from', 'default/a', '--to', 'default/b:80', '-o', 'json']);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { verdict: string; reason: string };
    expect(doc.verdict).toBe('dropped');
    expect(doc.reason).toContain('default/deny-all');
  });
});
