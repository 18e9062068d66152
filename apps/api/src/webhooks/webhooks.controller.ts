import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Principal } from '@podnet/contracts';
import { Database } from '@podnet/db';
import type { HttpRequest as Request } from '../common/http.types';
import { CurrentPrincipal, Public, RequireScope } from '../auth/decorators';
import { RateLimiter } from '../auth/rate-limiter';
import { isUuid } from '../common/parse-input';
import { DesignsService } from '../designs/designs.service';
import { notFound, ServiceError } from '../errors/service-error';

const TOLERANCE_S = 300;

/** True when `signature` is `sha256=<hex HMAC of "<timestamp>.<body>">`; compared in constant time. */
export function verifySignature(secret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`, 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // Compare equal-length buffers only; a length mismatch is still checked against itself to keep timing flat.
  const same = given.length === expected.length;
  return timingSafeEqual(same ? given : expected, expected) && same;
}

/**
 * Webhook submissions (e.g. from CI on every push): signed with the design's secret instead of an API key.
 * Headers: `X-Podnet-Timestamp` (unix seconds, within 5 minutes) and `X-Podnet-Signature: sha256=<hex>`.
 */
@ApiTags('webhooks')
@Controller('v1')
export class WebhooksController {
  constructor(
    private readonly db: Database,
    private readonly designs: DesignsService,
    private readonly limiter: RateLimiter,
  ) {}

  /** Sets (or rotates) a design's webhook secret; the answer is the only time it is shown. */
  @Post('designs/:id/webhook-secret')
  @RequireScope('WRITE')
  async rotate(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    if (!isUuid(id) || !(await this.db.designs.setWebhookSecret(p.teamId, id, secret))) throw notFound('design', id);
    await this.db.audit.record({ teamId: p.teamId, actorKeyId: p.keyId, action: 'design.webhook-secret', targetType: 'Design', targetId: id });
    return { designId: id, secret };
  }

  @Post('webhooks/designs/:id/versions')
  @Public()
  @HttpCode(201)
  async receive(
    @Param('id') id: string,
    @Req() req: Request & { rawBody?: Buffer },
    @Headers('x-podnet-timestamp') timestamp: string | undefined,
    @Headers('x-podnet-signature') signature: string | undefined,
  ) {
    if (!this.limiter.take(`webhook:${id}`)) throw new ServiceError('RATE_LIMITED', 'too many webhook deliveries for this design');
    const target = isUuid(id) ? await this.db.designs.webhookTarget(id) : null;
    const unauthenticated = new ServiceError('UNAUTHENTICATED', 'missing or invalid webhook signature');
    if (!target?.secret || !timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) throw unauthenticated;
    if (Math.abs(Date.now() / 1000 - Number(timestamp)) > TOLERANCE_S) throw new ServiceError('UNAUTHENTICATED', 'webhook timestamp outside the 5-minute window');
    if (!verifySignature(target.secret, timestamp, req.rawBody ?? Buffer.alloc(0), signature)) throw unauthenticated;
    const principal: Principal = { keyId: '', teamId: target.teamId, teamName: '', scope: 'WRITE' };
    const content = (req.body as { content?: unknown } | undefined)?.content;
    const { version, created } = await this.designs.submit(principal, { designId: id, content }, 'WEBHOOK');
    return { ...version, created };
  }
}
