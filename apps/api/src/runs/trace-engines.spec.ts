import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TWO_PODS } from '../../test/support/two-pods';
import { InProcessTraceEngine, ThreadTraceEngine, type TraceEngine } from './trace-engines';

// The thread runs runs/trace-thread.ts from source here (tsx registered inside it); the API bundle runs
// dist/apps/api/trace-thread.js, which the e2e service tests cover.
const threadOf = (cacheSize: number) =>
  new ThreadTraceEngine(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(join(__dirname, 'trace-thread.ts'))}); })`, cacheSize, true);


/** `pods` pods behind 100 Services on 50 nodes, as one JSON List. */
function cluster(pods: number): string {
  const items: object[] = [];
  for (let n = 0; n < 50; n++) items.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `w${n}` }, spec: { podCIDR: `10.244.${n}.0/24` }, status: { addresses: [{ type: 'InternalIP', address: `10.0.1.${10 + n}` }] } });
  for (let s = 0; s < 100; s++) items.push({ apiVersion: 'v1', kind: 'Service', metadata: { name: `s${s}`, namespace: 'default' }, spec: { clusterIP: `10.96.${1 + (s >> 8)}.${s & 255}`, selector: { app: `s${s}` }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } });
  for (let k = 0; k < pods; k++) {
    items.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${k}`, namespace: 'default', labels: { app: `s${k % 100}` } }, spec: { nodeName: `w${k % 50}`, containers: [{ name: 'c', ports: [{ containerPort: 8080 }] }] }, status: { phase: 'Running', podIP: `10.244.${k % 50}.${2 + Math.floor(k / 50)}`, conditions: [{ type: 'Ready', status: 'True' }] } });
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

const engines: TraceEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});
function engine<T extends TraceEngine>(e: T): T {
  engines.push(e);
  return e;
}

describe('inline trace engines', () => {
  it('answers in the thread what the API thread answers, asking for a version\'s content once while it is kept', async () => {
    const reads: string[] = [];
    const content = (id: string) => async () => {
      reads.push(id);
      return TWO_PODS;
    };
    const thread = engine(threadOf(1));
    const local = engine(new InProcessTraceEngine(1));
    const question = { from: 'default/a', to: 'default/b:80', seed: 0 };
    const threaded = await thread.trace('v1', question, content('v1'));
    expect(threaded).toEqual(await local.trace('v1', question, async () => TWO_PODS));
    expect(threaded).toMatchObject({ kind: 'traced', document: { verdict: 'delivered' } });
    await thread.trace('v1', { ...question, from: 'default/b', to: 'default/a:80' }, content('v1'));
    await thread.trace('v2', question, content('v2'));
    await thread.trace('v1', question, content('v1')); // evicted by v2 (a cache of one)
    expect(reads).toEqual(['v1', 'v2', 'v1']);
    // A refused input comes back as data naming the field, as TraceInputError does in this thread.
    expect(await thread.trace('v1', { ...question, from: 'default/zz' }, content('v1'))).toMatchObject({ kind: 'input', field: '--from', value: 'default/zz' });
  });

  it('builds a large version\'s model off the event loop: timers keep firing while it builds', async () => {
    const big = cluster(20_000);
    const question = { from: 'default/p0', to: 'default/s1:80', seed: 1 };
    const gaps = async (e: TraceEngine) => {
      let last = performance.now();
      let widest = 0;
      const timer = setInterval(() => {
        const now = performance.now();
        widest = Math.max(widest, now - last);
        last = now;
      }, 5);
      const start = performance.now();
      const outcome = await e.trace('big', question, async () => big);
      clearInterval(timer);
      widest = Math.max(widest, performance.now() - last);
      return { outcome, took: performance.now() - start, widest };
    };
    const local = await gaps(engine(new InProcessTraceEngine(1)));
    const threaded = await gaps(engine(threadOf(1)));
    expect(threaded.outcome).toEqual(local.outcome);
    // In the API thread the build holds the loop for all of it; in the worker thread the loop stays free.
    expect(local.widest).toBeGreaterThan(0.8 * local.took);
    expect(threaded.took).toBeGreaterThan(200);
    expect(threaded.widest).toBeLessThan(threaded.took / 3);
  });

  it('fails the traces of a thread that exits, and starts a new thread for the next trace', async () => {
    const thread = engine(threadOf(1));
    const question = { from: 'default/p0', to: 'default/s1:80', seed: 1 };
    const pending = thread.trace('big', question, async () => cluster(5_000));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await thread.close();
    await expect(pending).rejects.toThrow(/inline trace thread exited/);
    expect(await thread.trace('v1', { from: 'default/a', to: 'default/b:80', seed: 0 }, async () => TWO_PODS)).toMatchObject({ kind: 'traced' });
  });
});
