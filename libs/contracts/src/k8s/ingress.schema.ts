import { z } from 'zod';
import { kubeObject, PortNameSchema, PortNumberSchema } from './meta.schema';

export const IngressBackendSchema = z.looseObject({
  service: z
    .looseObject({
      name: z.string(),
      port: z.looseObject({ number: PortNumberSchema.optional(), name: PortNameSchema.optional() }).optional(),
    })
    .optional(),
  resource: z.looseObject({ apiGroup: z.string().optional(), kind: z.string(), name: z.string() }).optional(),
});
export type IngressBackend = z.infer<typeof IngressBackendSchema>;

export const IngressSchema = kubeObject('Ingress', {
  spec: z.looseObject({
    ingressClassName: z.string().optional(),
    defaultBackend: IngressBackendSchema.optional(),
    tls: z.array(z.looseObject({ hosts: z.array(z.string()).optional(), secretName: z.string().optional() })).optional(),
    rules: z
      .array(
        z.looseObject({
          host: z.string().optional(),
          http: z
            .looseObject({
              paths: z.array(
                z.looseObject({
                  path: z.string().optional(),
                  pathType: z.enum(['Exact', 'Prefix', 'ImplementationSpecific'], {
                    error: (issue) => `pathType must be Exact, Prefix or ImplementationSpecific (got ${JSON.stringify(issue.input)})`,
                  }),
                  backend: IngressBackendSchema,
                }),
              ),
            })
            .optional(),
        }),
      )
      .optional(),
  }).default({}),
});
export type Ingress = z.infer<typeof IngressSchema>;

export const IngressClassSchema = kubeObject('IngressClass', {
  spec: z.looseObject({ controller: z.string().optional() }).optional(),
});
export type IngressClass = z.infer<typeof IngressClassSchema>;

export const GatewayClassSchema = kubeObject('GatewayClass', {
  spec: z.looseObject({ controllerName: z.string() }),
});
export type GatewayClass = z.infer<typeof GatewayClassSchema>;

export const GatewaySchema = kubeObject('Gateway', {
  spec: z.looseObject({
    gatewayClassName: z.string(),
    listeners: z.array(
      z.looseObject({
        name: z.string(),
        hostname: z.string().optional(),
        port: PortNumberSchema,
        protocol: z.string(),
        allowedRoutes: z.looseObject({}).optional(),
      }),
    ),
  }),
});
export type Gateway = z.infer<typeof GatewaySchema>;

export const HTTPRouteMatchSchema = z.looseObject({
  path: z.looseObject({ type: z.enum(['Exact', 'PathPrefix', 'RegularExpression']).default('PathPrefix'), value: z.string().default('/') }).optional(),
  headers: z.array(z.looseObject({ type: z.enum(['Exact', 'RegularExpression']).default('Exact'), name: z.string(), value: z.string() })).optional(),
  queryParams: z.array(z.looseObject({ type: z.enum(['Exact', 'RegularExpression']).default('Exact'), name: z.string(), value: z.string() })).optional(),
  method: z.string().optional(),
});
export type HTTPRouteMatch = z.infer<typeof HTTPRouteMatchSchema>;

export const HTTPRouteSchema = kubeObject('HTTPRoute', {
  spec: z.looseObject({
    parentRefs: z.array(z.looseObject({ name: z.string(), namespace: z.string().optional(), sectionName: z.string().optional(), port: PortNumberSchema.optional() })).optional(),
    hostnames: z.array(z.string()).optional(),
    rules: z
      .array(
        z.looseObject({
          matches: z.array(HTTPRouteMatchSchema).optional(),
          backendRefs: z
            .array(z.looseObject({ name: z.string(), namespace: z.string().optional(), port: PortNumberSchema.optional(), weight: z.number().int().min(0).optional(), kind: z.string().optional() }))
            .optional(),
        }),
      )
      .optional(),
  }),
});
export type HTTPRoute = z.infer<typeof HTTPRouteSchema>;
