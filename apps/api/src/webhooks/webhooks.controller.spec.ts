import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySignature } from './webhooks.controller';

describe('verifySignature', () => {
  const body = Buffer.from('{"content":"kind: Pod"}');
  // Same construction as GitHub/Stripe webhooks: HMAC-SHA256 over "<timestamp>.<raw body>", hex.
  const good = `sha256=${createHmac('sha256', 's3cret').update('1700000000.').update(body).digest('hex')}`;

  it('accepts the HMAC of timestamp and body', () => {
    expect(verifySignature('s3cret', '1700000000', body, good)).toBe(true);
  });

  it('refuses another secret, timestamp, body, or a truncated signature', () => {
    expect(verifySignature('other', '1700000000', body, good)).toBe(false);
    expect(verifySignature('s3cret', '1700000001', body, good)).toBe(false);
    expect(verifySignature('s3cret', '1700000000', Buffer.from('{}'), good)).toBe(false);
    expect(verifySignature('s3cret', '1700000000', body, good.slice(0, -2))).toBe(false);
  });
});
