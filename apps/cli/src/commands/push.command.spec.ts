import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';

// The end-to-end path (a real API, Postgres and workers) is in test/e2e/service.spec.ts; here: the command line's
// own errors, and that nothing is sent before the inputs are known to be valid.
let server: Server;
let url: string;
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'a valid API key is required' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const DESIGN = ['push', '-f', 'examples/eks-vpc-cni/design.yaml', '--design', 'shop'];

describe('podnet push: usage', () => {
  it('needs a server and a key, and names them', async () => {
    expect(await runCli(DESIGN)).toMatchObject({ code: 2, stderr: 'error: no server: give --server URL or set PODNET_SERVER\n' });
    expect((await runCli([...DESIGN, '--server', url])).stderr).toMatch(/^error: no API key: set PODNET_API_KEY/);
    expect((await runCli([...DESIGN, '--server', 'ftp://x'], '', { PODNET_API_KEY: 'k' })).stderr).toBe('error: --server "ftp://x": must be an http(s) URL\n');
  });

  it('refuses unknown run kinds and --wait without runs', async () => {
    const r = await runCli([...DESIGN, '--server', url, '--run', 'capacity,explode'], '', { PODNET_API_KEY: 'k' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--run "explode": must be one of capacity, reach, diff, check, reconcile/);
    expect((await runCli([...DESIGN, '--server', url, '--wait'], '', { PODNET_API_KEY: 'k' })).stderr).toBe('error: --wait needs --run KINDS\n');
  });

  it('sends nothing when the inputs are not valid (exit 2 with the path)', async () => {
    seen.length = 0;
    const r = await runCli(['push', '-f', '-', '--design', 'x', '--server', url], 'apiVersion: v1\nkind: Pod\nmetadata: {name: Bad_Name}\n', { PODNET_API_KEY: 'k' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/metadata\.name/);
    expect(seen).toEqual([]);
  });

  it("reports the service's refusal with its status and code (exit 2), and an unreachable service (exit 3)", async () => {
    const refused = await runCli([...DESIGN, '--server', url], '', { PODNET_API_KEY: 'wrong' });
    expect(refused).toMatchObject({ code: 2, stderr: 'error: GET v1/designs?first=1&name=shop: 401 UNAUTHENTICATED a valid API key is required\n' });
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const down = await runCli([...DESIGN, '--server', `http://127.0.0.1:${port}`], '', { PODNET_API_KEY: 'k' });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(/cannot reach the podnet service at http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });
});
