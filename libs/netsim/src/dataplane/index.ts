import type { ClusterModel } from '../model/types';
import { bridgeDataplane } from './bridge/bridge.dataplane';
import { calicoDataplane } from './calico/calico.dataplane';
import type { Dataplane } from './dataplane';
import { dockerDataplane } from './docker/docker.dataplane';
import { vpcDataplane } from './vpc/vpc.dataplane';

/**
 * The data path of the model's CNI.
 *
 * @example
 * createDataplane(model).cni // => 'calico'
 */
export function createDataplane(model: ClusterModel): Dataplane {
  const ipam = model.ipam;
  switch (ipam.kind) {
    case 'bridge':
      return bridgeDataplane(model, ipam);
    case 'calico':
      return calicoDataplane(model, ipam);
    case 'aws-vpc-cni':
      return vpcDataplane(model, ipam);
    case 'docker-bridge':
      return dockerDataplane(model, ipam);
  }
}
