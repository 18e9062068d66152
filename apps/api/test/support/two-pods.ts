// Two pods on one bridge node, as a stored version's content: pod to pod on one node is veth -> bridge -> veth
// (Kubernetes cluster networking docs), so `default/a` -> `default/b:80` is delivered.
export const TWO_PODS = `apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: Node, metadata: {name: n1}, spec: {podCIDR: 10.244.0.0/24}, status: {addresses: [{type: InternalIP, address: 10.0.0.10}]}}
  - {apiVersion: v1, kind: Pod, metadata: {name: a, namespace: default}, spec: {nodeName: n1, containers: [{name: c}]}, status: {phase: Running, podIP: 10.244.0.5}}
  - {apiVersion: v1, kind: Pod, metadata: {name: b, namespace: default}, spec: {nodeName: n1, containers: [{name: c, ports: [{containerPort: 80}]}]}, status: {phase: Running, podIP: 10.244.0.6}}
`;
