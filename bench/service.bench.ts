// The service under load, side by side with a bare NestJS endpoint on this machine (autocannon):
//  - GraphQL run(id) reads vs GET /bare: target >= 60% of bare throughput, p99 < 50 ms
//  - version submissions of a 200-pod design (each one distinct): figures only
//  - a CAPACITY job from request to result (seen on a runUpdated subscription): target p50 < 300 ms
// Runs the built api + one worker process on the real Postgres and Redis (DATABASE_URL / REDIS_URL, else local).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import pg from 'pg';
import WebSocket from 'ws';
import { stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..');
const PG = process.env['DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const ADMIN = `bench-admin-${randomBytes(12).toString('hex')}`;
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 10);
const children: ChildProcess[] = [];

function launch(args: string[], env: Record<string, string>, ready: RegExp): Promise<string> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = out.match(ready);
      if (m) resolve(m[1] ?? '');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${out}`)));
  });
}

/** The EKS example's design plus Deployments adding up to `pods` pods; `tag` makes the content distinct. */
function design(pods: number, tag: string): string {
  const d = parse(readFileSync(join(ROOT, 'examples/eks-vpc-cni/design.yaml'), 'utf8')) as Record<string, unknown>;
  delete d['workloads'];
  (d['metadata'] as Record<string, unknown>)['labels'] = { revision: tag };
  const docs = [stringify(d)];
  for (let i = 0; i * 10 < pods; i += 1) {
    docs.push(stringify({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${i}`, namespace: 'bench' },
      spec: { replicas: Math.min(10, pods - i * 10), selector: { matchLabels: { app: `app-${i}` } }, template: { metadata: { labels: { app: `app-${i}` } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 8080 }] }] } } },
    }));
  }
  return docs.join('---\n');
}

async function json(url: string, path: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify(body) });
  return (await res.json()) as Record<string, unknown>;
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon({ connections: 10, duration: DURATION, ...opts }, (err, res) => (err ? reject(err) : resolve(res))));
}

const step = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? NaN;

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, ['scripts/start.mjs', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const dbName = `podnet_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  const dbUrl = Object.assign(new URL(PG), { pathname: `/${dbName}` }).toString();
  const prefix = `podnet-bench-${randomBytes(3).toString('hex')}`;
  const env = { DATABASE_URL: dbUrl, REDIS_URL: REDIS, PODNET_QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn', DATABASE_POOL_MAX: '10' };
  try {
    step('starting api, worker and the bare app');
    const api = await launch(['dist/apps/api/main.js'], { ...env, PORT: '0', HOST: '127.0.0.1', PODNET_BOOTSTRAP_ADMIN_KEY: ADMIN, PODNET_RATE_LIMIT_RPS: '1000000', PODNET_RATE_LIMIT_BURST: '1000000' }, /podnet api listening on (\S+)/);
    await launch(['dist/apps/worker/main.js'], { ...env, PODNET_WORKER_CONCURRENCY: '2' }, /podnet worker ready()/);
    const apiNoCache = await launch(['dist/apps/api/main.js'], { ...env, PORT: '0', HOST: '127.0.0.1', PODNET_BOOTSTRAP_ADMIN_KEY: ADMIN, PODNET_RATE_LIMIT_RPS: '1000000', PODNET_RATE_LIMIT_BURST: '1000000', PODNET_GRAPHQL_READ_CACHE: 'false' }, /podnet api listening on (\S+)/);
    const bare = await launch(['--import', 'tsx', 'bench/service.bare-nest.ts'], {}, /bare nest listening on (\S+)/);

    step('fixture');
    // Fixture: a design with a 200-pod version and a finished CAPACITY run.
    const d = await json(api, '/v1/designs', { name: 'bench' });
    const v = await json(api, `/v1/designs/${d['id']}/versions`, { content: design(200, 'base') });
    const r = await json(api, '/v1/runs', { versionId: v['id'], kind: 'CAPACITY' });
    for (let i = 0; i < 200; i += 1) {
      const run = (await (await fetch(`${api}/v1/runs/${r['id']}`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()) as { status: string };
      if (run.status === 'SUCCEEDED') break;
      await new Promise((res) => setTimeout(res, 50));
    }

    step('reads');
    // 1. Reads, side by side (one after the other on the same 2 cores).
    const bareRes = await cannon({ url: `${bare}/bare` });
    const readBody = JSON.stringify({ query: 'query($id: ID!) { run(id: $id) { id status progress } }', variables: { id: r['id'] } });
    const readRes = await cannon({ url: `${api}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: readBody });
    const gqlHeaders = { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` };
    const uncached = await cannon({ url: `${apiNoCache}/graphql`, method: 'POST', headers: gqlHeaders, body: readBody });
    const withResult = await cannon({ url: `${api}/graphql`, method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ query: 'query($id: ID!) { run(id: $id) { id status progress result } }', variables: { id: r['id'] } }) });

    step('submissions');
    // 2. Submissions of distinct 200-pod versions.
    const template = JSON.stringify({ content: design(200, '__REV__') });
    let n = 0;
    const subRes = await cannon({
      url: `${api}/v1/designs/${d['id']}/versions`, method: 'POST', connections: 4,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      requests: [{ setupRequest: (req) => ({ ...req, body: template.replace('__REV__', `r${(n += 1)}`) }) }],
    });

    step('jobs');
    // 3. CAPACITY jobs: request -> SUCCEEDED seen on the subscription, one at a time on distinct versions.
    const ws = createClient({ url: api.replace('http', 'ws') + '/graphql', webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${ADMIN}` } });
    const jobMs: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const ver = await json(api, `/v1/designs/${d['id']}/versions`, { content: design(200, `job${i}`) });
      const start = performance.now();
      const run = await json(api, '/v1/runs', { versionId: ver['id'], kind: 'CAPACITY' });
      await new Promise<void>((resolve, reject) => {
        ws.subscribe({ query: 'subscription($id: ID!) { runUpdated(id: $id) { status } }', variables: { id: run['id'] } }, {
          next: (m) => { const s = (m.data?.['runUpdated'] as { status: string } | undefined)?.status; if (s === 'FAILED') reject(new Error('job failed')); },
          error: reject,
          complete: resolve,
        });
      });
      jobMs.push(performance.now() - start);
    }
    await ws.dispose();

    const ratio = readRes.requests.average / bareRes.requests.average;
    const rows: [string, string, string, string][] = [
      ['bare NestJS GET /bare', `${bareRes.requests.average.toFixed(0)} req/s, p99 ${bareRes.latency.p99} ms`, '-', '-'],
      ['GraphQL run(id) read', `${readRes.requests.average.toFixed(0)} req/s, p99 ${readRes.latency.p99} ms`, '>= 60% of bare', `${(ratio * 100).toFixed(1)}% (ratio ${(ratio / 0.6).toFixed(2)})`],
      ['GraphQL run(id) read p99', `${readRes.latency.p99} ms`, '< 50 ms', `${(readRes.latency.p99 / 50).toFixed(2)}`],
      ['  same, read cache off (Apollo executes each)', `${uncached.requests.average.toFixed(0)} req/s, p99 ${uncached.latency.p99} ms`, '-', `${((uncached.requests.average / bareRes.requests.average) * 100).toFixed(1)}% of bare`],
      ['GraphQL run(id) with result (capacity report)', `${withResult.requests.average.toFixed(0)} req/s, p99 ${withResult.latency.p99} ms`, '-', `${((withResult.requests.average / bareRes.requests.average) * 100).toFixed(1)}% of bare`],
      ['REST version submissions (200 pods, distinct)', `${subRes.requests.average.toFixed(1)} req/s, p50 ${subRes.latency.p50} ms, p99 ${subRes.latency.p99} ms, ${subRes.non2xx} non-2xx`, '-', '-'],
      ['CAPACITY job request -> result (30 jobs)', `p50 ${pct(jobMs, 50).toFixed(1)} ms, p90 ${pct(jobMs, 90).toFixed(1)} ms, max ${Math.max(...jobMs).toFixed(1)} ms`, 'p50 < 300 ms', `${(pct(jobMs, 50) / 300).toFixed(2)}`],
    ];
    console.log(`\nservice bench (${DURATION}s per autocannon run, 10 connections; submissions 4 connections)`);
    for (const [name, figure, target, r2] of rows) console.log(`${name.padEnd(48)} ${figure.padEnd(60)} target ${target.padEnd(16)} ${r2}`);
    const ok = ratio >= 0.6 && readRes.latency.p99 < 50 && pct(jobMs, 50) < 300;
    console.log(ok ? 'all targets met' : 'NOT all targets met');
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch((e: unknown) => step(`could not drop ${dbName}: ${String(e)}`));
    await admin.end();
    const redis = new Redis(REDIS);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    step('cleaned up');
  }
}

main().then(() => process.exit(0), (e: unknown) => { console.error(e); process.exit(1); });
