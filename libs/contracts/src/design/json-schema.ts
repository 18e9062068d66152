import { z } from 'zod';
import { ClusterDesignSchema } from './cluster-design.schema';

/**
 * The ClusterDesign as JSON Schema (draft 2020-12), for editors and pipelines (`podnet schema`).
 *
 * @example
 * designJsonSchema().title // => 'ClusterDesign'
 */
export function designJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ClusterDesignSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://podnet.dev/schemas/v1alpha1/cluster-design.json', title: 'ClusterDesign' };
}
