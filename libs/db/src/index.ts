export { Database } from './database';
export type { DatabaseOptions } from './connection/open-database';
export { applyMigrations, type SqlSession } from './connection/migrate';
export { DataDirInUseError } from './connection/data-dir-lock';
export type { ApiKeyListing, AuditActor, NewApiKey } from './repositories/api-keys.repository';
export type { AuditEntry, AuditRecord } from './repositories/audit.repository';
export type { IdempotencyClaim } from './repositories/idempotency.repository';
export type { NewRun } from './repositories/runs.repository';
export type { NewVersion } from './repositories/versions.repository';
