import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';

const root = join(import.meta.dirname, '../../../..');
const notOk = join(root, 'test/fixtures/not-ok');
const expected = JSON.parse(readFileSync(join(notOk, 'expected.json'), 'utf8')) as {
  cases: Record<string, { line: number; path: string; message: string }>;
};

describe('podnet validate: examples', () => {
  it('accepts the EKS example and counts what it describes', async () => {
    const r = await runCli(['validate', '-f', join(root, 'examples/eks-vpc-cni/design.yaml'), '-o', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    // workloads.yaml: ingress 2 + frontend 3 + cart 2 + catalog 2 + checkout 2 + postgres 1 + redis 3
    // + one sales-report Job pod + payments-api 2 + fraud-scorer 2 + prometheus 1 = 21 pods; node-exporter
    // is a DaemonSet, expanded per node by the simulation.
    expect(summary.totals).toMatchObject({ pods: 21, services: 9, networkPolicies: 8, ingresses: 1, namespaces: 5 });
    expect(summary.nodes).toBe(5);
    expect(summary.nodeGroups.map((g: { name: string }) => g.name)).toEqual(['general', 'compute']);
  });

  it.each(['eks-vpc-cni', 'eks-prefix-custom-networking', 'onprem-calico', 'docker-bridge'])('accepts examples/%s', async (name) => {
    const r = await runCli(['validate', '-f', join(root, 'examples', name, 'design.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^design /);
  });

  it('reads manifests from stdin and plain JSON Lists', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [{ name: 'c' }] } }],
    };
    const r = await runCli(['validate', '-f', '-', '-o', 'json'], JSON.stringify(list));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).namespaces).toEqual([{ name: 'default', pods: 1, workloads: 1, services: 0, networkPolicies: 0, ingresses: 0 }]);
  });

  it('reports unknown kinds once as skipped, not as an error', async () => {
    const text = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: a}\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: b}\n';
    const r = await runCli(['validate', '-f', '-', '-o', 'json'], text);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('warning: skipped 2 Widget objects (example.com/v1): podnet does not read this kind\n');
    expect(JSON.parse(r.stdout).skipped).toEqual([{ apiVersion: 'example.com/v1', kind: 'Widget', count: 2 }]);
  });
});

describe('podnet validate: every not-ok fixture fails with its own message', () => {
  const files = readdirSync(notOk).filter((f) => f.endsWith('.yaml'));

  it('has an expectation for every fixture', () => {
    expect(Object.keys(expected.cases).sort()).toEqual(files.sort());
  });

  it.each(files)('%s', async (file) => {
    const want = expected.cases[file]!;
    const path = join(notOk, file);
    const r = await runCli(['validate', '-f', path]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${path}:${want.line}: ${want.path}: `);
    expect(r.stderr).toContain(want.message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // never a stack trace
  });
});

describe('podnet CLI conventions', () => {
  it('exits 2 for a missing file, naming it', async () => {
    const r = await runCli(['validate', '-f', '/nonexistent/design.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: /nonexistent/design.yaml: cannot read: no such file\n');
  });

  it('exits 2 for an unknown output format', async () => {
    const r = await runCli(['validate', '-f', join(root, 'examples/onprem-calico/design.yaml'), '-o', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown output format "xml"');
  });

  it('exits 2 for an unknown command', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).toBe(2);
  });

  it('prints help with exit 0', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('validate');
    expect(r.stdout).toContain('schema');
  });
});
