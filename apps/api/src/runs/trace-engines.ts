import { Worker } from 'node:worker_threads';
import { VersionTracers, type ThreadReply, type ThreadRequest, type TraceOutcome, type TraceRequest } from './version-tracers';

/** Where inline traces run: answers a trace on a version, asking for its stored content only when it must build. */
export interface TraceEngine {
  trace(versionId: string, request: TraceRequest, content: () => Promise<string>): Promise<Exclude<TraceOutcome, { kind: 'needs-content' }>>;
  close(): Promise<void>;
}

/** In the caller's thread (tests, and an API without its bundled trace thread). */
export class InProcessTraceEngine implements TraceEngine {
  private readonly tracers: VersionTracers;

  constructor(cacheSize: number) {
    this.tracers = new VersionTracers(cacheSize);
  }

  async trace(versionId: string, request: TraceRequest, content: () => Promise<string>) {
    const outcome = this.tracers.trace(versionId, request);
    if (outcome.kind !== 'needs-content') return outcome;
    const built = this.tracers.trace(versionId, request, await content());
    if (built.kind === 'needs-content') throw new Error(`no tracer for version ${versionId} after building it`);
    return built;
  }

  /** Nothing to stop: the tracers are this thread's objects. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * In one worker thread that keeps the tracers: the API's event loop never runs a model build. The thread starts on
 * the first trace and again after it exits (a failure there fails only the traces it was answering).
 */
export class ThreadTraceEngine implements TraceEngine {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { worker: Worker; resolve: (reply: ThreadReply) => void; reject: (error: Error) => void }>();

  /** `script`: the thread's file, or (with `evalScript`) JavaScript that loads it (tests bootstrap tsx that way). */
  constructor(
    private readonly script: string,
    private readonly cacheSize: number,
    private readonly evalScript = false,
  ) {}

  async trace(versionId: string, request: TraceRequest, content: () => Promise<string>) {
    let reply = await this.ask({ versionId, request });
    if ('outcome' in reply && reply.outcome.kind === 'needs-content') reply = await this.ask({ versionId, request, content: await content() });
    if ('failure' in reply) throw new Error(`inline trace thread: ${reply.failure}`);
    if (reply.outcome.kind === 'needs-content') throw new Error(`inline trace thread: no tracer for version ${versionId} after sending its content`);
    return reply.outcome;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private ask(message: Omit<ThreadRequest, 'id'>): Promise<ThreadReply> {
    const id = this.nextId++;
    const worker = this.thread();
    return new Promise<ThreadReply>((resolve, reject) => {
      this.pending.set(id, { worker, resolve, reject });
      worker.postMessage({ id, ...message } satisfies ThreadRequest);
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { workerData: { cacheSize: this.cacheSize }, eval: this.evalScript });
    // The thread holds nothing worth keeping the process alive for.
    worker.unref();
    worker.on('message', (reply: ThreadReply) => {
      const waiter = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      waiter?.resolve(reply);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiter] of this.pending) {
        if (waiter.worker !== worker) continue; // a later thread's traces
        this.pending.delete(id);
        waiter.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`inline trace thread exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
