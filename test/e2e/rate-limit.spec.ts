// Per-key rate limits (token bucket: PODNET_RATE_LIMIT_RPS, PODNET_RATE_LIMIT_BURST) and for failed auth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from './support/client';
import { createDatabase, ensureBuilt, queuePrefix, REDIS_SERVER, startApi, type Proc } from './support/servers';

const ADMIN = 'e2e-admin-key-ratelimit-0000001';
let api: Proc & { url: string };
let db: Awaited<ReturnType<typeof createDatabase>>;
let queue: ReturnType<typeof queuePrefix>;

beforeAll(async () => {
  ensureBuilt();
  db = await createDatabase('podnet_e2e_ratelimit');
  queue = queuePrefix('ratelimit');
  api = await startApi({ DATABASE_URL: db.url, REDIS_URL: REDIS_SERVER, PODNET_QUEUE_PREFIX: queue.prefix, PODNET_BOOTSTRAP_ADMIN_KEY: ADMIN, PODNET_RATE_LIMIT_RPS: '0.5', PODNET_RATE_LIMIT_BURST: '5' });
}, 180_000);

afterAll(async () => {
  await api?.kill();
  await db?.drop();
  await queue?.clean();
});

describe('rate limits', { timeout: 60_000 }, () => {
  it('answers 429 RATE_LIMITED once a key has spent its burst; another key is unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) statuses.push((await rest(api.url, ADMIN).get('/v1/designs')).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    const limited = await rest(api.url, ADMIN).get('/v1/designs');
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
  });

  it('limits requests with bad keys per client address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) statuses.push((await rest(api.url, 'pn_guessing-a-key-000000').get('/v1/designs')).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    // Health checks stay open.
    expect((await rest(api.url, null).get('/health')).status).toBe(200);
  });
});
