import { routeHttpRequest } from '@podnet/netsim';
import type { CommandModule } from './command';
import { UsageError } from '../support/errors';
import { collect, loadFiles } from '../support/inputs';
import { renderOutput } from '../support/output';

interface RouteFlags {
  file: string[];
  host?: string;
  path: string;
  header?: string[];
  output: string;
}

export const routeCommand: CommandModule = {
  register(program, io) {
    program
      .command('route')
      .description('which backend an HTTP request reaches through the Ingresses and Gateway API HTTPRoutes')
      .requiredOption('-f, --file <file>', 'ClusterDesign or Kubernetes manifests (repeatable, - for stdin)', collect)
      .option('--host <host>', 'the Host header (omit for a request without one)')
      .option('--path <path>', 'the request path (with ?query)', '/')
      .option('--header <K:V>', 'a request header (repeatable)', collect)
      .option('-o, --output <format>', 'table, json or yaml', 'table')
      .action((opts: RouteFlags) => {
        if (!opts.path.startsWith('/')) throw new UsageError(`--path must start with / (got ${JSON.stringify(opts.path)})`);
        const headers: Record<string, string> = {};
        for (const h of opts.header ?? []) {
          const i = h.indexOf(':');
          if (i <= 0) throw new UsageError(`--header must be NAME:VALUE (got ${JSON.stringify(h)})`);
          headers[h.slice(0, i).trim()] = h.slice(i + 1).trim();
        }
        const inventory = loadFiles(io, opts.file);
        const decision = routeHttpRequest(inventory, { ...(opts.host !== undefined ? { host: opts.host } : {}), path: opts.path, headers });
        if (decision.alsoMatched?.via) {
          const v = decision.alsoMatched.via;
          io.stderr(`note: ${v.kind} ${v.namespace}/${v.name} also matches (backend ${decision.alsoMatched.backend?.service}:${decision.alsoMatched.backend?.port}); the Ingress is preferred\n`);
        }
        const data = {
          status: decision.status,
          backend: decision.backend ? { service: decision.backend.service, port: decision.backend.port } : null,
          via: decision.via ? { kind: decision.via.kind, namespace: decision.via.namespace, name: decision.via.name } : null,
        };
        io.stdout(
          renderOutput(opts.output, data, {
            table: () =>
              data.status === 200 && data.backend && data.via
                ? `200 -> service ${data.backend.service}:${data.backend.port} via ${data.via.kind} ${data.via.namespace}/${data.via.name} (${decision.reason})`
                : `404 (${decision.reason})`,
          }),
        );
      });
  },
};
