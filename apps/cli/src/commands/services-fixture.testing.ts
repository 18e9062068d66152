/** A two-node cluster as plain manifests (no ClusterDesign) for the iptables, dns and route command specs. */
export const SERVICES_FIXTURE = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Node
  metadata: {name: node-a, labels: {topology.kubernetes.io/zone: a}}
  spec: {podCIDR: 10.244.0.0/24}
  status: {addresses: [{type: InternalIP, address: 192.168.1.10}]}
- apiVersion: v1
  kind: Node
  metadata: {name: node-b, labels: {topology.kubernetes.io/zone: b}}
  spec: {podCIDR: 10.244.1.0/24}
  status: {addresses: [{type: InternalIP, address: 192.168.1.11}]}
- apiVersion: v1
  kind: Pod
  metadata: {name: web-1, namespace: default, labels: {app: web}}
  spec: {nodeName: node-a, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
  status: {podIP: 10.244.0.5, conditions: [{type: Ready, status: "True"}]}
- apiVersion: v1
  kind: Pod
  metadata: {name: web-2, namespace: default, labels: {app: web}}
  spec: {nodeName: node-b, containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
  status: {podIP: 10.244.1.7, conditions: [{type: Ready, status: "True"}]}
- apiVersion: v1
  kind: Service
  metadata: {name: web, namespace: default}
  spec: {type: NodePort, clusterIP: 10.96.0.50, selector: {app: web}, ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}]}
- apiVersion: v1
  kind: Service
  metadata: {name: empty, namespace: default}
  spec: {clusterIP: 10.96.0.51, selector: {app: none}, ports: [{port: 80}]}
- apiVersion: networking.k8s.io/v1
  kind: Ingress
  metadata: {name: web, namespace: default}
  spec:
    rules:
    - host: web.example.com
      http: {paths: [{path: /api, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;
