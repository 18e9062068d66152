import { describe, expect, it } from 'vitest';
import { run } from '../program';
import type { CliIo } from '../support/io';
import { runCli } from '../support/test-io';
import { SERVICES_FIXTURE } from './services-fixture.testing';

// Expected rules follow kube-proxy's iptables proxier (shared/docs/kube-proxy.md §3): REJECT in filter
// KUBE-SERVICES for a Service without endpoints, 1/n probabilities, the NodePort jump last.
describe('podnet iptables', () => {
  it('prints a complete iptables-save ruleset for the node', async () => {
    const { code, stdout } = await runCli(['iptables', '-f', '-', '--node', 'node-a'], SERVICES_FIXTURE);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toContain('*filter');
    expect(lines).toContain('*nat');
    expect(lines.filter((l) => l === 'COMMIT')).toHaveLength(2);
    expect(lines).toContain('-A KUBE-SERVICES -m comment --comment "default/empty has no endpoints" -m tcp -p tcp -d 10.96.0.51 --dport 80 -j REJECT');
    expect(lines.some((l) => l.includes('--probability 0.5000000000'))).toBe(true);
    expect(lines).toContain('-A KUBE-NODEPORTS -m comment --comment default/web:http -m tcp -p tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL');
    // Cluster CIDR from the Nodes' podCIDRs (cli-contract.md): the smallest block covering both.
    expect(stdout).toContain('! -s 10.244.0.0/23 -j KUBE-MARK-MASQ');
  });

  it('prints nftables and ipvs forms with --mode', async () => {
    const nft = await runCli(['iptables', '-f', '-', '--node', 'node-a', '--mode', 'nftables'], SERVICES_FIXTURE);
    expect(nft.code).toBe(0);
    expect(nft.stdout).toContain('table ip kube-proxy {');
    expect(nft.stdout).toContain('numgen random mod 2 vmap');
    const ipvs = await runCli(['iptables', '-f', '-', '--node', 'node-a', '--mode', 'ipvs'], SERVICES_FIXTURE);
    expect(ipvs.code).toBe(0);
    expect(ipvs.stdout).toContain('-A -t 10.96.0.50:80 -s rr');
    expect(ipvs.stdout).toContain('-a -t 10.96.0.50:80 -r 10.244.0.5:8080 -m -w 1');
  });

  it('is deterministic', async () => {
    const a = await runCli(['iptables', '-f', '-', '--node', 'node-b'], SERVICES_FIXTURE);
    const b = await runCli(['iptables', '-f', '-', '--node', 'node-b'], SERVICES_FIXTURE);
    expect(a.stdout).toBe(b.stdout);
  });

  it('refuses an unknown node and a bad mode (exit 2)', async () => {
    const node = await runCli(['iptables', '-f', '-', '--node', 'nope'], SERVICES_FIXTURE);
    expect(node.code).toBe(2);
    expect(node.stderr).toContain('known: node-a, node-b');
    const mode = await runCli(['iptables', '-f', '-', '--node', 'node-a', '--mode', 'userspace'], SERVICES_FIXTURE);
    expect(mode.code).toBe(2);
  });

  it('reports a NodePort conflict as the API server would (exit 2)', async () => {
    const dup = `${SERVICES_FIXTURE}- apiVersion: v1
  kind: Service
  metadata: {name: other, namespace: default}
  spec: {type: NodePort, selector: {app: web}, ports: [{port: 81, nodePort: 30080}]}
`;
    const { code, stderr } = await runCli(['iptables', '-f', '-', '--node', 'node-a'], dup);
    expect(code).toBe(2);
    expect(stderr).toContain('provided port is already allocated');
  });

  it('takes node-group nodes and IPAM pod addresses from the simulation model (EKS design)', async () => {
    const design = 'examples/eks-vpc-cni/design.yaml';
    const unknown = await runCli(['iptables', '-f', design, '--node', 'nope']);
    const node = /known: ([^,)]+)/.exec(unknown.stderr)?.[1];
    expect(node).toMatch(/\.ec2\.internal$/);
    const { code, stdout } = await runCli(['iptables', '-f', design, '--node', node!]);
    expect(code).toBe(0);
    // Deployment pods get VPC addresses from IPAM and are Ready once placed: the Service has endpoints.
    expect(stdout).toMatch(/-A KUBE-SERVICES -m comment --comment "shop\/frontend:http cluster IP" .* -j KUBE-SVC-/);
    // The implicit kubernetes Service has no known endpoints on EKS (control-plane ENIs): no REJECT rule for it.
    expect(stdout).not.toContain('default/kubernetes:https has no endpoints');
  });

  it('writes the same bytes through a byte sink (what the real stdout uses), every mode', async () => {
    for (const mode of ['iptables', 'nftables', 'ipvs']) {
      const text = await runCli(['iptables', '-f', '-', '--node', 'node-a', '--mode', mode], SERVICES_FIXTURE);
      const chunks: Uint8Array[] = [];
      let strings = '';
      const io: CliIo = {
        stdout: (t) => {
          strings += t;
        },
        // Copied: the command reuses its buffer for the next chunk.
        stdoutBytes: (chunk) => {
          chunks.push(chunk.slice());
        },
        stderr: () => undefined,
        readFile: () => SERVICES_FIXTURE,
        isTTY: false,
        env: {},
      };
      expect(await run(['node', 'podnet', 'iptables', '-f', '-', '--node', 'node-a', '--mode', mode], io)).toBe(0);
      expect(strings).toBe('');
      expect(Buffer.concat(chunks).toString('utf8')).toBe(text.stdout);
    }
  });
});
