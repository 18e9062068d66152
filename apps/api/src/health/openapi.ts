/** Filled at boot (main.ts) with the OpenAPI document built from the controllers. */
export const OPENAPI_DOCUMENT = Symbol('OPENAPI_DOCUMENT');
export interface OpenApiHolder {
  document: object;
}
