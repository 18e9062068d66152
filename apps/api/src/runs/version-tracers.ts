import { loadInputs } from '@podnet/contracts';
import { TraceInputError, traceDocument, tracerForInventory, type TraceDocument, type Tracer } from '@podnet/netsim';

/** One trace's question. */
export interface TraceRequest {
  from: string;
  to: string;
  seed: number;
}

/** A trace's outcome as plain data (it crosses from the trace thread): the document, or the input it refused. */
export type TraceOutcome =
  | { kind: 'traced'; document: TraceDocument }
  | { kind: 'input'; field: string; value: string; message: string }
  | { kind: 'needs-content' };

/** What the API sends the trace thread, and what comes back. */
export interface ThreadRequest {
  id: number;
  versionId: string;
  request: TraceRequest;
  content?: string;
}
export type ThreadReply = { id: number; outcome: TraceOutcome } | { id: number; failure: string };

/**
 * The tracers (cluster model, policies, Services) of the most recently traced versions. Versions are immutable, so
 * each is built once from its stored content and kept while it stays among the `cacheSize` most recently used.
 */
export class VersionTracers {
  private readonly tracers = new Map<string, Tracer>();

  constructor(private readonly cacheSize: number) {}

  /** Traces on a version's tracer; without one, builds it from `content`, or answers `needs-content`. */
  trace(versionId: string, request: TraceRequest, content?: string): TraceOutcome {
    let tracer = this.tracers.get(versionId);
    if (tracer) {
      this.tracers.delete(versionId); // most recently used last
      this.tracers.set(versionId, tracer);
    } else {
      if (content === undefined) return { kind: 'needs-content' };
      tracer = tracerForInventory(loadInputs([{ name: '<content>', text: content }])).tracer;
      this.tracers.set(versionId, tracer);
      while (this.tracers.size > this.cacheSize) this.tracers.delete(this.tracers.keys().next().value as string);
    }
    try {
      return { kind: 'traced', document: traceDocument(tracer.trace(request)) };
    } catch (error) {
      if (error instanceof TraceInputError) return { kind: 'input', field: error.field, value: error.value, message: error.message };
      throw error;
    }
  }
}
