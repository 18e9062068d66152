import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { queryLimitsRule } from './limits.rule';

const schema = buildSchema(`
  type Design { id: ID! versions(first: Int): [Version!]! }
  type Version { id: ID! design: Design! }
  type Query { designs(first: Int): [Design!]! }
`);

const check = (query: string, depth: number, cost: number) => validate(schema, parse(query), [queryLimitsRule(depth, cost)]).map((e) => e.message);

describe('queryLimitsRule', () => {
  it('accepts a shallow cheap query', () => {
    expect(check('{ designs(first: 5) { id } }', 4, 100)).toEqual([]);
  });

  it('refuses depth beyond the limit, also through fragments', () => {
    const q = '{ designs { versions { design { versions { ...F } } } } } fragment F on Version { design { id } }';
    expect(check(q, 4, 1e9)).toEqual(['query depth 6 exceeds the limit of 4']);
  });

  it('multiplies cost by page sizes', () => {
    // 1 (designs) + 100 * (1 (id) + 1 (versions) + 100 * 1 (id)) = 10201
    expect(check('{ designs(first: 100) { id versions(first: 100) { id } } }', 10, 10_000)).toEqual(['query cost 10201 exceeds the limit of 10000']);
  });
});
