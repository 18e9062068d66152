// 200 concurrent submissions against the real Postgres: nothing lost, no duplicates, numbers without gaps.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, rest } from './support/client';
import { designWithPods } from './support/designs';
import { createDatabase, ensureBuilt, queuePrefix, REDIS_SERVER, startApi, type Proc } from './support/servers';

const ADMIN = 'e2e-admin-key-concurrency-000001';
let api: Proc & { url: string };
let db: Awaited<ReturnType<typeof createDatabase>>;
let queue: ReturnType<typeof queuePrefix>;

beforeAll(async () => {
  ensureBuilt();
  db = await createDatabase('podnet_e2e_concurrency');
  queue = queuePrefix('concurrency');
  api = await startApi({
    DATABASE_URL: db.url,
    REDIS_URL: REDIS_SERVER,
    PODNET_QUEUE_PREFIX: queue.prefix,
    PODNET_BOOTSTRAP_ADMIN_KEY: ADMIN,
    PODNET_RATE_LIMIT_RPS: '10000',
    PODNET_RATE_LIMIT_BURST: '10000',
    DATABASE_POOL_MAX: '20',
    LOG_LEVEL: 'warn',
  });
}, 180_000);

afterAll(async () => {
  await api?.kill();
  await db?.drop();
  await queue?.clean();
});

describe('200 concurrent submissions', { timeout: 120_000 }, () => {
  it('keeps one version per distinct content, numbered 1..n, and answers every request with its own content’s version', async () => {
    const design = await rest(api.url, ADMIN).post('/v1/designs', { name: 'busy' });
    const designId = design.body.id as string;
    // 100 distinct contents, each sent twice (once over REST, once over GraphQL), all 200 at once.
    const contents = Array.from({ length: 100 }, (_, i) => designWithPods(10, `-v${i}`));
    const submit = (content: string, i: number) =>
      i % 2 === 0
        ? rest(api.url, ADMIN).post(`/v1/designs/${designId}/versions`, { content }).then((r) => ({ status: r.status, id: r.body.id as string, hash: r.body.contentHash as string }))
        : gql(api.url, ADMIN, 'mutation($input: SubmitDesignVersionInput!) { submitDesignVersion(input: $input) { id contentHash } }', { input: { designId, content } }).then((b) => ({
            status: b.errors ? 500 : 201,
            id: b.data?.['submitDesignVersion'].id as string,
            hash: b.data?.['submitDesignVersion'].contentHash as string,
          }));
    const started = Date.now();
    const answers = await Promise.all(contents.flatMap((c, i) => [submit(c, 2 * i), submit(c, 2 * i + 1)]));
    const ms = Date.now() - started;
    expect(answers.every((a) => a.status === 201 || a.status === 200)).toBe(true);

    const rows = await db.query.query<{ id: string; number: number; contentHash: string }>('SELECT "id", "number", "contentHash" FROM "DesignVersion" WHERE "designId" = $1 ORDER BY "number"', [designId]);
    expect(rows.rows.map((r) => r.number)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(rows.rows.map((r) => r.contentHash)).size).toBe(100);
    // Both submissions of one content got the same version.
    for (let i = 0; i < 100; i += 1) expect(answers[2 * i]?.id).toBe(answers[2 * i + 1]?.id);
    expect(new Set(answers.map((a) => a.id)).size).toBe(100);
    const { rows: designRows } = await db.query.query<{ versionCount: number }>('SELECT "versionCount" FROM "Design" WHERE "id" = $1', [designId]);
    expect(designRows[0]?.versionCount).toBe(100);
    console.log(`200 concurrent submissions (100 distinct): ${ms} ms`);
  });

  it('creates one run for 200 concurrent identical run requests', async () => {
    const design = await rest(api.url, ADMIN).post('/v1/designs', { name: 'runs-at-once' });
    const version = await rest(api.url, ADMIN).post(`/v1/designs/${design.body.id}/versions`, { content: designWithPods(20) });
    const answers = await Promise.all(Array.from({ length: 200 }, () => rest(api.url, ADMIN).post('/v1/runs', { versionId: version.body.id, kind: 'CAPACITY' })));
    expect(answers.filter((a) => a.status !== 201).map((a) => [a.status, a.body])).toEqual([]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const { rows } = await db.query.query('SELECT "id" FROM "Run" WHERE "versionId" = $1', [version.body.id]);
    expect(rows).toHaveLength(1);
  });
});
