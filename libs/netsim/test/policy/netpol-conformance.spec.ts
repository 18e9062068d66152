import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DesignError, loadInputs } from '@podnet/contracts';
import { allowedBetween, buildReachModel, evaluateConnection, reachFromModel, PortSetTable, ipv4ToNumber, type L4Protocol, type ReachOptions } from '../../src/index';
import { caseManifests, type NetpolCase } from '../conformance-case';

// The NetworkPolicy corpus copied from ../shared/conformance/netpol (provenance: test/conformance/README.md).
// Expected values come from netpol-analyzer, the Kubernetes e2e suite and cyclonus; comparison rules from FORMAT.md.
const DIR = join(__dirname, '../../../../test/conformance/netpol');
const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const load = (f: string) => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as NetpolCase;

/** FORMAT.md "Profiles": the podnet switches each source's semantics needs. */
function profileOptions(c: NetpolCase): ReachOptions {
  switch (c.semanticsProfile) {
    case 'netpol-analyzer':
      return { by: 'workload', ipBlockMatchesPods: false, hostNetwork: 'pod' };
    case 'k8s-e2e':
    case 'cyclonus':
      return { by: 'pod', ipBlockMatchesPods: true };
  }
}

type Allowed = 'all' | { protocol: string; ports: number[][] }[];
const key = (a: Allowed | undefined): string => {
  if (a === undefined) return 'none';
  if (a === 'all') return 'all';
  const list = a.filter((x) => x.ports.length > 0).map((x) => `${x.protocol}:${x.ports.map(([lo, hi]) => `${lo}-${hi}`).join(',')}`).sort();
  return list.length ? list.join(';') : 'none';
};

interface ConnLine { from: string; to: string; allConnections: boolean; allowed?: Allowed }
const RANGE = /^(\d+\.\d+\.\d+\.\d+)-(\d+\.\d+\.\d+\.\d+)$/;

/** Per-IP comparison of external ranges (FORMAT.md connlist: "Compare per IP, not per line"). */
function compareRanges(mine: [number, number, string][], theirs: [number, number, string][]): string | undefined {
  const starts = [...new Set([0, ...mine.map((r) => r[0]), ...theirs.map((r) => r[0]), ...mine.map((r) => r[1] + 1), ...theirs.map((r) => r[1] + 1)])].filter((x) => x < 2 ** 32).sort((a, b) => a - b);
  const at = (list: [number, number, string][], ip: number) => list.find((r) => ip >= r[0] && ip <= r[1])?.[2] ?? 'none';
  mine.sort((a, b) => a[0] - b[0]);
  theirs.sort((a, b) => a[0] - b[0]);
  for (const s of starts) {
    const a = at(mine, s);
    const b = at(theirs, s);
    if (a !== b) return `at ${s}: podnet ${a}, expected ${b}`;
  }
  return undefined;
}

function checkConnlist(c: NetpolCase, text: string): string[] {
  const model = buildReachModel(loadInputs([{ name: c.name, text }]), profileOptions(c));
  const result = reachFromModel(model, {});
  const problems: string[] = [];
  const minePairs = new Map<string, string>();
  const mineExt = new Map<string, [number, number, string][]>();
  const cidrRange = (cidr: string): [number, number] => {
    const [ip, bits] = cidr.split('/');
    const size = 2 ** (32 - Number(bits));
    const first = ipv4ToNumber(ip!)!;
    return [first, first + size - 1];
  };
  for (const conn of result.connections) {
    if (typeof conn.src === 'string' && typeof conn.dst === 'string') minePairs.set(`${conn.src} => ${conn.dst}`, key(conn.allowed));
    else {
      const ext = typeof conn.src === 'string' ? conn.dst : conn.src;
      const wl = typeof conn.src === 'string' ? `out:${conn.src}` : `in:${conn.dst as string}`;
      const list = mineExt.get(wl) ?? [];
      for (const cidr of (ext as { cidrs: string[] }).cidrs) {
        const [a, b] = cidrRange(cidr);
        list.push([a, b, key(conn.allowed)]);
      }
      mineExt.set(wl, list);
    }
  }
  const theirPairs = new Map<string, string>();
  const theirExt = new Map<string, [number, number, string][]>();
  for (const line of c.expected as ConnLine[]) {
    const k = line.allConnections ? 'all' : key(line.allowed);
    const fr = RANGE.exec(line.from);
    const tr = RANGE.exec(line.to);
    if (!fr && !tr) theirPairs.set(`${line.from} => ${line.to}`, k);
    else {
      const m = (fr ?? tr)!;
      const wl = fr ? `in:${line.to}` : `out:${line.from}`;
      const list = theirExt.get(wl) ?? [];
      list.push([ipv4ToNumber(m[1]!)!, ipv4ToNumber(m[2]!)!, k]);
      theirExt.set(wl, list);
    }
  }
  for (const [pair, k] of theirPairs) if (minePairs.get(pair) !== k) problems.push(`${pair}: podnet ${minePairs.get(pair) ?? 'none'}, expected ${k}`);
  for (const [pair, k] of minePairs) if (!theirPairs.has(pair)) problems.push(`${pair}: podnet ${k}, expected none`);
  for (const wl of new Set([...mineExt.keys(), ...theirExt.keys()])) {
    const why = compareRanges([...(mineExt.get(wl) ?? [])], [...(theirExt.get(wl) ?? [])]);
    if (why) problems.push(`${wl} external ${why}`);
  }
  return problems;
}

function checkMatrix(c: NetpolCase, text: string): string[] {
  const model = buildReachModel(loadInputs([{ name: c.name, text }]), profileOptions(c));
  const problems: string[] = [];
  for (const m of c.matrices ?? []) {
    for (const [from, row] of Object.entries(m.matrix)) {
      for (const [to, cell] of Object.entries(row)) {
        if (typeof cell !== 'boolean' || from === to) continue; // null = loopback (ignored), invalid-port-protocol/unknown skipped
        const proto = m.probe.protocol as L4Protocol;
        const viaMatrix = model.index.ports.has(allowedBetween(model.matrix, { pod: from }, { pod: to }), proto, m.probe.port);
        const verdict = evaluateConnection(model.index, { pod: from }, { pod: to }, m.probe.port, proto);
        if (viaMatrix !== cell || verdict.allowed !== cell) problems.push(`${from} -> ${to} ${proto}/${m.probe.port}: matrix ${viaMatrix}, evaluateConnection ${verdict.allowed}, expected ${cell}`);
      }
    }
  }
  return problems;
}

const endpoint = (s: string) => (s.includes('/') ? { pod: s } : { ip: s });

function checkPairs(c: NetpolCase, text: string): string[] {
  const model = buildReachModel(loadInputs([{ name: c.name, text }]), profileOptions(c));
  const problems: string[] = [];
  for (const e of c.expected as { from: string; to: string; test: string; probe: { protocol: L4Protocol; port: number; allowed: boolean }; allConnections: boolean; allowed?: Allowed }[]) {
    const set = allowedBetween(model.matrix, endpoint(e.from), endpoint(e.to));
    const mine = set === PortSetTable.ALL ? 'all' : key(model.index.ports.toAllowed(set) as Allowed);
    const theirs = e.allConnections ? 'all' : key(e.allowed ?? []);
    if (mine !== theirs) problems.push(`${e.test} ${e.from} -> ${e.to}: podnet ${mine}, expected ${theirs}`);
    const v = evaluateConnection(model.index, endpoint(e.from), endpoint(e.to), e.probe.port, e.probe.protocol);
    if (v.allowed !== e.probe.allowed) problems.push(`${e.test} probe ${e.from} -> ${e.to} ${e.probe.protocol}/${e.probe.port}: podnet ${v.allowed}, expected ${e.probe.allowed}`);
  }
  return problems;
}

function checkTraffic(c: NetpolCase): string[] {
  const problems: string[] = [];
  (c.expected as { from: string; to: string; port: number; protocol: L4Protocol; allowed: boolean }[]).forEach((q, i) => {
    // FORMAT.md: each traffic query is its own cluster holding only the pods it names.
    const text = caseManifests(c, (p) => p.name.startsWith(`traffic${i + 1}-`));
    const model = buildReachModel(loadInputs([{ name: c.name, text }]), profileOptions(c));
    const v = evaluateConnection(model.index, endpoint(q.from), endpoint(q.to), q.port, q.protocol);
    const viaMatrix = model.index.ports.has(allowedBetween(model.matrix, endpoint(q.from), endpoint(q.to)), q.protocol, q.port);
    if (v.allowed !== q.allowed || viaMatrix !== q.allowed) problems.push(`traffic ${i + 1} ${q.from} -> ${q.to}: podnet ${v.allowed}/${viaMatrix}, expected ${q.allowed}`);
  });
  return problems;
}

function checkError(c: NetpolCase, text: string): string[] {
  const e = c.expected as { kubernetesApiServer: string };
  try {
    const inv = loadInputs([{ name: c.name, text }]);
    // FORMAT.md: the API server ACCEPTS bad_netpols-subdir6 (named port on an ipBlock peer); refuse OR flag it.
    if (e.kubernetesApiServer.startsWith('ACCEPTS')) {
      const model = buildReachModel(inv, profileOptions(c));
      return model.index.warnings.some((w) => w.includes('named port')) ? [] : ['accepted without a warning'];
    }
    return ['accepted an invalid input'];
  } catch (error) {
    return error instanceof DesignError ? [] : [`threw ${(error as Error).message}`];
  }
}

const counts: Record<string, { pass: number; total: number }> = {};

describe('NetworkPolicy conformance corpus', () => {
  it('has all 193 cases', () => {
    expect(files.length).toBe(193);
  });
  for (const f of files) {
    it(f, () => {
      const c = load(f);
      const text = caseManifests(c);
      let problems: string[];
      switch (c.expectedFormat) {
        case 'connlist':
          problems = checkConnlist(c, text);
          break;
        case 'matrix':
          problems = checkMatrix(c, text);
          break;
        case 'pairs':
          problems = checkPairs(c, text);
          break;
        case 'traffic':
          problems = checkTraffic(c);
          break;
        case 'error':
          problems = checkError(c, text);
          break;
      }
      const source = f.split('--')[0]!;
      counts[source] ??= { pass: 0, total: 0 };
      counts[source].total += 1;
      if (problems.length === 0) counts[source].pass += 1;
      expect(problems.slice(0, 10)).toEqual([]);
    }, 120_000);
  }
  it('reports pass counts per source', () => {
    console.log(`netpol conformance: ${Object.entries(counts).map(([s, n]) => `${s} ${n.pass}/${n.total}`).join(', ')}`);
    expect(Object.values(counts).every((n) => n.pass === n.total)).toBe(true);
  });
});
