import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../src';
import { createTestDatabase } from './pg-test-database';

const migrationsDir = join(import.meta.dirname, '../../../prisma/migrations');
const summary = { hasDesign: true, nodes: 0, pods: 0, workloads: 0, services: 0, networkPolicies: 0, warnings: [] };

describe('Database on a real Postgres', () => {
  let db: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const created = await createTestDatabase('podnet_db_spec');
    drop = created.drop;
    db = await Database.open({ url: created.url, dataDir: 'unused', migrationsDir, poolMax: 20 });
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('applies the init migration once', async () => {
    expect(db.appliedMigrations).toEqual(['20261121120000_init']);
  });

  it('numbers concurrent submissions 1..n without gaps and keeps one version per content hash', async () => {
    const team = await db.teams.ensure('numbering');
    const design = await db.designs.create(team.id, { name: 'd1' });
    // 40 distinct contents, each submitted twice at once.
    const hashes = Array.from({ length: 40 }, (_, i) => `hash-${i}`);
    const results = await Promise.all(
      [...hashes, ...hashes].map((h) =>
        db.versions.submit({ teamId: team.id, designId: design.id, contentHash: h, content: h, summary, authorKeyId: null, source: 'API' }),
      ),
    );
    const all = await db.versions.allOf(team.id, design.id);
    expect(all.map((v) => v.number)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(new Set(all.map((v) => v.contentHash)).size).toBe(40);
    expect(results.filter((r) => r.created)).toHaveLength(40);
    for (const r of results) expect(all.find((v) => v.id === r.version.id)?.contentHash).toBe(r.version.contentHash);
    // every version but the first has the previous one as parent
    for (const v of all.slice(1)) expect(all.find((p) => p.id === v.parentId)?.number).toBe(v.number - 1);
  });

  it('hides another team’s rows', async () => {
    const a = await db.teams.ensure('team-a');
    const b = await db.teams.ensure('team-b');
    const design = await db.designs.create(a.id, { name: 'secret' });
    expect(await db.designs.get(b.id, design.id)).toBeNull();
    expect((await db.designs.page(b.id, 10)).items).toEqual([]);
    await expect(
      db.versions.submit({ teamId: b.id, designId: design.id, contentHash: 'x', content: 'x', summary, authorKeyId: null, source: 'API' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('completes a run exactly once even when two attempts finish', async () => {
    const team = await db.teams.ensure('runs');
    const design = await db.designs.create(team.id, { name: 'r' });
    const { version } = await db.versions.submit({ teamId: team.id, designId: design.id, contentHash: 'h', content: 'c', summary, authorKeyId: null, source: 'API' });
    const { run } = await db.runs.findOrCreate({ teamId: team.id, versionId: version.id, kind: 'CAPACITY', params: {}, paramsHash: 'p', jobId: 'j1', actorKeyId: null });
    const again = await db.runs.findOrCreate({ teamId: team.id, versionId: version.id, kind: 'CAPACITY', params: {}, paramsHash: 'p', jobId: 'j1', actorKeyId: null });
    expect(again).toMatchObject({ created: false, run: { id: run.id } });
    expect(await db.runs.claim(run.id)).toMatchObject({ status: 'RUNNING', attempts: 1 });
    expect(await db.runs.claim(run.id)).toMatchObject({ status: 'RUNNING', attempts: 2 });
    const done = await Promise.all([db.runs.succeed(run.id, { ok: 1 }), db.runs.succeed(run.id, { ok: 2 })]);
    expect(done.filter(Boolean)).toHaveLength(1);
    expect(await db.runs.claim(run.id)).toBeNull();
    const audit = await db.audit.list(team.id, { targetId: run.id, action: 'run.succeeded' });
    expect(audit).toHaveLength(1);
  });

  it('replays idempotent responses and refuses a different request under the same key', async () => {
    const team = await db.teams.ensure('idem');
    expect(await db.idempotency.claim(team.id, 'k', 'h1')).toEqual({ state: 'new' });
    expect(await db.idempotency.claim(team.id, 'k', 'h1')).toEqual({ state: 'in-progress' });
    await db.idempotency.complete(team.id, 'k', 201, { id: 'x' });
    expect(await db.idempotency.claim(team.id, 'k', 'h1')).toEqual({ state: 'replay', status: 201, body: { id: 'x' } });
    expect(await db.idempotency.claim(team.id, 'k', 'h2')).toEqual({ state: 'mismatch' });
  });
});

describe('Database on embedded PGlite', () => {
  it('opens in memory, migrates and stores a design', async () => {
    const db = await Database.open({ dataDir: 'memory://', migrationsDir });
    try {
      const team = await db.teams.ensure('embedded');
      const design = await db.designs.create(team.id, { name: 'e' });
      const { version } = await db.versions.submit({ teamId: team.id, designId: design.id, contentHash: 'h', content: 'c', summary, authorKeyId: null, source: 'CLI' });
      expect(version.number).toBe(1);
      await expect(db.designs.create(team.id, { name: 'e' })).rejects.toMatchObject({ code: 'CONFLICT' });
      const [page] = await db.versions.firstPages(team.id, [design.id], 10);
      expect(page?.items.map((v) => v.id)).toEqual([version.id]);
    } finally {
      await db.close();
    }
  });
});

describe('run listing for DataLoader', () => {
  it('groups the runs of several versions from one query, in the order asked', async () => {
    const created = await createTestDatabase('podnet_db_loader');
    const db = await Database.open({ url: created.url, dataDir: 'unused', migrationsDir });
    try {
      const team = await db.teams.ensure('loader');
      const design = await db.designs.create(team.id, { name: 'l' });
      const v1 = (await db.versions.submit({ teamId: team.id, designId: design.id, contentHash: 'a', content: 'a', summary, authorKeyId: null, source: 'API' })).version;
      const v2 = (await db.versions.submit({ teamId: team.id, designId: design.id, contentHash: 'b', content: 'b', summary, authorKeyId: null, source: 'API' })).version;
      await db.runs.findOrCreate({ teamId: team.id, versionId: v2.id, kind: 'CHECK', params: {}, paramsHash: 'x', jobId: 'j-b', actorKeyId: null });
      const lists = await db.runs.listForVersions(team.id, [v1.id, v2.id]);
      expect(lists.map((l) => l.map((r) => r.jobId))).toEqual([[], ['j-b']]);
      const empty = await db.designs.create(team.id, { name: 'empty' });
      const pages = await db.versions.firstPages(team.id, [empty.id, design.id], 1);
      expect(pages.map((p) => ({ numbers: p.items.map((v) => v.number), next: p.hasNextPage }))).toEqual([
        { numbers: [], next: false },
        { numbers: [1], next: true },
      ]);
      // The cursor continues where the batched first page stopped.
      const rest = await db.versions.page(team.id, design.id, 5, pages[1]?.endCursor);
      expect(rest.items.map((v) => v.number)).toEqual([2]);
    } finally {
      await db.close();
      await created.drop();
    }
  });
});
