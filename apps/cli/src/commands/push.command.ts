import { RUN_KINDS, type RunKind } from '@podnet/contracts';
import type { CommandModule } from './command';
import { wholeNumber } from './planner-options';
import { bundleFiles } from '../support/bundle';
import { CheckFailed, UsageError } from '../support/errors';
import { collect, loadFiles } from '../support/inputs';
import type { CliIo } from '../support/io';
import { renderOutput, table } from '../support/output';

// `podnet push`: submit a design version to a podnet service from a pipeline (the version's source is CLI), and
// optionally request runs on it and wait for their results. The API key comes from PODNET_API_KEY only (never a
// flag: command lines end up in shell history and process lists).

interface PushFlags {
  file: string[];
  design: string;
  server?: string;
  run?: string;
  wait?: boolean;
  timeout: number;
  exitCode?: boolean;
  output: string;
}

interface RunView {
  id: string;
  kind: RunKind;
  status: string;
  error?: { code: string; message: string } | null;
  result?: unknown;
}

/** What `podnet push -o json` prints. */
export interface PushOutput {
  server: string;
  design: { id: string; name: string; created: boolean };
  version: { id: string; number: number; contentHash: string; created: boolean; parentId: string | null };
  runs: RunView[];
}

const PUSHABLE = RUN_KINDS.filter((k) => k !== 'TRACE');
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

function parseKinds(text: string | undefined): RunKind[] {
  if (!text) return [];
  const kinds = text.split(',').map((k) => k.trim().toUpperCase()).filter((k) => k !== '');
  for (const kind of kinds) {
    if (!(PUSHABLE as readonly string[]).includes(kind)) {
      throw new UsageError(`--run ${JSON.stringify(kind.toLowerCase())}: must be one of ${PUSHABLE.map((k) => k.toLowerCase()).join(', ')} (a trace needs --from/--to: use the service's traceVersion)`);
    }
  }
  return [...new Set(kinds)] as RunKind[];
}

/** A small JSON client for the service's REST API; every failure becomes a CLI error with the server's words. */
function client(server: string, key: string) {
  return async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    let res: Response;
    try {
      res = await fetch(new URL(path, server), {
        method,
        headers: { authorization: `Bearer ${key}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`cannot reach the podnet service at ${server.replace(/\/$/, '')}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (res.ok) return { status: res.status, body: parsed as T };
    const err = (parsed as { error?: { code?: string; message?: string; issues?: { path: (string | number)[]; message: string }[] } } | null)?.error;
    const detail = err?.issues?.length ? err.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ') : (err?.message ?? (text.slice(0, 200) || res.statusText));
    const message = `${method} ${path}: ${res.status} ${err?.code ?? ''} ${detail}`.replace(/\s+/g, ' ').trim();
    // The caller's mistakes (bad design, bad key, no access) are bad input; the service failing is not.
    if (res.status >= 400 && res.status < 500) throw new UsageError(message);
    throw new Error(message);
  };
}

async function push(io: CliIo, flags: PushFlags): Promise<PushOutput> {
  const server = flags.server ?? io.env['PODNET_SERVER'];
  if (!server) throw new UsageError('no server: give --server URL or set PODNET_SERVER');
  if (!/^https?:\/\/[^/]/.test(server)) throw new UsageError(`--server ${JSON.stringify(server)}: must be an http(s) URL`);
  const key = io.env['PODNET_API_KEY'];
  if (!key) throw new UsageError('no API key: set PODNET_API_KEY (a key with write scope; see `podnet keys create`)');
  const kinds = parseKinds(flags.run);
  if (flags.wait && kinds.length === 0) throw new UsageError('--wait needs --run KINDS');

  loadFiles(io, flags.file); // exit 2 with file, line and path before anything is sent
  const content = bundleFiles(io, flags.file);
  const call = client(server.endsWith('/') ? server : `${server}/`, key);

  const found = await call<{ items: { id: string; name: string }[] }>('GET', `v1/designs?first=1&name=${encodeURIComponent(flags.design)}`);
  let design = found.body.items[0];
  let designCreated = false;
  if (!design) {
    design = (await call<{ id: string; name: string }>('POST', 'v1/designs', { name: flags.design })).body;
    designCreated = true;
  }
  const submitted = await call<{ id: string; number: number; contentHash: string; parentId: string | null; created: boolean }>('POST', `v1/designs/${design.id}/versions`, { content }, { 'x-podnet-client': 'cli' });
  const version = submitted.body;

  const runs: RunView[] = [];
  for (const kind of kinds) {
    // DIFF compares the version before this one (its parent) with this one: what this push changes.
    if (kind === 'DIFF' && !version.parentId) {
      io.stderr('warning: --run diff: this is the design\'s first version; nothing to compare with\n');
      continue;
    }
    const request = kind === 'DIFF' ? { versionId: version.parentId, kind, params: { against: version.id } } : { versionId: version.id, kind };
    const run = (await call<RunView>('POST', 'v1/runs', request)).body;
    runs.push({ id: run.id, kind: run.kind, status: run.status });
  }
  if (flags.wait) {
    const until = Date.now() + flags.timeout * 1000;
    for (const [i, run] of runs.entries()) {
      for (;;) {
        const now = (await call<RunView>('GET', `v1/runs/${run.id}`)).body;
        if (FINISHED.has(now.status)) {
          runs[i] = { id: now.id, kind: now.kind, status: now.status, error: now.error ?? null, result: now.result ?? null };
          break;
        }
        if (Date.now() > until) throw new CheckFailed(`run ${run.id} (${run.kind}) still ${now.status} after ${flags.timeout} s`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
  return {
    server,
    design: { id: design.id, name: design.name, created: designCreated },
    version: { id: version.id, number: version.number, contentHash: version.contentHash, created: version.created, parentId: version.parentId },
    runs,
  };
}

/** Whether a finished run says the design is not what it should be (a failed run or assertion, drift, a change). */
function failed(run: RunView): boolean {
  if (run.status !== 'SUCCEEDED') return FINISHED.has(run.status);
  const result = run.result as { passed?: boolean; inSync?: boolean; changed?: unknown[] } | null;
  if (run.kind === 'CHECK') return result?.passed === false;
  if (run.kind === 'RECONCILE') return result?.inSync === false;
  return false;
}

function text(out: PushOutput, color: boolean): string {
  const lines = [
    `${out.design.created ? 'created design' : 'design'} ${out.design.name} (${out.design.id})`,
    `${out.version.created ? 'new version' : 'unchanged: same content as version'} ${out.version.number} (${out.version.id}, sha256 ${out.version.contentHash.slice(0, 12)})`,
  ];
  if (out.runs.length > 0) {
    lines.push(
      table(
        ['RUN', 'KIND', 'STATUS', 'OUTCOME'],
        out.runs.map((r) => [r.id, r.kind, r.status, r.error ? `${r.error.code}: ${r.error.message}` : r.status === 'SUCCEEDED' ? (failed(r) ? 'needs attention' : 'ok') : '-']),
        color,
      ),
    );
  }
  return lines.join('\n');
}

export const pushCommand: CommandModule = {
  register(program, io) {
    program
      .command('push')
      .description('submit the inputs as a new version of a design to a podnet service (source: cli), optionally run and wait for checks')
      .requiredOption('-f, --file <file>', 'ClusterDesign and manifests (repeatable, - for stdin)', collect)
      .requiredOption('--design <name>', 'the design to add a version to (created when new)')
      .option('--server <url>', 'the podnet service (default: PODNET_SERVER); the key is PODNET_API_KEY')
      .option('--run <kinds>', `runs to request on the version, comma-separated: ${PUSHABLE.map((k) => k.toLowerCase()).join(', ')} (diff: the previous version against this one)`)
      .option('--wait', 'wait for the runs and include their results')
      .option('--timeout <seconds>', 'with --wait: give up after this long (exit 1)', wholeNumber('--timeout', 1), 600)
      .option('--exit-code', 'with --wait: exit 1 when a run failed, a check did not pass or reconcile found drift')
      .option('-o, --output <format>', 'table, json or yaml', 'table')
      .action(async (flags: PushFlags) => {
        const out = await push(io, flags);
        io.stdout(renderOutput(flags.output, out, { table: () => text(out, io.isTTY) }));
        if (flags.exitCode && out.runs.some(failed)) throw new CheckFailed('');
      });
  },
};
