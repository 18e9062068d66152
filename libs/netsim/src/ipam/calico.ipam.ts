import { podCidrs } from '@podnet/contracts';
import { statusPodIp } from '../model/pods';
import type { SimNode, SimPod } from '../model/types';
import { cidr4, inCidr4, ip4Text, makeCidr4, type Cidr4 } from '../net/ipv4';
import { calicoSelector } from './calico-selector';
import { failPod, setPodIp, type CalicoBlock, type CalicoIpamState, type CalicoPoolState, type IpamContext, type RangeOwner } from './ipam';

/** calico/node's default pool when none is configured (`CALICO_IPV4POOL_CIDR`, IPIP Always as manifests/calico.yaml sets it). */
const DEFAULT_POOL = { name: 'default-ipv4-ippool', blockSize: 26, encapsulation: 'IPIP', mode: 'Always', natOutgoing: true, nodeSelector: 'all()', disabled: false } as const;

function blockOf(pool: CalicoPoolState, index: number): CalicoBlock {
  let block = pool.blocks.get(index);
  if (!block) {
    const size = 2 ** (32 - pool.blockSize);
    block = { cidr: makeCidr4(pool.cidr.base + index * size, pool.blockSize), pool, affinity: null, used: new Uint8Array(size), allocated: 0 };
    pool.blocks.set(index, block);
  }
  return block;
}

function take(block: CalicoBlock): number {
  const used = block.used;
  for (let i = 0; i < used.length; i++) {
    if (used[i] === 0) {
      used[i] = 1;
      block.allocated++;
      return block.cidr.base + i;
    }
  }
  return -1;
}

/**
 * Calico IPAM (libcalico-go `ipam.go` autoAssign): a node takes addresses from its affine blocks in claim
 * order (ordinals ascending, `.0` and the last included: blocks are not subnets); when they are full it
 * claims the next unclaimed block of a pool that selects it; when none is left and strictAffinity is false
 * (the default) it borrows from another node's block. Blocks are claimed in ascending order (Calico picks
 * them at random; podnet stays deterministic). With IPIP or VXLAN each node first gets its tunnel address.
 *
 * @example
 * allocateCalico(ctx).nodeBlocks[0][0].cidr.text // => '192.168.0.0/26'
 */
export function allocateCalico(ctx: IpamContext): CalicoIpamState {
  const configured = ctx.design.cni.calico?.ipPools;
  const sources = configured && configured.length > 0 ? configured : [{ ...DEFAULT_POOL, cidr: podCidrs(ctx.design)[0] ?? '192.168.0.0/16' }];
  const pools: CalicoPoolState[] = [];
  for (const p of sources) {
    const block = cidr4(p.cidr);
    if (!block) continue;
    pools.push({ name: p.name, cidr: block, blockSize: p.blockSize, encapsulation: p.encapsulation, mode: p.mode, natOutgoing: p.natOutgoing, disabled: p.disabled, selects: calicoSelector(p.nodeSelector, ctx.warnings), blocks: new Map(), nextUnclaimed: 0 });
  }
  const nodeBlocks: CalicoBlock[][] = ctx.nodes.map(() => []);
  const borrowed = new Map<number, SimNode>();
  const poolOf = (ip: number) => pools.find((p) => inCidr4(p.cidr, ip));
  const blockIndex = (pool: CalicoPoolState, ip: number) => Math.floor((ip - pool.cidr.base) / 2 ** (32 - pool.blockSize));

  const claim = (node: SimNode): CalicoBlock | null => {
    for (const pool of pools) {
      if (pool.disabled || !pool.selects(node)) continue;
      const count = 2 ** (pool.blockSize - pool.cidr.prefix);
      while (pool.nextUnclaimed < count) {
        const block = blockOf(pool, pool.nextUnclaimed++);
        if (block.affinity === null && block.allocated === 0) {
          block.affinity = node;
          nodeBlocks[node.index]!.push(block);
          return block;
        }
      }
    }
    return null;
  };
  const assign = (node: SimNode): number => {
    for (const block of nodeBlocks[node.index]!) {
      if (block.allocated < block.used.length) return take(block);
    }
    const fresh = claim(node);
    if (fresh) return take(fresh);
    for (const pool of pools) {
      if (pool.disabled || !pool.selects(node)) continue;
      for (const block of pool.blocks.values()) {
        if (block.allocated < block.used.length) {
          const ip = take(block);
          borrowed.set(ip, node);
          return ip;
        }
      }
    }
    return -1;
  };

  // Addresses given in the inputs first, so nothing else takes them.
  for (const node of ctx.nodes) {
    for (const pod of node.pods) {
      if (pod.hostNetwork || pod.phase !== 'Running') continue;
      const wanted = statusPodIp(pod);
      if (wanted < 0) continue;
      setPodIp(pod, wanted, ip4Text(wanted), 'status');
      const pool = poolOf(wanted);
      if (!pool) {
        ctx.warnings.push(`${pod.key}: status.podIP ${ip4Text(wanted)} is in no Calico IP pool (${pools.map((p) => p.cidr.text).join(', ')})`);
        continue;
      }
      const block = blockOf(pool, blockIndex(pool, wanted));
      if (block.affinity === null) {
        block.affinity = node;
        nodeBlocks[node.index]!.push(block);
      }
      const ordinal = wanted - block.cidr.base;
      if (block.used[ordinal] === 0) {
        block.used[ordinal] = 1;
        block.allocated++;
      }
      if (block.affinity !== node) borrowed.set(wanted, node);
    }
  }

  const tunnelIp = ctx.nodes.map((node) => {
    const pool = pools.find((p) => !p.disabled && p.encapsulation !== 'None' && p.selects(node));
    return pool ? assign(node) : -1;
  });

  for (const node of ctx.nodes) {
    for (const pod of node.pods) {
      if (pod.hostNetwork || pod.phase !== 'Running' || pod.ipNum >= 0) continue;
      assignPod(pod, node, assign(node), pools);
    }
  }
  const ranges: Cidr4[] = pools.map((p) => p.cidr);
  return {
    kind: 'calico',
    pools,
    nodeBlocks,
    borrowed,
    tunnelIp,
    ranges,
    poolOf,
    ownerOf(ip: number): RangeOwner | null {
      const host = borrowed.get(ip);
      if (host) return { node: host, range: `${ip4Text(ip)}/32`, borrowed: true };
      const pool = poolOf(ip);
      if (!pool) return null;
      const block = pool.blocks.get(blockIndex(pool, ip));
      return block?.affinity ? { node: block.affinity, range: block.cidr.text } : null;
    },
  };
}

function assignPod(pod: SimPod, node: SimNode, ip: number, pools: readonly CalicoPoolState[]): void {
  if (ip < 0) {
    failPod(pod, `Calico IPAM: no free address for ${node.name} in pool(s) ${pools.filter((p) => !p.disabled).map((p) => p.cidr.text).join(', ')} (no free affine block, no unclaimed block, nothing to borrow)`);
    return;
  }
  setPodIp(pod, ip, ip4Text(ip), 'ipam');
}
