import { loadInputs } from '@podnet/contracts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleFiles } from './bundle';
import { loadFiles } from './inputs';
import type { CliIo } from './io';

const io: CliIo = { stdout: () => undefined, stderr: () => undefined, readFile: (p) => readFileSync(p, 'utf8'), isTTY: false, env: {} };

describe('bundleFiles (what `podnet push` submits)', () => {
  it('inlines a design\'s workloads file references so the service reads the same inputs without the files', () => {
    const files = ['examples/eks-vpc-cni/design.yaml'];
    const original = loadFiles(io, files);
    const bundle = bundleFiles(io, files);
    expect(bundle).not.toMatch(/^\s*- file:/m);
    // loadInputs without a file resolver (as the service reads a version) sees the same cluster.
    const served = loadInputs([{ name: '<content>', text: bundle }]);
    const names = (inv: typeof served) => ({ pods: inv.pods.map((p) => `${p.namespace}/${p.name}`), services: inv.services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`), design: inv.design.metadata.name });
    expect(names(served)).toEqual(names(original));
    expect(original.pods.length).toBeGreaterThan(10);
  });

  it('keeps several files and their comments, one document each', () => {
    const files = ['examples/onprem-calico/design.yaml'];
    const bundle = bundleFiles(io, files);
    expect(bundle.split(/^---$/m).length).toBeGreaterThanOrEqual(1);
    expect(bundle).toContain('#');
    expect(loadInputs([{ name: '<content>', text: bundle }]).design.metadata.name).toBe(loadFiles(io, files).design.metadata.name);
  });
});
