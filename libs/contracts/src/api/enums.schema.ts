import { z } from 'zod';

/** The kinds of work a run does; each maps to one `podnet` CLI command and one queue. */
export const RUN_KINDS = ['CAPACITY', 'TRACE', 'REACH', 'DIFF', 'CHECK', 'RECONCILE'] as const;
export const RunKindSchema = z.enum(RUN_KINDS);
export type RunKind = z.infer<typeof RunKindSchema>;

export const RUN_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** A run in one of these states never changes again. */
export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export const API_KEY_SCOPES = ['READ', 'WRITE', 'ADMIN'] as const;
export const ApiKeyScopeSchema = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScopeSchema>;

export const VERSION_SOURCES = ['API', 'WEBHOOK', 'CLI'] as const;
export type VersionSource = (typeof VERSION_SOURCES)[number];

/** True when a key of scope `held` may do what needs `needed` (admin > write > read). */
export function scopeAllows(held: ApiKeyScope, needed: ApiKeyScope): boolean {
  return API_KEY_SCOPES.indexOf(held) >= API_KEY_SCOPES.indexOf(needed);
}
