import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isCacheableRunRead } from './read-cache.middleware';

describe('isCacheableRunRead', () => {
  it('accepts a run(id) read of immutable fields', () => {
    expect(isCacheableRunRead(parse('query($id: ID!) { run(id: $id) { id status progress result error { code message path } } }'))).toBe(true);
  });

  it('refuses links to mutable objects, other root fields, fragments, mutations and directives', () => {
    for (const q of [
      '{ run(id: "x") { id version { number } } }',
      '{ run(id: "x") { id } designs { nodes { id } } }',
      '{ run(id: "x") { ...F } } fragment F on Run { id }',
      'mutation { cancelRun(id: "x") { id } }',
      '{ run(id: "x") @include(if: true) { id } }',
      '{ designs { nodes { id } } }',
    ]) expect(isCacheableRunRead(parse(q))).toBe(false);
  });
});
