import { formatIp, parseCidr, parseIp } from '@podnet/contracts';
import { clusterIpBands, DEFAULT_NODE_PORT_RANGE, nodePortBands, type Band, type Bands } from './bands';
import { fnv1a32 } from './random';
import type { ServiceRequest } from './service-info';
import type { IpFamilyName, ServiceInfo, ServiceIssue, ServicePortInfo } from './types';

/** Allocation settings: the service CIDRs (one per family, primary first) and the NodePort range. */
export interface AllocationOptions {
  readonly serviceCIDRs: readonly string[];
  /** Whether requested ClusterIPs must lie in `serviceCIDRs` (false for plain manifests from an unknown cluster). */
  readonly enforceRange: boolean;
  readonly nodePortRange?: { readonly base: number; readonly size: number };
}

/** The allocated Services, and the requests the API server would have refused. */
export interface AllocationResult {
  readonly services: readonly ServiceInfo[];
  readonly issues: readonly ServiceIssue[];
}

/** A bitmap-like allocator over one range with a static and a dynamic band (`randomScanStrategyWithOffset`). */
class BandAllocator {
  private readonly used = new Set<bigint>();
  constructor(private readonly bands: Bands) {}

  contains(value: bigint): boolean {
    const inBand = (b: Band | null) => b !== null && b.first <= value && value <= b.last;
    return inBand(this.bands.static) || inBand(this.bands.dynamic);
  }

  /** Marks a requested value; returns the API server's reason when it cannot be had. */
  allocate(value: bigint): 'ok' | 'range' | 'taken' {
    if (!this.contains(value)) return 'range';
    if (this.used.has(value)) return 'taken';
    this.used.add(value);
    return 'ok';
  }

  /** Reserves a value without range checks (explicit IPs of clusters whose range is unknown). */
  reserve(value: bigint): boolean {
    if (this.used.has(value)) return false;
    this.used.add(value);
    return true;
  }

  /** Dynamic allocation: random start in the upper band, scan with wrap-around; then the lower band. */
  next(seed: number): bigint | null {
    for (const band of [this.bands.dynamic, this.bands.static]) {
      if (!band) continue;
      const size = band.last - band.first + 1n;
      const start = BigInt(seed) % size;
      for (let i = 0n; i < size; i += 1n) {
        const candidate = band.first + ((start + i) % size);
        if (!this.used.has(candidate)) {
          this.used.add(candidate);
          return candidate;
        }
      }
    }
    return null;
  }
}

function familyName(family: 4 | 6): IpFamilyName {
  return family === 4 ? 'IPv4' : 'IPv6';
}

function needsNodePorts(req: ServiceRequest): boolean {
  const t = req.info.type;
  return t === 'NodePort' || (t === 'LoadBalancer' && req.allocateLoadBalancerNodePorts);
}

/**
 * Allocates ClusterIPs and NodePorts the way kube-apiserver does: requested values first (accepted anywhere in
 * the range, refused when out of range or taken, with the API server's messages), then dynamic values from the
 * upper band, falling back to the lower band. `healthCheckNodePort` comes from the NodePort allocator, only for
 * LoadBalancer Services with externalTrafficPolicy Local. Dual-stack follows `ipFamilyPolicy`. Refused Services
 * are left out of the result. The "random" start is a hash of the Service name, so the answer is deterministic.
 *
 * @example
 * allocateServices([req], { serviceCIDRs: ['10.96.0.0/24'], enforceRange: true }).services[0]?.clusterIPs // => ['10.96.0.1xx'] from 10.96.0.17-254
 */
export function allocateServices(requests: readonly ServiceRequest[], options: AllocationOptions): AllocationResult {
  const cidrs = options.serviceCIDRs.map((c) => parseCidr(c));
  const ipAllocators = new Map<IpFamilyName, { alloc: BandAllocator; cidr: string }>();
  for (const cidr of cidrs) {
    const name = familyName(cidr.family);
    if (!ipAllocators.has(name)) ipAllocators.set(name, { alloc: new BandAllocator(clusterIpBands(cidr.text)), cidr: cidr.text });
  }
  const primary: IpFamilyName = cidrs[0] ? familyName(cidrs[0].family) : 'IPv4';
  const range = options.nodePortRange ?? DEFAULT_NODE_PORT_RANGE;
  const portAlloc = new BandAllocator(nodePortBands(range));
  const rangeText = `${range.base}-${range.base + range.size - 1}`;
  const issues: ServiceIssue[] = [];
  const refused = new Set<number>();
  const object = (r: ServiceRequest) => `Service/${r.info.namespace}/${r.info.name}`;
  const refuse = (i: number, issue: ServiceIssue) => {
    refused.add(i);
    issues.push(issue);
  };

  // Families each Service gets (API server defaulting of ipFamilies by ipFamilyPolicy).
  const families = requests.map((r, i): IpFamilyName[] => {
    if (r.info.type === 'ExternalName') return [];
    let fams = [...r.info.ipFamilies];
    if (fams.length === 0) fams = [primary];
    const dual = ipAllocators.size > 1;
    if (r.ipFamilyPolicy === 'RequireDualStack' && !dual && options.enforceRange) {
      refuse(i, { object: object(r), field: 'spec.ipFamilyPolicy', value: 'RequireDualStack', message: 'this cluster is not configured for dual-stack services' });
    }
    if (dual && r.ipFamilyPolicy !== 'SingleStack' && fams.length === 1) fams.push(fams[0] === 'IPv4' ? 'IPv6' : 'IPv4');
    if (!dual || r.ipFamilyPolicy === 'SingleStack') fams = fams.slice(0, 1);
    for (const f of fams) {
      if (!ipAllocators.has(f) && options.enforceRange && !r.info.headless) {
        refuse(i, { object: object(r), field: 'spec.ipFamilies', value: f, message: `this cluster has no ${f} service CIDR` });
      }
    }
    return fams;
  });

  // Pass 1: requested ClusterIPs and NodePorts, in input order.
  requests.forEach((r, i) => {
    if (refused.has(i)) return;
    r.requestedIPs.forEach((ip, k) => {
      const parsed = parseIp(ip);
      const field = `spec.clusterIPs[${k}]`;
      if (!parsed) {
        refuse(i, { object: object(r), field, value: ip, message: 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)' });
        return;
      }
      const entry = ipAllocators.get(familyName(parsed.family));
      if (!entry) {
        if (options.enforceRange) refuse(i, { object: object(r), field, value: ip, message: `failed to allocate IP ${ip}: no ${familyName(parsed.family)} service CIDR is configured` });
        return;
      }
      const verdict = options.enforceRange ? entry.alloc.allocate(parsed.value) : entry.alloc.reserve(parsed.value) ? 'ok' : 'taken';
      if (verdict === 'range') {
        refuse(i, { object: object(r), field, value: ip, message: `failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${entry.cidr}` });
      } else if (verdict === 'taken') {
        refuse(i, { object: object(r), field, value: ip, message: `failed to allocate IP ${ip}: provided IP is already allocated` });
      }
    });
    r.info.ports.forEach((p, k) => {
      if (p.nodePort === undefined) return;
      const field = `spec.ports[${k}].nodePort`;
      if (r.info.type !== 'NodePort' && r.info.type !== 'LoadBalancer') {
        refuse(i, { object: object(r), field, value: p.nodePort, message: 'may not be used when `type` is \'ClusterIP\'' });
        return;
      }
      const verdict = options.enforceRange ? portAlloc.allocate(BigInt(p.nodePort)) : portAlloc.reserve(BigInt(p.nodePort)) ? 'ok' : 'taken';
      if (verdict === 'range') refuse(i, { object: object(r), field, value: p.nodePort, message: `provided port is not in the valid range. The range of valid ports is ${rangeText}` });
      else if (verdict === 'taken') refuse(i, { object: object(r), field, value: p.nodePort, message: 'provided port is already allocated' });
    });
    const hc = r.info.healthCheckNodePort;
    if (hc !== undefined) {
      const needed = r.info.type === 'LoadBalancer' && r.info.externalTrafficPolicy === 'Local';
      if (!needed) {
        refuse(i, { object: object(r), field: 'spec.healthCheckNodePort', value: hc, message: 'may only be set when `type` is \'LoadBalancer\' and `externalTrafficPolicy` is \'Local\'' });
      } else {
        const verdict = options.enforceRange ? portAlloc.allocate(BigInt(hc)) : portAlloc.reserve(BigInt(hc)) ? 'ok' : 'taken';
        if (verdict === 'range') refuse(i, { object: object(r), field: 'spec.healthCheckNodePort', value: hc, message: `provided port is not in the valid range. The range of valid ports is ${rangeText}` });
        else if (verdict === 'taken') refuse(i, { object: object(r), field: 'spec.healthCheckNodePort', value: hc, message: 'provided port is already allocated' });
      }
    }
  });

  // Pass 2: dynamic allocation, in name order so that input order does not matter.
  const order = requests.map((_, i) => i).filter((i) => !refused.has(i));
  order.sort((a, b) => {
    const ka = `${requests[a]!.info.namespace}/${requests[a]!.info.name}`;
    const kb = `${requests[b]!.info.namespace}/${requests[b]!.info.name}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const results = new Map<number, ServiceInfo>();
  for (const i of order) {
    const r = requests[i]!;
    const key = `${r.info.namespace}/${r.info.name}`;
    const fams = families[i] ?? [];
    let clusterIPs: string[] = [];
    if (!r.info.headless && r.info.type !== 'ExternalName') {
      const byFamily = new Map<IpFamilyName, string>();
      for (const ip of r.requestedIPs) {
        const parsed = parseIp(ip);
        if (parsed) byFamily.set(familyName(parsed.family), ip);
      }
      let failed = false;
      for (const f of fams) {
        if (byFamily.has(f)) continue;
        const entry = ipAllocators.get(f);
        if (!entry) continue;
        const value = entry.alloc.next(fnv1a32(`${key}/${f}`));
        if (value === null) {
          issues.push({ object: `Service/${key}`, field: 'spec.clusterIPs', message: `failed to allocate a serviceIP: range is full (${entry.cidr})` });
          failed = true;
          break;
        }
        byFamily.set(f, formatIp(value, f === 'IPv4' ? 4 : 6));
      }
      if (failed) continue;
      clusterIPs = fams.map((f) => byFamily.get(f)).filter((ip): ip is string => ip !== undefined);
      for (const [f, ip] of byFamily) if (!fams.includes(f)) clusterIPs.push(ip);
    }
    let full = false;
    const ports: ServicePortInfo[] = r.info.ports.map((p, k) => {
      if (p.nodePort !== undefined || !needsNodePorts(r)) return p;
      const value = portAlloc.next(fnv1a32(`${key}/${k}/${p.protocol}`));
      if (value === null) {
        full = true;
        return p;
      }
      return { ...p, nodePort: Number(value) };
    });
    let healthCheckNodePort = r.info.healthCheckNodePort;
    if (healthCheckNodePort === undefined && r.info.type === 'LoadBalancer' && r.info.externalTrafficPolicy === 'Local') {
      const value = portAlloc.next(fnv1a32(`${key}/healthcheck`));
      if (value === null) full = true;
      else healthCheckNodePort = Number(value);
    }
    if (full) {
      issues.push({ object: `Service/${key}`, field: 'spec.ports', message: `failed to allocate a nodePort: range is full (${rangeText})` });
      continue;
    }
    results.set(i, {
      ...r.info,
      clusterIPs,
      ipFamilies: r.info.headless || r.info.type === 'ExternalName' ? (r.info.type === 'ExternalName' ? [] : fams) : clusterIPs.map((ip) => familyName(parseIp(ip)!.family)),
      ports,
      ...(healthCheckNodePort !== undefined ? { healthCheckNodePort } : {}),
    });
  }
  const services = requests.map((_, i) => results.get(i)).filter((s): s is ServiceInfo => s !== undefined);
  return { services, issues };
}
