import { describe, expect, it } from 'vitest';
import { defaultCatalogue, getInstanceType } from './catalogue';
import { checkDesignInstanceTypes } from './check-design';
import { UnknownInstanceTypeError } from './unknown-instance-type.error';

describe('catalogue', () => {
  it('bundles the 1,391 types of ec2-eni-limits.json with provenance', () => {
    expect(defaultCatalogue().instanceTypes).toHaveLength(1391);
    expect(JSON.stringify(defaultCatalogue().source)).toContain(
      'b52188387f2e2f10bf289ace929d6a63b176a4fa',
    );
  });

  it('reads the default card only (shared/data/README.md: p5.48xlarge maxEnis 2, instance total 64)', () => {
    const p5 = getInstanceType('p5.48xlarge');
    expect(p5.maxEnis).toBe(2);
    expect(p5.networkCards.reduce((n, c) => n + c.maxEnis, 0)).toBe(64);
  });

  it('fails on unknown types with a typed error naming the nearest known types', () => {
    try {
      getInstanceType('m5.larg');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UnknownInstanceTypeError);
      expect((error as UnknownInstanceTypeError).code).toBe('UNKNOWN_INSTANCE_TYPE');
      expect((error as UnknownInstanceTypeError).suggestions[0]).toBe('m5.large');
    }
  });

  it('suggests the same family first at equal distance', () => {
    expect(defaultCatalogue().suggest('m6i.larges', 2)).toEqual(['m6i.large', 'm6i.xlarge']);
  });

  it('reports every unknown node group and node type with its path', () => {
    const design = {
      nodeGroups: [{ instanceType: 'm5.large' }, { instanceType: 'm5.larg' }],
      nodes: [{ instanceType: 'c9.huge' }, {}],
    };
    const issues = checkDesignInstanceTypes(design);
    expect(issues.map((i) => i.path)).toEqual([
      ['nodeGroups', 1, 'instanceType'],
      ['nodes', 0, 'instanceType'],
    ]);
    expect(issues[0]?.message).toContain('m5.large');
    expect(design.nodeGroups).toHaveLength(2);
  });
});
