import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import { canonicalJson, TERMINAL_RUN_STATUSES, type RunStatus } from '@podnet/contracts';
import { Kind, parse, type DocumentNode } from 'graphql';
import { ApiKeyService } from '../auth/api-key.service';
import { RateLimiter } from '../auth/rate-limiter';
import type { HttpRequest, HttpResponse, NextFunction } from '../common/http.types';
import { API_CONFIG, type ApiConfig } from '../config/config.schema';

/** Run fields that never change once the run is finished (no links to mutable objects). */
const IMMUTABLE_RUN_FIELDS = new Set(['__typename', 'id', 'versionId', 'kind', 'params', 'status', 'progress', 'result', 'error', 'attempts', 'createdAt', 'startedAt', 'finishedAt', 'code', 'message', 'path']);
const MAX_ENTRIES = 10_000;
const MAX_QUERY = 4_000;

/** True for `query { run(id: ...) { <immutable fields> } }`: one root field, no fragments or directives. */
export function isCacheableRunRead(doc: DocumentNode): boolean {
  if (doc.definitions.length !== 1) return false;
  const op = doc.definitions[0];
  if (op?.kind !== Kind.OPERATION_DEFINITION || op.operation !== 'query' || op.directives?.length) return false;
  const [root, ...rest] = op.selectionSet.selections;
  if (!root || rest.length > 0 || root.kind !== Kind.FIELD || root.name.value !== 'run' || root.directives?.length) return false;
  const fieldsOk = (set: typeof root.selectionSet): boolean =>
    (set?.selections ?? []).every((s) => s.kind === Kind.FIELD && !s.directives?.length && IMMUTABLE_RUN_FIELDS.has(s.name.value) && (s.selectionSet ? s.name.value === 'error' && fieldsOk(s.selectionSet) : true));
  return fieldsOk(root.selectionSet);
}

/**
 * Finished runs never change, so the GraphQL answer to a `run(id)` read of a finished run is kept (per team,
 * query text and variables) and replayed without going through Apollo. Authentication and the rate limit
 * still apply to every request; anything else (or a miss) goes the normal way.
 */
@Injectable()
export class RunReadCacheMiddleware implements NestMiddleware {
  private readonly shapes = new Map<string, boolean>();
  private readonly answers = new Map<string, string>();

  constructor(
    private readonly keys: ApiKeyService,
    private readonly limiter: RateLimiter,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  async use(req: HttpRequest & { principal?: { teamId: string; keyId: string } }, res: HttpResponse, next: NextFunction): Promise<void> {
    const body = req.body as { query?: unknown; variables?: unknown; operationName?: unknown } | undefined;
    if (!this.config.graphql.readCache || req.method !== 'POST' || typeof body?.query !== 'string' || body.query.length > MAX_QUERY || !this.cacheable(body.query)) return next();
    const header = req.headers['authorization'];
    let principal;
    try {
      principal = await this.keys.authenticate(typeof header === 'string' ? header : undefined);
    } catch {
      return next(); // the guard answers UNAUTHENTICATED the usual way
    }
    const key = `${principal.teamId}\n${body.query}\n${canonicalJson(body.variables ?? {})}\n${String(body.operationName ?? '')}`;
    const hit = this.answers.get(key);
    if (hit !== undefined) {
      if (!this.limiter.take(principal.keyId)) return next(); // the guard answers RATE_LIMITED
      req.principal = principal;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(hit);
      return;
    }
    this.capture(res, key);
    next();
  }

  private cacheable(query: string): boolean {
    let ok = this.shapes.get(query);
    if (ok === undefined) {
      try {
        ok = isCacheableRunRead(parse(query));
      } catch {
        ok = false;
      }
      if (this.shapes.size >= MAX_ENTRIES) this.shapes.clear();
      this.shapes.set(query, ok);
    }
    return ok;
  }

  /** Keeps Apollo's answer when it is a finished run without errors. */
  private capture(res: HttpResponse, key: string): void {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...a: unknown[]) => boolean;
    const end = res.end.bind(res) as (...a: unknown[]) => HttpResponse;
    const keep = (chunk: unknown) => {
      if (typeof chunk === 'string') chunks.push(Buffer.from(chunk));
      else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
    };
    (res as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return write(chunk, ...rest);
    };
    (res as { end: unknown }).end = (chunk?: unknown, ...rest: unknown[]) => {
      if (chunk !== undefined && typeof chunk !== 'function') keep(chunk);
      if (res.statusCode === 200) this.store(key, Buffer.concat(chunks).toString('utf8'));
      return end(chunk, ...rest);
    };
  }

  private store(key: string, text: string): void {
    try {
      const parsed = JSON.parse(text) as { data?: { run?: { status?: RunStatus } | null }; errors?: unknown };
      const status = parsed.data?.run?.status;
      if (parsed.errors || !status || !TERMINAL_RUN_STATUSES.includes(status)) return;
      if (this.answers.size >= MAX_ENTRIES) this.answers.delete(this.answers.keys().next().value as string);
      this.answers.set(key, text);
    } catch {
      // not JSON: not cached
    }
  }
}
