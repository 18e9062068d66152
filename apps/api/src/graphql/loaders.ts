import DataLoader from 'dataloader';
import type { DesignRecord, DesignVersionRecord, Page, Principal, RunRecord } from '@podnet/contracts';
import type { Database } from '@podnet/db';

/** Per-request batch loaders (one query per kind of object per tick, against N+1). */
export class Loaders {
  readonly design: DataLoader<string, DesignRecord | null>;
  readonly version: DataLoader<string, DesignVersionRecord | null>;
  readonly runsOfVersion: DataLoader<string, RunRecord[]>;
  private readonly versionPages = new Map<number, DataLoader<string, Page<DesignVersionRecord>>>();

  constructor(
    private readonly db: Database,
    private readonly principal: Principal,
  ) {
    const team = principal.teamId;
    this.design = new DataLoader((ids) => db.designs.getMany(team, ids));
    this.version = new DataLoader((ids) => db.versions.getMany(team, ids));
    this.runsOfVersion = new DataLoader((ids) => db.runs.listForVersions(team, ids));
  }

  /** First pages of designs' versions, batched per page size. */
  versionsFirstPage(first: number): DataLoader<string, Page<DesignVersionRecord>> {
    let loader = this.versionPages.get(first);
    if (!loader) {
      loader = new DataLoader((ids) => this.db.versions.firstPages(this.principal.teamId, ids, first));
      this.versionPages.set(first, loader);
    }
    return loader;
  }
}

/** The GraphQL context: the request (REST-like auth) and lazily built loaders. */
export interface GqlContext {
  req?: { principal?: Principal; headers?: Record<string, string | string[] | undefined>; id?: string };
  principal?: Principal;
  loaders?: Loaders;
}

export function loadersOf(ctx: GqlContext, db: Database, principal: Principal): Loaders {
  ctx.loaders ??= new Loaders(db, principal);
  return ctx.loaders;
}
