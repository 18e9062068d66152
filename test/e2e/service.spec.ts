// The service end to end: built API + a built worker process, real Postgres and Redis.
import { loadInputs } from '@podnet/contracts';
import { createClient } from 'graphql-ws';
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordedVpc, startEc2Fake, type Ec2Fake } from '../support/ec2-fake';
import { cliJson, cliJsonAsync } from './support/cli';
import { gql, rest, waitForRun } from './support/client';
import { eksExample, fixture } from './support/designs';
import { createDatabase, ensureBuilt, queuePrefix, REDIS_SERVER, startApi, startWorker, type Proc } from './support/servers';

const ADMIN = 'e2e-admin-key-0123456789abcdef';
let api: Proc & { url: string };
let worker: Proc;
let db: Awaited<ReturnType<typeof createDatabase>>;
let queue: ReturnType<typeof queuePrefix>;
let writer: string;
let reader: string;
let other: string;
let ec2: Ec2Fake;
// The worker's AWS credentials (the SDK's environment provider) for RECONCILE runs against the EC2 double.
const AWS_ENV = { AWS_ACCESS_KEY_ID: 'AKIDE2ETEST', AWS_SECRET_ACCESS_KEY: 'e2e-secret' };

const CREATE_DESIGN = 'mutation($input: CreateDesignInput!) { createDesign(input: $input) { id name versionCount } }';
const SUBMIT = 'mutation($input: SubmitDesignVersionInput!) { submitDesignVersion(input: $input) { id number contentHash summary } }';
const REQUEST_RUN = 'mutation($input: RequestRunInput!) { requestRun(input: $input) { id status kind } }';
const RUN = 'query($id: ID!) { run(id: $id) { id status progress result error { code message path } attempts version { number design { name } } } }';

async function newKey(team: string, scope: 'READ' | 'WRITE' | 'ADMIN'): Promise<string> {
  const body = await gql(api.url, ADMIN, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key team scope } }', { input: { team, scope } });
  expect(body.errors).toBeUndefined();
  return body.data?.['createApiKey'].key as string;
}

beforeAll(async () => {
  ensureBuilt();
  db = await createDatabase('podnet_e2e_service');
  queue = queuePrefix('service');
  const env = { DATABASE_URL: db.url, REDIS_URL: REDIS_SERVER, PODNET_QUEUE_PREFIX: queue.prefix };
  api = await startApi({ ...env, PODNET_BOOTSTRAP_ADMIN_KEY: ADMIN, PODNET_RATE_LIMIT_RPS: '1000', PODNET_RATE_LIMIT_BURST: '1000' });
  // A short pause inside each job so a subscription sees the run move.
  ec2 = await startEc2Fake(recordedVpc(), { pageSize: 2 });
  worker = await startWorker({ ...env, ...AWS_ENV, PODNET_EC2_ENDPOINT: ec2.url, PODNET_EC2_MAX_ATTEMPTS: '2', PODNET_WORKER_TEST_DELAY_MS: '300' });
  writer = await newKey('platform', 'WRITE');
  reader = await newKey('platform', 'READ');
  other = await newKey('payments', 'WRITE');
}, 180_000);

afterAll(async () => {
  await worker?.kill();
  await api?.kill();
  await db?.drop();
  await queue?.clean();
  await ec2?.close();
});

describe('designs and versions', { timeout: 120_000 }, () => {
  it('creates a design and submits a version over GraphQL; identical content is the same version', async () => {
    const created = await gql(api.url, writer, CREATE_DESIGN, { input: { name: 'shop', description: 'the example shop' } });
    expect(created.errors).toBeUndefined();
    const designId = created.data?.['createDesign'].id as string;
    const content = eksExample();
    const first = await gql(api.url, writer, SUBMIT, { input: { designId, content } });
    expect(first.errors).toBeUndefined();
    expect(first.data?.['submitDesignVersion']).toMatchObject({ number: 1 });
    // The example's workloads.yaml: 2+2+3 shop replicas... counted by the loader, not by this test; just non-zero.
    expect(first.data?.['submitDesignVersion'].summary.pods).toBeGreaterThan(0);
    const again = await gql(api.url, writer, SUBMIT, { input: { designId, content } });
    expect(again.data?.['submitDesignVersion'].id).toBe(first.data?.['submitDesignVersion'].id);
    const list = await gql(api.url, reader, '{ designs(first: 10) { nodes { name versionCount versions { nodes { number } } } pageInfo { hasNextPage } } }');
    expect(list.data?.['designs'].nodes).toContainEqual({ name: 'shop', versionCount: 1, versions: { nodes: [{ number: 1 }] } });
  });

  it('does the same over REST, with the JSON path of every bad value and nothing stored', async () => {
    const design = await rest(api.url, writer).post('/v1/designs', { name: 'rest-shop' });
    expect(design.status).toBe(201);
    const id = design.body.id as string;
    // test/fixtures/not-ok/overlapping-cidrs.yaml: EKS refuses a service range overlapping the VPC (expected.json).
    const bad = await rest(api.url, writer).post(`/v1/designs/${id}/versions`, { content: fixture('not-ok/overlapping-cidrs.yaml') });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BAD_USER_INPUT');
    expect(bad.body.error.issues).toContainEqual(expect.objectContaining({ path: ['cluster', 'serviceCIDRs', 0], line: 5 }));
    const viaGql = await gql(api.url, writer, SUBMIT, { input: { designId: id, content: fixture('not-ok/unknown-design-field.yaml') } });
    expect(viaGql.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [expect.objectContaining({ path: ['cluster', 'kubeProxyMod'] })] });
    const after = await rest(api.url, writer).get(`/v1/designs/${id}`);
    expect(after.body.versionCount).toBe(0);
    expect((await rest(api.url, writer).get(`/v1/designs/${id}/versions`)).body.items).toEqual([]);

    const good = await rest(api.url, writer).post(`/v1/designs/${id}/versions`, { content: eksExample() });
    expect(good.status).toBe(201);
    expect(good.body).toMatchObject({ number: 1, created: true });
    // The same text POSTed as YAML is the same version.
    const asYaml = await rest(api.url, writer).post(`/v1/designs/${id}/versions`).set('content-type', 'application/yaml').send(eksExample());
    expect(asYaml.body).toMatchObject({ id: good.body.id, number: 1, created: false });
  });

  it('refuses a bad input field with its path, an oversized design with 413, a duplicate name with 409', async () => {
    const noName = await rest(api.url, writer).post('/v1/designs', { name: '' });
    expect(noName.status).toBe(400);
    expect(noName.body.error.issues[0].path).toEqual(['name']);
    const gqlBad = await gql(api.url, writer, CREATE_DESIGN, { input: { name: '!bad' } });
    expect(gqlBad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ path: ['input', 'name'] }] });
    const dup = await rest(api.url, writer).post('/v1/designs', { name: 'shop' });
    expect(dup.status).toBe(409);
    const design = await rest(api.url, writer).post('/v1/designs', { name: 'big' });
    const huge = await rest(api.url, writer).post(`/v1/designs/${design.body.id}/versions`, { content: `# ${'x'.repeat(9 * 1024 * 1024)}` });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('replays a POST with the same Idempotency-Key and refuses the key for another body', async () => {
    const send = (name: string) => rest(api.url, writer).post('/v1/designs', { name }).set('idempotency-key', 'create-idem-1');
    const first = await send('idem');
    const second = await send('idem');
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.id).toBe(first.body.id);
    expect((await send('idem-other')).status).toBe(409);
  });

  it('accepts webhook submissions only with a valid HMAC signature', async () => {
    const design = await rest(api.url, writer).post('/v1/designs', { name: 'hooked' });
    const { secret } = (await rest(api.url, writer).post(`/v1/designs/${design.body.id}/webhook-secret`)).body as { secret: string };
    const body = JSON.stringify({ content: eksExample() });
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`;
    const post = (signature: string) =>
      rest(api.url, null).post(`/v1/webhooks/designs/${design.body.id}/versions`).set('x-podnet-timestamp', ts).set('x-podnet-signature', signature).send(body);
    expect((await post(sig.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).status).toBe(401);
    const ok = await post(sig);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ number: 1, source: 'WEBHOOK' });
  });
});

describe('runs', { timeout: 120_000 }, () => {
  let versionId: string;
  let newVersionId: string;
  const content = eksExample();
  // A second version: the same plus a policy that opens shop/cart to every pod in the cluster.
  const changed = `${content}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: open-cart, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: cart } }\n  ingress: [{ from: [{ namespaceSelector: {} }] }]\n`;

  beforeAll(async () => {
    const design = await rest(api.url, writer).post('/v1/designs', { name: 'runs' });
    versionId = (await rest(api.url, writer).post(`/v1/designs/${design.body.id}/versions`, { content })).body.id;
    newVersionId = (await rest(api.url, writer).post(`/v1/designs/${design.body.id}/versions`, { content: changed })).body.id;
  });

  it('runs CAPACITY over GraphQL: the result is what `podnet capacity -o json` prints for the design', async () => {
    const requested = await gql(api.url, writer, REQUEST_RUN, { input: { versionId, kind: 'CAPACITY' } });
    expect(requested.errors).toBeUndefined();
    const id = requested.data?.['requestRun'].id as string;
    await waitForRun(api.url, writer, id);
    const { data } = await gql(api.url, reader, RUN, { id });
    expect(data?.['run']).toMatchObject({ status: 'SUCCEEDED', progress: 100, error: null, attempts: 1, version: { number: 1, design: { name: 'runs' } } });
    expect(data?.['run'].result).toEqual(cliJson(['capacity', '-f', '@design'], { design: content }));
  });

  it('reuses the run for the same version, kind and params (REST)', async () => {
    const a = await rest(api.url, writer).post('/v1/runs', { versionId, kind: 'CAPACITY', params: { compare: 'm6i.large' } });
    const b = await rest(api.url, writer).post('/v1/runs', { versionId, kind: 'CAPACITY', params: { compare: 'm6i.large' } });
    expect(a.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    const done = await waitForRun(api.url, writer, a.body.id);
    expect(done.result).toEqual(cliJson(['capacity', '-f', '@design', '--compare', 'm6i.large'], { design: content }));
  });

  it('runs TRACE, REACH, DIFF and CHECK over GraphQL and REST; each result is what the matching CLI command prints', async () => {
    const pods = loadInputs([{ name: 'x', text: content }]).pods;
    const frontend = pods.find((p) => p.namespace === 'shop' && p.workload.name === 'frontend');
    const cart = pods.find((p) => p.namespace === 'shop' && p.workload.name === 'cart');
    const from = `shop/${frontend?.name}`;
    const to = `shop/${cart?.name}:8080`;
    const cases: [string, Record<string, unknown>, string[]][] = [
      ['TRACE', { from, to }, ['trace', '-f', '@old', '--from', from, '--to', to]],
      ['REACH', { by: 'workload' }, ['reach', '-f', '@old', '--by', 'workload']],
      ['REACH', { by: 'pod', ipblockMatchesPods: false, explain: true }, ['reach', '-f', '@old', '--by', 'pod', '--ipblock-matches-pods', 'false', '--explain']],
      ['DIFF', { against: newVersionId }, ['diff', '-f', '@old', '--against', '@new']],
      ['CHECK', {}, ['check', '-f', '@old']],
      // Through a Service (kube-proxy DNAT) by its name.
      ['TRACE', { from, to: 'shop/frontend:80' }, ['trace', '-f', '@old', '--from', from, '--to', 'shop/frontend:80']],
      ['REACH', { exposure: true, focus: 'shop/cart' }, ['reach', '-f', '@old', '--exposure', '--focus', 'shop/cart']],
    ];
    // Even cases over GraphQL (requestRun, then run(id)), odd ones over REST (POST /v1/runs, GET /v1/runs/{id}).
    const ids = await Promise.all(
      cases.map(async ([kind, params], i) => {
        if (i % 2 === 0) {
          const body = await gql(api.url, writer, REQUEST_RUN, { input: { versionId, kind, params } });
          expect(body.errors).toBeUndefined();
          return body.data?.['requestRun'].id as string;
        }
        const res = await rest(api.url, writer).post('/v1/runs', { versionId, kind, params });
        expect(res.status).toBe(201);
        return res.body.id as string;
      }),
    );
    for (const [i, [kind, , args]] of cases.entries()) {
      await waitForRun(api.url, writer, ids[i] ?? '');
      const run = i % 2 === 0 ? (await gql(api.url, reader, RUN, { id: ids[i] })).data?.['run'] : (await rest(api.url, reader).get(`/v1/runs/${ids[i]}`)).body;
      expect({ kind, status: run.status, error: run.error }).toEqual({ kind, status: 'SUCCEEDED', error: null });
      expect(run.result).toEqual(cliJson(args, { old: content, new: changed }));
    }
    // compareVersions is the DIFF of the two versions: the same run.
    const compared = await gql(api.url, writer, 'mutation($from: ID!, $to: ID!) { compareVersions(from: $from, to: $to) { id kind } }', { from: versionId, to: newVersionId });
    expect(compared.data?.['compareVersions']).toEqual({ id: ids[3], kind: 'DIFF' });
    // ... and so is POST /v1/compare.
    const restCompared = await rest(api.url, writer).post('/v1/compare', { from: versionId, to: newVersionId });
    expect(restCompared.status).toBe(201);
    expect(restCompared.body).toMatchObject({ id: ids[3], kind: 'DIFF' });
    const badCompare = await rest(api.url, writer).post('/v1/compare', { from: versionId, to: 'nope' });
    expect(badCompare.status).toBe(400);
    expect(badCompare.body.error.issues[0].path).toEqual(['to']);
    // The version lists its runs (GET /v1/versions/{id}/runs), each of these among them.
    const listed = await rest(api.url, reader).get(`/v1/versions/${versionId}/runs`);
    expect(listed.status).toBe(200);
    expect(listed.body.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(ids));
    expect((await rest(api.url, other).get(`/v1/versions/${versionId}/runs`)).status).toBe(404);
  });

  it('answers one trace on a stored version inline (GraphQL traceVersion, GET /v1/versions/{id}/trace): what `podnet trace -o json` prints', async () => {
    const pods = loadInputs([{ name: 'x', text: content }]).pods;
    const frontend = pods.find((p) => p.namespace === 'shop' && p.workload.name === 'frontend');
    const from = `shop/${frontend?.name}`;
    const TRACE_VERSION = 'query($v: ID!, $from: String!, $to: String!, $seed: Int) { traceVersion(versionId: $v, from: $from, to: $to, seed: $seed) }';
    const gqlTrace = await gql(api.url, reader, TRACE_VERSION, { v: versionId, from, to: 'shop/frontend:80', seed: 3 });
    expect(gqlTrace.errors).toBeUndefined();
    expect(gqlTrace.data?.['traceVersion']).toEqual(cliJson(['trace', '-f', '@v', '--from', from, '--to', 'shop/frontend:80', '--seed', '3'], { v: content }));
    const restTrace = await rest(api.url, reader).get(`/v1/versions/${versionId}/trace?from=${encodeURIComponent(from)}&to=${encodeURIComponent('shop/frontend:80')}&seed=3`);
    expect(restTrace.status).toBe(200);
    expect(restTrace.body).toEqual(gqlTrace.data?.['traceVersion']);
    // An unknown pod is the caller's mistake, located at the parameter; another team's version does not exist.
    const unknown = await rest(api.url, reader).get(`/v1/versions/${versionId}/trace?from=shop/nope&to=${encodeURIComponent('10.0.0.1:80')}`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].path).toEqual(['query', 'from']);
    expect((await rest(api.url, reader).get(`/v1/versions/${versionId}/trace?from=a`)).body.error.issues[0].path).toEqual(['query', 'to']);
    expect((await rest(api.url, other).get(`/v1/versions/${versionId}/trace?from=${encodeURIComponent(from)}&to=shop/frontend:80`)).status).toBe(404);
    const otherGql = await gql(api.url, other, TRACE_VERSION, { v: versionId, from, to: 'shop/frontend:80' });
    expect(otherGql.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    // Answered by the bundled trace thread (dist/apps/api/trace-thread.js), off the API's event loop.
    expect(api.output.join('')).toMatch(/inline traces run in a worker thread.*trace-thread\.js|trace-thread\.js.*inline traces run in a worker thread/);
  });

  it('runs RECONCILE with the worker\'s AWS SDK against EC2 (a local EC2 Query API): the result is `podnet reconcile -o json`', async () => {
    const requested = await gql(api.url, writer, REQUEST_RUN, { input: { versionId, kind: 'RECONCILE', params: { vpcId: 'vpc-0a1b2c3d4e5f60718' } } });
    expect(requested.errors).toBeUndefined();
    const id = requested.data?.['requestRun'].id as string;
    await waitForRun(api.url, writer, id);
    const run = (await gql(api.url, reader, RUN, { id })).data?.['run'];
    expect(run).toMatchObject({ status: 'SUCCEEDED', error: null, attempts: 1 });
    expect(run.result).toEqual(await cliJsonAsync(['reconcile', '-f', '@design', '--vpc-id', 'vpc-0a1b2c3d4e5f60718', '--endpoint', ec2.url], { design: content }, AWS_ENV));
    // The example plans private-a as 10.0.0.0/20; the recorded VPC has 10.0.0.0/24 there (test/support/ec2-fake).
    expect(run.result).toMatchObject({ kind: 'ReconcileReport', region: 'us-east-1', vpcId: 'vpc-0a1b2c3d4e5f60718', inSync: false });
    expect(run.result.subnets.map((s: { observed: { cidr: string } | null }) => s.observed?.cidr ?? null)).toContain('10.0.0.0/24');
  });

  it('retries RECONCILE when EC2 throttling outlives the SDK retries, and fails at once when EC2 refuses the credentials', async () => {
    // Two throttled answers use up the worker's 2 SDK attempts; the job's own retry (backoff 1 s) then succeeds.
    ec2.injectError(2, { action: 'DescribeSubnets' });
    const throttled = await rest(api.url, writer).post('/v1/runs', { versionId, kind: 'RECONCILE', params: { region: 'us-east-1' } });
    expect(await waitForRun(api.url, writer, throttled.body.id)).toMatchObject({ status: 'SUCCEEDED', attempts: 2, error: null });
    ec2.injectError(1, { action: 'DescribeSubnets', code: 'AuthFailure', status: 401 });
    const refused = await rest(api.url, writer).post('/v1/runs', { versionId, kind: 'RECONCILE', params: { region: 'us-east-1', vpcId: 'vpc-0a1b2c3d4e5f60718' } });
    const failed = await waitForRun(api.url, writer, refused.body.id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1, error: { code: 'UNAVAILABLE' } });
    expect(failed.error.message).toMatch(/^EC2 call failed: AuthFailure: /);
  });

  it('takes versions from `podnet push` (source CLI), runs checks on them and waits for the results', async () => {
    const key = { PODNET_API_KEY: writer };
    // The example as its files are (design.yaml refers to workloads.yaml): push bundles them.
    const first = await cliJsonAsync(['push', '-f', 'examples/eks-vpc-cni/design.yaml', '--design', 'pushed', '--server', api.url, '--run', 'capacity,check', '--wait'], {}, key);
    expect(first).toMatchObject({ design: { name: 'pushed', created: true }, version: { number: 1, created: true, parentId: null } });
    expect(first.runs.map((r: { kind: string; status: string }) => [r.kind, r.status])).toEqual([['CAPACITY', 'SUCCEEDED'], ['CHECK', 'SUCCEEDED']]);
    expect(first.runs[0].result).toEqual(cliJson(['capacity', '-f', '@design'], { design: content }));
    const stored = (await rest(api.url, reader).get(`/v1/versions/${first.version.id}`)).body;
    expect(stored.source).toBe('CLI');
    // The service read the same cluster as the files describe.
    const local = loadInputs([{ name: 'x', text: content }]);
    expect(stored.summary).toMatchObject({ pods: local.pods.length, services: local.services.length });
    // The same files again: the same version; changed inputs: version 2, and `--run diff` compares 1 with 2.
    const again = await cliJsonAsync(['push', '-f', 'examples/eks-vpc-cni/design.yaml', '--design', 'pushed', '--server', api.url], {}, key);
    expect(again).toMatchObject({ design: { id: first.design.id, created: false }, version: { id: first.version.id, created: false }, runs: [] });
    const second = await cliJsonAsync(['push', '-f', '@changed', '--design', 'pushed', '--server', api.url, '--run', 'diff', '--wait'], { changed }, key);
    expect(second.version).toMatchObject({ number: 2, created: true, parentId: first.version.id });
    expect(second.runs[0]).toMatchObject({ kind: 'DIFF', status: 'SUCCEEDED' });
    expect(second.runs[0].result).toEqual(cliJson(['diff', '-f', '@old', '--against', '@new'], { old: content, new: changed }));
  });

  it('fails a trace of an unknown pod with BAD_USER_INPUT at its param', async () => {
    const trace = await rest(api.url, writer).post('/v1/runs', { versionId, kind: 'TRACE', params: { from: 'shop/nope', to: '10.0.0.1:80' } });
    expect(await waitForRun(api.url, writer, trace.body.id)).toMatchObject({ status: 'FAILED', attempts: 1, error: { code: 'BAD_USER_INPUT', path: ['params', 'from'] } });
  });

  it('refuses bad run params with their path', async () => {
    const res = await rest(api.url, writer).post('/v1/runs', { versionId, kind: 'TRACE', params: { from: 'a' } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toEqual(['params', 'to']);
  });

  it('streams progress to a runUpdated subscription until the run finishes', async () => {
    const res = await rest(api.url, writer).post('/v1/runs', { versionId, kind: 'CAPACITY', params: { compare: ['c6i.large'] } });
    const client = createClient({ url: api.url.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${reader}` } });
    const seen: { status: string; progress: number }[] = [];
    await new Promise<void>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription($id: ID!) { runUpdated(id: $id) { status progress } }', variables: { id: res.body.id } },
        { next: (msg) => void seen.push(msg.data?.['runUpdated'] as { status: string; progress: number }), error: reject, complete: resolve },
      );
    });
    await client.dispose();
    expect(seen.at(-1)).toEqual({ status: 'SUCCEEDED', progress: 100 });
    expect(seen.some((s) => s.status === 'RUNNING' && s.progress > 0 && s.progress < 100)).toBe(true);
  });
});

describe('authentication, authorization and tenancy', { timeout: 120_000 }, () => {
  it('needs a key everywhere but /health and /ready', async () => {
    expect((await rest(api.url, null).get('/health')).status).toBe(200);
    expect((await rest(api.url, null).get('/ready')).body).toMatchObject({ status: 'ready', database: 'ok', queue: 'ok' });
    for (const path of ['/v1/designs', '/metrics', '/docs']) expect((await rest(api.url, null).get(path)).status).toBe(401);
    expect((await rest(api.url, 'pn_not-a-real-key-at-all').get('/v1/designs')).status).toBe(401);
    const body = await gql(api.url, null, '{ designs { nodes { id } } }');
    expect(body.errors?.[0]?.extensions?.['code']).toBe('UNAUTHENTICATED');
  });

  it('enforces scopes: READ cannot write, only ADMIN creates keys and reads metrics', async () => {
    expect((await rest(api.url, reader).post('/v1/designs', { name: 'nope' })).status).toBe(403);
    const body = await gql(api.url, writer, 'mutation { createApiKey(input: { team: "x", scope: ADMIN }) { key } }');
    expect(body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
    expect((await rest(api.url, writer).get('/metrics')).status).toBe(403);
    const metrics = await rest(api.url, ADMIN).get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('podnet_http_request_duration_seconds');
    expect(metrics.text).toContain('podnet_runs{state="SUCCEEDED"}');
    expect(metrics.text).toMatch(/podnet_queue_jobs\{state="completed"\} \d+/);
    expect((await rest(api.url, reader).get('/docs')).body.openapi).toMatch(/^3\./);
  });

  it('never shows one team another team’s designs, versions or runs', async () => {
    const design = await rest(api.url, writer).post('/v1/designs', { name: 'private' });
    const version = await rest(api.url, writer).post(`/v1/designs/${design.body.id}/versions`, { content: eksExample() });
    const run = await rest(api.url, writer).post('/v1/runs', { versionId: version.body.id, kind: 'CAPACITY' });
    const them = rest(api.url, other);
    expect((await them.get(`/v1/designs/${design.body.id}`)).status).toBe(404);
    expect((await them.get(`/v1/versions/${version.body.id}`)).status).toBe(404);
    expect((await them.get(`/v1/runs/${run.body.id}`)).status).toBe(404);
    expect((await them.get('/v1/designs')).body.items).toEqual([]);
    expect((await them.post(`/v1/designs/${design.body.id}/versions`, { content: eksExample() })).status).toBe(404);
    expect((await them.post('/v1/runs', { versionId: version.body.id, kind: 'CAPACITY' })).status).toBe(404);
    const viaGql = await gql(api.url, other, RUN, { id: run.body.id });
    expect(viaGql.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
  });

  it('revokes a key: the next request with it is refused', async () => {
    const created = await gql(api.url, ADMIN, 'mutation { createApiKey(input: { team: "temp", scope: READ }) { id key } }');
    const { id, key } = created.data?.['createApiKey'] as { id: string; key: string };
    expect((await rest(api.url, key).get('/v1/designs')).status).toBe(200);
    // Keys are revoked within the admin's own team: this one belongs to "temp", so revoke it with a temp admin.
    const tempAdmin = await newKey('temp', 'ADMIN');
    expect((await gql(api.url, ADMIN, 'mutation($id: ID!) { revokeApiKey(id: $id) }', { id })).data?.['revokeApiKey']).toBe(false);
    expect((await gql(api.url, tempAdmin, 'mutation($id: ID!) { revokeApiKey(id: $id) }', { id })).data?.['revokeApiKey']).toBe(true);
    expect((await rest(api.url, key).get('/v1/designs')).status).toBe(401);
  });

  it('answers small questions inline: max pods per instance type', async () => {
    // AWS eni-max-pods.txt (amazon-vpc-cni-k8s misc/): m5.large 29, c6i.xlarge 58.
    const body = await gql(api.url, reader, '{ maxPods(instanceTypes: ["m5.large", "c6i.xlarge"]) }');
    expect(body.data?.['maxPods']).toEqual({ 'c6i.xlarge': 58, 'm5.large': 29 });
    const unknown = await gql(api.url, reader, '{ maxPods(instanceTypes: ["m5.larg"]) }');
    expect(unknown.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    // The same over REST; prefix delegation on m5.large with the EKS cap: 110 (max-pods-calculator.sh, < 30 vCPUs).
    const restMax = await rest(api.url, reader).get('/v1/max-pods?instanceTypes=m5.large,c6i.xlarge');
    expect(restMax.status).toBe(200);
    expect(restMax.body).toEqual({ 'c6i.xlarge': 58, 'm5.large': 29 });
    expect((await rest(api.url, reader).get('/v1/max-pods?instanceTypes=m5.large&prefixDelegation=true&maxPodsCap=auto')).body).toEqual({ 'm5.large': 110 });
    const badFlag = await rest(api.url, reader).get('/v1/max-pods?instanceTypes=m5.large&prefixDelegation=yes');
    expect(badFlag.status).toBe(400);
    expect(badFlag.body.error.issues[0].path).toEqual(['query', 'prefixDelegation']);
    expect((await rest(api.url, reader).get('/v1/max-pods')).body.error.issues[0].path).toEqual(['query', 'instanceTypes']);
    // A cap of 0 is refused, as `podnet max-pods --max-pods-cap 0` refuses it.
    expect((await rest(api.url, reader).get('/v1/max-pods?instanceTypes=m5.large&maxPodsCap=0')).body.error.issues[0].path).toEqual(['query', 'maxPodsCap']);
  });

  it('limits query depth and cost', async () => {
    const deep = await gql(api.url, reader, '{ designs { nodes { versions { nodes { runs { version { runs { version { runs { id } } } } } } } } } }');
    expect(deep.errors?.[0]?.message).toMatch(/depth/);
    const costly = await gql(api.url, reader, '{ designs(first: 100) { nodes { versions(first: 100) { nodes { runs { id } } } } } }');
    expect(costly.errors?.[0]?.message).toMatch(/cost/);
  });
});
