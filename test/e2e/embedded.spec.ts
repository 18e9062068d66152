// `npm start` on a fresh clone: no DATABASE_URL, no REDIS_URL -> PGlite under the data dir + in-process worker.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, waitForRun } from './support/client';
import { eksExample } from './support/designs';
import { ensureBuilt, startApi, type Proc } from './support/servers';

const ADMIN = 'e2e-admin-key-embedded-00000001';
const dataDir = mkdtempSync(join(tmpdir(), 'podnet-embedded-'));
let api: (Proc & { url: string }) | undefined;

beforeAll(() => ensureBuilt(), 180_000);

afterAll(async () => {
  await api?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded mode', { timeout: 240_000 }, () => {
  it('stores designs in PGlite and runs CAPACITY in-process; data survives a restart', async () => {
    api = await startApi({ PODNET_DATA_DIR: dataDir, PODNET_BOOTSTRAP_ADMIN_KEY: ADMIN });
    expect((await rest(api.url, null).get('/ready')).body).toMatchObject({ status: 'ready', databaseKind: 'pglite', queueKind: 'in-process' });
    expect(existsSync(join(dataDir, 'pglite'))).toBe(true);
    const design = await rest(api.url, ADMIN).post('/v1/designs', { name: 'local' });
    const version = await rest(api.url, ADMIN).post(`/v1/designs/${design.body.id}/versions`, { content: eksExample() });
    const run = await rest(api.url, ADMIN).post('/v1/runs', { versionId: version.body.id, kind: 'CAPACITY' });
    const done = await waitForRun(api.url, ADMIN, run.body.id);
    expect(done).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });
    expect(done.result.kind).toBe('CapacityReport');

    await api.kill('SIGTERM');
    api = await startApi({ PODNET_DATA_DIR: dataDir, PODNET_BOOTSTRAP_ADMIN_KEY: ADMIN });
    expect((await rest(api.url, ADMIN).get(`/v1/runs/${run.body.id}`)).body.status).toBe('SUCCEEDED');
  });
});
