/** The cluster of kube-proxy's iptables unit tests (`pkg/proxy/iptables/proxier_test.go`): ns1/svc1:p80. */
export function svc1Manifests(opts: { etpLocal?: boolean; nodeName?: string } = {}): Record<string, unknown>[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc1', namespace: 'ns1' },
      spec: {
        type: 'NodePort',
        clusterIP: '172.30.0.41',
        ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }],
        selector: { app: 'svc1' },
        ...(opts.etpLocal ? { externalTrafficPolicy: 'Local' } : {}),
      },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'svc1-abc', namespace: 'ns1', labels: { 'kubernetes.io/service-name': 'svc1' } },
      addressType: 'IPv4',
      ports: [{ name: 'p80', port: 80, protocol: 'TCP' }],
      endpoints: [
        { addresses: ['10.180.0.1'], conditions: { ready: true }, ...(opts.nodeName ? { nodeName: opts.nodeName } : {}) },
        { addresses: ['10.180.0.2'], conditions: { ready: true } },
      ],
    },
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node1', labels: { 'kubernetes.io/hostname': 'node1' } },
      spec: { podCIDR: '10.180.0.0/24' },
      status: { addresses: [{ type: 'InternalIP', address: '192.168.0.2' }] },
    },
  ];
}
