import { z } from 'zod';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelName = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Why a label key is invalid (Kubernetes' qualified-name rules), or null. */
export function labelKeyProblem(key: string): string | null {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !dns1123Subdomain.test(prefix))) {
    return 'label key prefix must be a DNS subdomain (lowercase letters, digits, "-" and ".")';
  }
  if (name.length === 0 || name.length > 63 || !labelName.test(name)) {
    return 'label key name must be 1-63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  }
  return null;
}

/** Why a label value is invalid, or null. */
export function labelValueProblem(value: string): string | null {
  if (value === '') return null;
  if (value.length > 63 || !labelName.test(value)) {
    return 'label value must be empty or 1-63 characters of letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
  }
  return null;
}

export const LabelsSchema = z.record(z.string(), z.string()).superRefine((labels, ctx) => {
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) ctx.addIssue({ code: 'custom', path: [key], message: keyProblem, input: key });
    const valueProblem = labelValueProblem(value);
    if (valueProblem) ctx.addIssue({ code: 'custom', path: [key], message: valueProblem, input: value });
  }
});

export const NameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(253, 'must be at most 253 characters')
  .regex(dns1123Subdomain, 'must be a DNS-1123 subdomain: lowercase letters, digits, "-" and "."');

export const DnsLabelSchema = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(dns1123Label, 'must be a DNS-1123 label: lowercase letters, digits and "-"');

export const OwnerReferenceSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string(),
  name: z.string(),
  uid: z.string().optional(),
  controller: z.boolean().optional(),
});
export type OwnerReference = z.infer<typeof OwnerReferenceSchema>;

export const ObjectMetaSchema = z.looseObject({
  name: NameSchema.optional(),
  generateName: z.string().optional(),
  namespace: DnsLabelSchema.optional(),
  labels: LabelsSchema.optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  ownerReferences: z.array(OwnerReferenceSchema).optional(),
  uid: z.string().optional(),
  creationTimestamp: z.string().nullable().optional(),
  deletionTimestamp: z.string().nullable().optional(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

export const LabelSelectorOperator = z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist'], {
  error: (issue) => `operator must be one of In, NotIn, Exists, DoesNotExist (got ${JSON.stringify(issue.input)})`,
});

export const LabelSelectorRequirementSchema = z
  .looseObject({
    key: z.string(),
    operator: LabelSelectorOperator,
    values: z.array(z.string()).nullable().optional(),
  })
  .superRefine((req, ctx) => {
    const keyProblem = labelKeyProblem(req.key);
    if (keyProblem) ctx.addIssue({ code: 'custom', path: ['key'], message: keyProblem, input: req.key });
    const count = req.values?.length ?? 0;
    if ((req.operator === 'In' || req.operator === 'NotIn') && count === 0) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `values must be non-empty when operator is ${req.operator}`, input: req.values });
    }
    if ((req.operator === 'Exists' || req.operator === 'DoesNotExist') && count > 0) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: `values must be empty when operator is ${req.operator}`, input: req.values });
    }
  });
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirementSchema>;

/** metav1.LabelSelector: matchLabels AND matchExpressions; `{}` selects everything. */
export const LabelSelectorSchema = z.looseObject({
  matchLabels: LabelsSchema.nullable().optional(),
  matchExpressions: z.array(LabelSelectorRequirementSchema).nullable().optional(),
});
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

export const PortNumberSchema = z
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(1, 'port must be between 1 and 65535')
  .max(65535, 'port must be between 1 and 65535');

export const ProtocolSchema = z.enum(['TCP', 'UDP', 'SCTP'], {
  error: (issue) => `protocol must be TCP, UDP or SCTP (got ${JSON.stringify(issue.input)})`,
});
export type Protocol = z.infer<typeof ProtocolSchema>;

const ianaSvcName = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** A named port: an IANA service name (1-15 lowercase characters, at least one letter, no "--"). */
export const PortNameSchema = z
  .string()
  .max(15, 'port name must be at most 15 characters')
  .regex(ianaSvcName, 'port name must be lowercase letters, digits and "-", with at least one letter')
  .refine((s) => !s.includes('--'), 'port name must not contain "--"');

/** intstr.IntOrString for ports: a number 1-65535 or a named port. */
export const IntOrPortNameSchema = z.union([PortNumberSchema, PortNameSchema]);

/** Common shape of any Kubernetes object: apiVersion, kind, metadata. */
export const KubeObjectSchema = z.looseObject({
  apiVersion: z.string({ error: 'apiVersion is required' }),
  kind: z.string({ error: 'kind is required' }),
  metadata: ObjectMetaSchema.optional(),
});
export type KubeObject = z.infer<typeof KubeObjectSchema>;

/** Builds the schema of a namespaced or cluster-scoped object whose metadata.name is required. */
export function kubeObject<T extends z.ZodRawShape>(kind: string, shape: T) {
  return z.looseObject({
    apiVersion: z.string(),
    kind: z.literal(kind),
    metadata: ObjectMetaSchema.extend({ name: NameSchema }),
    ...shape,
  });
}
