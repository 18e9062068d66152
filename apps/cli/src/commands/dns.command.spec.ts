import { describe, expect, it } from 'vitest';
import { runCli } from '../support/test-io';
import { SERVICES_FIXTURE } from './services-fixture.testing';

// Expected answers: kubernetes/dns specification §2.3 (ClusterIP A record, PTR) and the ndots:5 search list of
// kubelet (shared/docs/dns.md §3).
describe('podnet dns', () => {
  it('answers an A question with exactly rcode and answers', async () => {
    const { code, stdout } = await runCli(['dns', '-f', '-', '--name', 'web.default.svc.cluster.local', '-o', 'json'], SERVICES_FIXTURE);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ rcode: 'NOERROR', answers: [{ name: 'web.default.svc.cluster.local.', type: 'A', ttl: 30, address: '10.96.0.50' }] });
  });

  it('walks the pod search list with --from and lists the queries sent', async () => {
    const { stdout } = await runCli(['dns', '-f', '-', '--name', 'web', '--from', 'default/web-1', '-o', 'json'], SERVICES_FIXTURE);
    expect(JSON.parse(stdout)).toMatchObject({ rcode: 'NOERROR', queriesSent: ['web.default.svc.cluster.local.'] });
  });

  it('turns an address into its reverse name for PTR', async () => {
    const { stdout } = await runCli(['dns', '-f', '-', '--name', '10.96.0.50', '--type', 'PTR', '-o', 'json'], SERVICES_FIXTURE);
    expect(JSON.parse(stdout).answers).toEqual([{ name: '50.0.96.10.in-addr.arpa.', type: 'PTR', ttl: 30, target: 'web.default.svc.cluster.local.' }]);
  });

  it('answers NXDOMAIN for an unknown Service and SRV for a named port', async () => {
    const nx = await runCli(['dns', '-f', '-', '--name', 'nosuch.default.svc.cluster.local', '-o', 'json'], SERVICES_FIXTURE);
    expect(JSON.parse(nx.stdout)).toEqual({ rcode: 'NXDOMAIN', answers: [] });
    const srv = await runCli(['dns', '-f', '-', '--name', '_http._tcp.web.default.svc.cluster.local', '--type', 'SRV', '-o', 'json'], SERVICES_FIXTURE);
    expect(JSON.parse(srv.stdout).answers[0]).toMatchObject({ port: 80, target: 'web.default.svc.cluster.local.' });
  });

  it('answers pod records per --pod-records', async () => {
    const insecure = await runCli(['dns', '-f', '-', '--name', '10-244-0-5.default.pod.cluster.local', '-o', 'json'], SERVICES_FIXTURE);
    expect(JSON.parse(insecure.stdout).rcode).toBe('NOERROR');
    const disabled = await runCli(['dns', '-f', '-', '--name', '10-244-0-5.default.pod.cluster.local', '--pod-records', 'disabled', '-o', 'json'], SERVICES_FIXTURE);
    expect(JSON.parse(disabled.stdout).rcode).toBe('NXDOMAIN');
  });

  it('refuses a bad type or an unknown pod (exit 2)', async () => {
    expect((await runCli(['dns', '-f', '-', '--name', 'x', '--type', 'MX'], SERVICES_FIXTURE)).code).toBe(2);
    expect((await runCli(['dns', '-f', '-', '--name', 'x', '--from', 'default/nope'], SERVICES_FIXTURE)).code).toBe(2);
  });

  it('reads the kube-system/coredns Corefile: pods mode, ttl, and hosts entries (CoreDNS kubernetes and hosts plugins)', async () => {
    const corefile = `${SERVICES_FIXTURE}- apiVersion: v1
  kind: ConfigMap
  metadata: {name: coredns, namespace: kube-system}
  data:
    Corefile: |
      .:53 {
          errors
          health { lameduck 5s }
          kubernetes cluster.local in-addr.arpa ip6.arpa {
             pods disabled
             fallthrough in-addr.arpa ip6.arpa
             ttl 7
          }
          hosts {
             192.0.2.53 www.example.com
             fallthrough
          }
          forward . /etc/resolv.conf
      }
- apiVersion: v1
  kind: Service
  metadata: {name: ext, namespace: default}
  spec: {type: ExternalName, externalName: www.example.com}
`;
    const pod = await runCli(['dns', '-f', '-', '--name', '10-244-0-5.default.pod.cluster.local', '-o', 'json'], corefile);
    expect(JSON.parse(pod.stdout).rcode).toBe('NXDOMAIN');
    // Spec §2.5: an A question for an ExternalName Service gets the CNAME plus the target's A record.
    const ext = await runCli(['dns', '-f', '-', '--name', 'ext.default.svc.cluster.local', '-o', 'json'], corefile);
    expect(JSON.parse(ext.stdout).answers).toEqual([
      { name: 'ext.default.svc.cluster.local.', type: 'CNAME', ttl: 7, target: 'www.example.com.' },
      { name: 'www.example.com.', type: 'A', ttl: 7, address: '192.0.2.53' },
    ]);
  });

  it('does not resolve cluster names for a hostNetwork pod with dnsPolicy ClusterFirst (kubelet falls back to Default)', async () => {
    const host = `${SERVICES_FIXTURE}- apiVersion: v1
  kind: Pod
  metadata: {name: agent, namespace: default}
  spec: {nodeName: node-a, hostNetwork: true, containers: [{name: c}]}
  status: {podIP: 192.168.1.10, conditions: [{type: Ready, status: "True"}]}
`;
    const { stdout, stderr } = await runCli(['dns', '-f', '-', '--name', 'web.default.svc.cluster.local', '--from', 'default/agent', '-o', 'json'], host);
    expect(JSON.parse(stdout).rcode).toBe('NXDOMAIN');
    expect(stderr).toContain('does not use the cluster DNS');
  });
});
