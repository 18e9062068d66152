import { describe, expect, it } from 'vitest';
import { compileSelector, formatSelector } from './selector';

// Kubernetes docs "Labels and Selectors": matchLabels and matchExpressions are ANDed; NotIn and DoesNotExist
// match objects without the key; {} matches everything.
describe('compileSelector', () => {
  it('implements In, NotIn, Exists, DoesNotExist and the empty selector', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(compileSelector({})(labels)).toBe(true);
    expect(compileSelector(undefined)({})).toBe(true);
    expect(compileSelector({ matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] })(labels)).toBe(true);
    expect(compileSelector({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] })(labels)).toBe(true);
    expect(compileSelector({ matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] })(labels)).toBe(false);
    expect(compileSelector({ matchExpressions: [{ key: 'tier', operator: 'Exists' }] })(labels)).toBe(true);
    expect(compileSelector({ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] })(labels)).toBe(false);
    expect(compileSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] })(labels)).toBe(false);
  });
  it('formats like kubectl', () => {
    expect(formatSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['a', 'b'] }] })).toBe('app=web,env notin (a,b)');
    expect(formatSelector({})).toBe('{}');
  });
});
