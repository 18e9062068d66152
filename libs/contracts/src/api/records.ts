import type { JsonPath } from '../errors/errors';
import type { ApiKeyScope, RunKind, RunStatus, VersionSource } from './enums.schema';

// What the data layer returns and the API serves: plain data, no ORM types.

export interface TeamRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export interface ApiKeyRecord {
  id: string;
  teamId: string;
  prefix: string;
  scope: ApiKeyScope;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** The caller behind a valid API key. */
export interface Principal {
  keyId: string;
  teamId: string;
  teamName: string;
  scope: ApiKeyScope;
}

export interface DesignRecord {
  id: string;
  teamId: string;
  name: string;
  description: string | null;
  versionCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Counts of what the loader read from a version's content. */
export interface DesignSummary {
  hasDesign: boolean;
  nodes: number;
  pods: number;
  workloads: number;
  services: number;
  networkPolicies: number;
  warnings: string[];
}

export interface DesignVersionRecord {
  id: string;
  designId: string;
  teamId: string;
  number: number;
  contentHash: string;
  summary: DesignSummary;
  parentId: string | null;
  authorKeyId: string | null;
  source: VersionSource;
  createdAt: Date;
}

export interface RunErrorRecord {
  code: string;
  message: string;
  path: JsonPath | null;
}

export interface RunRecord {
  id: string;
  teamId: string;
  versionId: string;
  kind: RunKind;
  params: Record<string, unknown>;
  paramsHash: string;
  jobId: string;
  status: RunStatus;
  progress: number;
  result: unknown;
  error: RunErrorRecord | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

/** One page of a cursor connection. */
export interface Page<T> {
  items: T[];
  /** The cursor of each item (pass one as `after` to continue after it). */
  cursors: string[];
  endCursor: string | null;
  hasNextPage: boolean;
}
