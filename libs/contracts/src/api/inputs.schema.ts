import { z } from 'zod';
import { ApiKeyScopeSchema, RunKindSchema } from './enums.schema';

/** Largest design content accepted (bytes of text); larger submissions get 413. */
export const MAX_DESIGN_CONTENT_BYTES = 8 * 1024 * 1024;

const name = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'at most 100 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._ -]*$/, 'letters, digits, ".", "_", "-" and spaces, starting with a letter or digit');

export const CreateDesignInputSchema = z.strictObject({
  name,
  description: z.string().max(2000, 'at most 2000 characters').nullish(),
});
export type CreateDesignInput = z.infer<typeof CreateDesignInputSchema>;

export const SubmitDesignVersionInputSchema = z.strictObject({
  designId: z.uuid('must be a design id'),
  /** The ClusterDesign plus manifests, as YAML (multi-document) or JSON text. */
  content: z.string().min(1, 'must not be empty'),
});
export type SubmitDesignVersionInput = z.infer<typeof SubmitDesignVersionInputSchema>;

export const RunParamsSchema = z.record(z.string(), z.unknown());
export type RunParams = z.infer<typeof RunParamsSchema>;

export const RequestRunInputSchema = z.strictObject({
  versionId: z.uuid('must be a design version id'),
  kind: RunKindSchema,
  params: RunParamsSchema.nullish(),
});
export type RequestRunInput = z.infer<typeof RequestRunInputSchema>;

export const CreateApiKeyInputSchema = z.strictObject({
  team: name,
  scope: ApiKeyScopeSchema,
});
export type CreateApiKeyInput = z.infer<typeof CreateApiKeyInputSchema>;

export const PageArgsSchema = z.strictObject({
  first: z.number().int().min(1).max(100).default(20),
  after: z.string().max(200).nullish(),
});
export type PageArgs = z.infer<typeof PageArgsSchema>;

/** `podnet max-pods` asked inline (GraphQL `maxPods`, `GET /v1/max-pods`): flags named as the CLI's. */
export const MaxPodsQuerySchema = z.strictObject({
  instanceTypes: z.array(z.string().min(1).max(64)).min(1, 'give 1 to 100 instance types').max(100, 'give 1 to 100 instance types'),
  customNetworking: z.boolean().nullish(),
  prefixDelegation: z.boolean().nullish(),
  securityGroupsForPods: z.boolean().nullish(),
  /** `none` (default), `auto` (the EKS AMI's 110/250) or a positive number, as `podnet max-pods --max-pods-cap`. */
  maxPodsCap: z.union([z.literal('none'), z.literal('auto'), z.string().regex(/^[1-9]\d{0,3}$/, 'none, auto or a positive number')]).nullish(),
  reservedEnis: z.number().int().min(0).max(15).nullish(),
});
export type MaxPodsQuery = z.infer<typeof MaxPodsQuerySchema>;

/** Two versions of the team to compare (a DIFF run of `from` against `to`). */
export const CompareVersionsInputSchema = z.strictObject({
  from: z.uuid('must be a design version id'),
  to: z.uuid('must be a design version id'),
});
export type CompareVersionsInput = z.infer<typeof CompareVersionsInputSchema>;
