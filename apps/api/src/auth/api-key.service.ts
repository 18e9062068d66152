import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@podnet/db';
import type { ApiKeyScope, Principal } from '@podnet/contracts';
import { ServiceError } from '../errors/service-error';
import { API_CONFIG, type ApiConfig } from '../config/config.schema';
import { AppLogger } from '../observability/logger';

const CACHE_MS = 5_000;
const TOUCH_EVERY_MS = 60_000;

/** SHA-256 of a key: keys are 192-bit random, so a fast hash is enough (no password stretching needed). */
export function hashKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Bearer API keys: issue, verify (with a short cache), bootstrap the first admin key. */
@Injectable()
export class ApiKeyService {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly db: Database,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly logger: AppLogger,
  ) {}

  /** On an empty database, creates an admin key for team `default` with PODNET_BOOTSTRAP_ADMIN_KEY. */
  async bootstrap(): Promise<void> {
    const secret = this.config.bootstrapAdminKey;
    if (!secret || (await this.db.apiKeys.count()) > 0) return;
    const team = await this.db.teams.ensure('default');
    const key = await this.db.apiKeys.create({ teamId: team.id, scope: 'ADMIN', hash: hashKey(secret), prefix: secret.slice(0, 6) });
    await this.db.audit.record({ teamId: team.id, actorKeyId: null, action: 'apikey.bootstrap', targetType: 'ApiKey', targetId: key.id });
    this.logger.info({ team: 'default', keyId: key.id }, 'created the bootstrap admin key');
  }

  /** The principal of an `Authorization: Bearer <key>` header; UNAUTHENTICATED otherwise. */
  async authenticate(header: string | undefined): Promise<Principal> {
    const match = /^Bearer\s+(\S{16,200})$/i.exec(header ?? '');
    if (!match?.[1]) throw new ServiceError('UNAUTHENTICATED', 'an API key is required: Authorization: Bearer <key>');
    const hash = hashKey(match[1]);
    const now = Date.now();
    const cached = this.cache.get(hash);
    let principal: Principal | null;
    if (cached && cached.until > now) principal = cached.principal;
    else {
      principal = await this.db.apiKeys.principalByHash(hash);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(hash, { principal, until: now + (principal ? CACHE_MS : 1_000) });
    }
    if (!principal) throw new ServiceError('UNAUTHENTICATED', 'unknown or revoked API key');
    if ((this.touched.get(principal.keyId) ?? 0) + TOUCH_EVERY_MS < now) {
      this.touched.set(principal.keyId, now);
      void this.db.apiKeys.touch(principal.keyId, new Date(now)).catch(() => undefined);
    }
    return principal;
  }

  /** Issues a key for a team (created when new). The secret is returned once and never stored. */
  async create(actor: Principal, teamName: string, scope: ApiKeyScope): Promise<{ id: string; key: string; team: string; scope: ApiKeyScope; prefix: string; createdAt: Date }> {
    const team = await this.db.teams.ensure(teamName);
    const secret = `pn_${randomBytes(24).toString('base64url')}`;
    const record = await this.db.apiKeys.create({ teamId: team.id, scope, hash: hashKey(secret), prefix: secret.slice(0, 10) });
    await this.db.audit.record({ teamId: team.id, actorKeyId: actor.keyId, action: 'apikey.create', targetType: 'ApiKey', targetId: record.id, detail: { scope, by: actor.teamName } });
    return { id: record.id, key: secret, team: team.name, scope, prefix: record.prefix, createdAt: record.createdAt };
  }

  async revoke(actor: Principal, id: string): Promise<boolean> {
    const done = await this.db.apiKeys.revoke(actor.teamId, id);
    if (done) {
      this.cache.clear();
      await this.db.audit.record({ teamId: actor.teamId, actorKeyId: actor.keyId, action: 'apikey.revoke', targetType: 'ApiKey', targetId: id });
    }
    return done;
  }
}
