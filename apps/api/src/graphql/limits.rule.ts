import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/** Default page size assumed for list fields without `first` when estimating cost. */
const DEFAULT_LIST = 20;

interface Measure {
  depth: number;
  cost: number;
}

function measure(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>, vars: Record<string, unknown>): Measure {
  if (!set) return { depth: 0, cost: 0 };
  let depth = 0;
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      const inner = measure(sel.selectionSet, fragments, seen, vars);
      const firstArg = sel.arguments?.find((a) => a.name.value === 'first');
      let multiplier = 1;
      if (firstArg) {
        const v = firstArg.value;
        multiplier = v.kind === Kind.INT ? Number(v.value) : v.kind === Kind.VARIABLE ? Number(vars[v.name.value] ?? DEFAULT_LIST) : DEFAULT_LIST;
      } else if (/^(designs|versions|runs)$/.test(sel.name.value)) multiplier = DEFAULT_LIST; // connection wrappers (nodes, edges) do not multiply again
      depth = Math.max(depth, 1 + inner.depth);
      cost += 1 + Math.max(1, multiplier) * inner.cost;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const inner = measure(sel.selectionSet, fragments, seen, vars);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    } else {
      const name = sel.name.value;
      if (seen.has(name)) continue; // cycles are reported by graphql's own rule
      const fragment = fragments[name];
      const inner = measure(fragment?.selectionSet, fragments, new Set([...seen, name]), vars);
      depth = Math.max(depth, inner.depth);
      cost += inner.cost;
    }
  }
  return { depth, cost };
}

/** Refuses operations nested deeper than `maxDepth` or costing more than `maxCost` (fields x page sizes). */
export function queryLimitsRule(maxDepth: number, maxCost: number) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(doc) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of doc.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      for (const def of doc.definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION) continue;
        const { depth, cost } = measure(def.selectionSet, fragments, new Set(), {});
        if (depth > maxDepth) {
          context.reportError(new GraphQLError(`query depth ${depth} exceeds the limit of ${maxDepth}`, { nodes: [def], extensions: { code: 'BAD_USER_INPUT' } }));
        }
        if (cost > maxCost) {
          context.reportError(new GraphQLError(`query cost ${cost} exceeds the limit of ${maxCost}`, { nodes: [def], extensions: { code: 'BAD_USER_INPUT' } }));
        }
      }
    },
  });
}
