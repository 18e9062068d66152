import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT } from './servers';

/** examples/eks-vpc-cni as one text: the design (its `workloads: [{file}]` dropped) plus the manifests. */
export function eksExample(): string {
  const design = parse(readFileSync(join(ROOT, 'examples/eks-vpc-cni/design.yaml'), 'utf8')) as Record<string, unknown>;
  delete design['workloads'];
  return `${stringify(design)}---\n${readFileSync(join(ROOT, 'examples/eks-vpc-cni/workloads.yaml'), 'utf8')}`;
}

/** A design with `pods` pods: the EKS example's design plus Deployments of 10 replicas each. */
export function designWithPods(pods: number, salt = ''): string {
  const design = parse(readFileSync(join(ROOT, 'examples/eks-vpc-cni/design.yaml'), 'utf8')) as Record<string, unknown>;
  delete design['workloads'];
  const docs = [stringify(design)];
  for (let i = 0; i * 10 < pods; i += 1) {
    const replicas = Math.min(10, pods - i * 10);
    docs.push(
      stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `app-${i}${salt}`, namespace: 'bench', labels: { app: `app-${i}` } },
        spec: {
          replicas,
          selector: { matchLabels: { app: `app-${i}` } },
          template: { metadata: { labels: { app: `app-${i}` } }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 8080 }] }] } },
        },
      }),
    );
  }
  return docs.join('---\n');
}

export function fixture(path: string): string {
  return readFileSync(join(ROOT, 'test/fixtures', path), 'utf8');
}
