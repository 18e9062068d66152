import type { CniPlugin } from '@podnet/contracts';
import { allocateCalico } from './calico.ipam';
import { allocateDocker } from './docker.ipam';
import { allocateHostLocal } from './host-local.ipam';
import type { IpamAllocator, IpamContext } from './ipam';
import { allocateVpcCni } from './vpc-cni.ipam';

/**
 * The IPAM implementation of each CNI, behind one signature.
 *
 * @example
 * IPAM['calico'](ctx).kind // => 'calico'
 */
export const IPAM: Readonly<Record<CniPlugin, IpamAllocator>> = {
  bridge: (ctx: IpamContext) => allocateHostLocal(ctx, ctx.design.cni.bridge?.bridgeName ?? (ctx.generic ? 'cbr0' : 'cni0')),
  calico: allocateCalico,
  'aws-vpc-cni': allocateVpcCni,
  'docker-bridge': allocateDocker,
};
