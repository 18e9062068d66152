import { designDoc, type PodSketch } from './cluster';

/** Two Docker hosts (10.0.0.10, 10.0.0.11) on Docker's default bridge. */
export function dockerDesign(pods: readonly PodSketch[]): string {
  return designDoc({ cni: { plugin: 'docker-bridge' }, nodes: [{ name: 'host-a' }, { name: 'host-b' }] }, pods);
}
