import { describe, expect, it } from 'vitest';
import { computeMaxPods, defaultCatalogue, maxPodsTable } from '../../src';
import { readConformance } from '../support/conformance';

// Answer key: aws/amazon-vpc-cni-k8s misc/eni-max-pods.txt @ 6152e01c (test/conformance/eni-max-pods.json).
interface EniMaxPods {
  count: number;
  maxPods: Record<string, number>;
}

const corpus = readConformance<EniMaxPods>('eni-max-pods.json');

describe('eni-max-pods.txt conformance (standard mode, no cap)', () => {
  it('covers every catalogue type and nothing else', () => {
    expect(Object.keys(corpus.maxPods).length).toBe(corpus.count);
    expect(
      defaultCatalogue()
        .instanceTypes.map((t) => t.instanceType)
        .sort(),
    ).toEqual(Object.keys(corpus.maxPods).sort());
  });

  it('matches all 1,391 published values', () => {
    const mismatches = Object.entries(corpus.maxPods).filter(
      ([type, expected]) => computeMaxPods(defaultCatalogue().get(type)).maxPods !== expected,
    );
    expect(mismatches).toEqual([]);
  });

  it('gives the same table through maxPodsTable (no flags = the published semantics)', () => {
    expect(maxPodsTable()).toEqual(corpus.maxPods);
  });
});
