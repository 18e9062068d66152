import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chainHashOf } from '../../test/support/sha256-reference';
import { dotted, proxyCatalog, readyEndpoint, serviceInfo } from '../../test/support/proxy-catalog';
import type { EndpointSliceInfo, ServiceCatalog, ServiceInfo } from '../services/types';
import { endpointChainName } from './chain-names';
import { DEFAULT_KUBE_PROXY_CONFIG } from './config';
import { iptablesSaveText } from './iptables/iptables-save';
import { planNode } from './plan';
import { buildProxyState } from './service-ports';
import { fromBase64, simdHasher, useSimdHashing } from './sha256-simd';
import { SHA256_SIMD } from './sha256-simd-wasm';

// Reference: Node's SHA-256 (OpenSSL) and RFC 4648 base32 of the digest, as kube-proxy names endpoint chains
// (servicePortEndpointChainName: "KUBE-SEP-" + base32(sha256(servicePortName + protocol + endpoint))[:16]).
const reference = chainHashOf;
const packed = (words: Int32Array, i: number) => Buffer.from(words.buffer, words.byteOffset + 16 * i, 16).toString('latin1');

// A deterministic generator (mulberry32), so a failure names a reproducible case.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

afterEach(() => useSimdHashing(true));

describe('SIMD chain hashes (WebAssembly, four lanes) match OpenSSL', () => {
  const simd = simdHasher();

  it('runs on this Node (WebAssembly SIMD is in V8 since 9.1, Node 16.4)', () => {
    expect(simd).not.toBeNull();
  });

  it('hashes kube-proxy\'s own example endpoint', () => {
    // ns1/svc1:p80 tcp 10.180.0.1:80 -> KUBE-SEP-SXIVWICOYRO3J4NJ (kubernetes pkg/proxy/iptables/proxier_test.go).
    const out = new Int32Array(4);
    simd!.hashRun(Buffer.from('ns1/svc1:p80tcp'), Int32Array.of((10 << 24) | (180 << 16) | 1), 0, 1, Buffer.from(':80'), out, 0);
    expect(packed(out, 0)).toBe('SXIVWICOYRO3J4NJ');
  });

  it('hashes runs of every length around the four lanes and the run size, at an offset, as OpenSSL does', () => {
    const next = random(7);
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 250, SHA256_SIMD.run - 1, SHA256_SIMD.run + 5]) {
      const prefix = `ns-${next() % 100}/svc-${next() % 10_000}:http${'x'.repeat(next() % 8)}tcp`;
      const suffix = `:${1 + (next() % 65535)}`;
      // Edge octets (0, 9, 10, 99, 100, 255) and random ones: messages of every length from 7 to 15 address bytes,
      // so a lane's next message is often shorter than its last (the zeroing of what the longer one left).
      const edges = [0, 9, 10, 99, 100, 255];
      const ips = Int32Array.from({ length: n + 3 }, () => {
        const octet = () => (next() % 3 === 0 ? edges[next() % edges.length]! : next() % 256);
        return (octet() << 24) | (octet() << 16) | (octet() << 8) | octet();
      });
      const out = new Int32Array(4 * (n + 2));
      simd!.hashRun(Buffer.from(prefix), ips, 3, n + 3, Buffer.from(suffix), out, 8);
      for (let i = 0; i < n; i += 1) expect(packed(out, i + 2), `${n}: ${prefix}${dotted(ips[i + 3]!)}${suffix}`).toBe(reference(`${prefix}${dotted(ips[i + 3]!)}${suffix}`));
      expect(Array.from(out.subarray(0, 8))).toEqual(new Array(8).fill(0));
    }
  });

  it('hashes the longest message that fits one block (55 bytes) and refuses a longer one', () => {
    const prefix = 'p'.repeat(55 - 15 - 6);
    const out = new Int32Array(4);
    simd!.hashRun(Buffer.from(prefix), Int32Array.of(-1), 0, 1, Buffer.from(':65535'), out, 0);
    expect(packed(out, 0)).toBe(reference(`${prefix}255.255.255.255:65535`));
    expect(() => simd!.hashRun(Buffer.from(`${prefix}p`), Int32Array.of(-1), 0, 1, Buffer.from(':65535'), out, 0)).toThrow(RangeError);
  });

  it('decodes base64 as Node does (the module is stored as base64)', () => {
    const next = random(3);
    for (let n = 0; n < 40; n += 1) {
      const bytes = Buffer.from(Array.from({ length: n }, () => next() % 256));
      expect(Buffer.from(fromBase64(bytes.toString('base64')))).toEqual(bytes);
    }
  });

  it('is the module the generator makes (the committed file is not edited by hand)', () => {
    const root = join(__dirname, '../../../..');
    const generated = execFileSync(process.execPath, [join(root, 'libs/netsim/scripts/gen-sha256-simd.mjs')], { cwd: root, encoding: 'utf8' });
    expect(generated).toBe(readFileSync(join(__dirname, 'sha256-simd-wasm.ts'), 'utf8'));
  });
});

describe('a proxy state names its endpoint chains the same with and without SIMD', () => {
  // Services whose names make prefixes of many lengths (the one-block fast path and, past 33 bytes, the general
  // path), endpoint counts around the four lanes, and two ports per Service.
  function catalog(): ServiceCatalog {
    const next = random(11);
    const services: ServiceInfo[] = [];
    const slices: EndpointSliceInfo[] = [];
    for (let s = 0; s < 24; s++) {
      const name = `svc${'s'.repeat(s)}`;
      services.push(serviceInfo('ns', name, { clusterIPs: [dotted(0x0a600000 + 10 + s)], ports: [{ name: 'http', protocol: 'TCP', port: 80, targetPort: 8080 }, { name: 'dns', protocol: 'UDP', port: 53, targetPort: 5353 }] }));
      const endpoints = Array.from({ length: 1 + (s % 9) + (s === 23 ? 1200 : 0) }, () => readyEndpoint(dotted(next()), 'n1'));
      slices.push({ namespace: 'ns', serviceName: name, name: `${name}-a`, addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'dns', port: 5353, protocol: 'UDP' }], endpoints, origin: 'manifest' });
    }
    return proxyCatalog([{ name: 'n1', addresses: ['192.168.0.10'], labels: {}, podCIDRs: [] }], services, slices);
  }
  const config = { ...DEFAULT_KUBE_PROXY_CONFIG, clusterCIDRs: ['10.0.0.0/8'] };
  const ruleset = (cat: ServiceCatalog) => [...iptablesSaveText(planNode(buildProxyState(cat, 4), cat.nodes[0]!, config))].join('');

  it('writes the same ruleset, every KUBE-SEP name as kube-proxy computes it', () => {
    const cat = catalog();
    useSimdHashing(false);
    const scalar = ruleset(cat);
    useSimdHashing(true);
    const simd = ruleset(cat);
    expect(simd).toBe(scalar);
    const state = buildProxyState(cat, 4);
    [...iptablesSaveText(planNode(state, cat.nodes[0]!, config))].join('');
    let checked = 0;
    for (const sp of state.ports) {
      for (const e of sp.endpoints) {
        expect(e.chain).toBe(endpointChainName(sp.name, sp.protocol, e.endpoint));
        expect(simd).toContain(`:${e.chain} - [0:0]\n`);
        checked += 1;
      }
    }
    // 1 + (s % 9) endpoints for s = 0..23 (111) plus 1,200 more on the last Service, on each of two ports.
    expect(checked).toBe(2 * (111 + 1200));
  });
});
