// Internal to kube-proxy/ (not exported from the library): the endpoints of one service port and their KUBE-SEP
// chain hashes as flat bytes, shared by the state (service-ports.ts) and the ruleset writers.
import type { EndpointInfo } from '../services/types';
import { sha256Base32Into, sha256Base32Of, sha256Base32WordsOfBlock } from './hash';
import { simdHasher, type SimdHasher } from './sha256-simd';
import type { EndpointCategories } from './categorize';
import type { ProxyEndpoint, ProxyServicePort } from './service-ports';

const NONE: readonly string[] = [];
const NO_VALUES = new Int32Array(0);
const NO_PORTS = new Uint16Array(0);
const NO_BYTES = new Uint8Array(0);

// The decimal digits of 0..255 as character codes, hundreds / tens / units, and their count.
const HUNDREDS = new Uint8Array(256);
const TENS = new Uint8Array(256);
const UNITS = new Uint8Array(256);
const DIGITS = new Uint8Array(256);
for (let v = 0; v < 256; v += 1) {
  HUNDREDS[v] = 48 + Math.floor(v / 100);
  TENS[v] = 48 + (Math.floor(v / 10) % 10);
  UNITS[v] = 48 + (v % 10);
  DIGITS[v] = v >= 100 ? 3 : v >= 10 ? 2 : 1;
}

/** {@link putOctet} into little-endian storage of big-endian words (byte q at q ^ 3). */
function putOctetSwapped(out: Uint8Array, at: number, v: number): number {
  const digits = DIGITS[v]!;
  if (digits === 3) {
    out[at ^ 3] = HUNDREDS[v]!;
    out[(at + 1) ^ 3] = TENS[v]!;
    out[(at + 2) ^ 3] = UNITS[v]!;
  } else if (digits === 2) {
    out[at ^ 3] = TENS[v]!;
    out[(at + 1) ^ 3] = UNITS[v]!;
  } else out[at ^ 3] = UNITS[v]!;
  return at + digits;
}

/** An octet's decimal digits at `at`; returns the position after them. */
function putOctet(out: Uint8Array, at: number, v: number): number {
  const digits = DIGITS[v]!;
  if (digits === 3) {
    out[at] = HUNDREDS[v]!;
    out[at + 1] = TENS[v]!;
    out[at + 2] = UNITS[v]!;
  } else if (digits === 2) {
    out[at] = TENS[v]!;
    out[at + 1] = UNITS[v]!;
  } else out[at] = UNITS[v]!;
  return at + digits;
}
const SEP = 'KUBE-SEP-';

/**
 * The endpoints of one service port with their KUBE-SEP chain hashes: `hashes` holds the 16 base32 characters of each
 * endpoint's chain (`KUBE-SEP-` + them) as ASCII bytes packed into 4 little-endian 32-bit words, endpoint i at
 * `4 * i` (written to a ruleset with 4 word stores), computed for all endpoints at once on first use by a ruleset
 * ({@link chainHashes}): 40 MB for 2.5 million endpoints instead of 2.5 million strings.
 */
export class EndpointTable {
  /** The EndpointSlice entries, deduplicated and in `ip:port` order: endpoint i is `sources[i]`. */
  readonly sources: EndpointInfo[] = [];
  private objects: TableEndpoint[] | null = null;
  /** Every endpoint is ready. */
  allReady = true;
  /** Some endpoint carries a topology hint. */
  hasHints = false;
  /** Where this table's rows start in its store's arrays. */
  offset = 0;
  /** servicePortName + protocol, UTF-8: the start of every endpoint chain's hash input. */
  readonly prefix: Uint8Array;
  hashes: Int32Array | null = null;
  /** The nftables endpoint chains' 8 hash characters, 2 packed words per endpoint (nftables/nft-ruleset.ts). */
  nftHashes: Int32Array | null = null;
  /** True when every endpoint's IP is a canonical dotted-quad IPv4 address, its value in {@link ipv4}. */
  dottedQuads = false;
  /** Endpoint i's IPv4 address as a 32-bit number (when {@link dottedQuads}): written without touching its string. */
  ipv4: Int32Array = NO_VALUES;
  /** Endpoint i's port. */
  ports: Uint16Array = NO_PORTS;

  constructor(
    readonly store: EndpointStore,
    readonly servicePort: string,
    readonly protocol: string,
  ) {
    this.prefix = utf8(servicePort + protocol);
  }

  get length(): number {
    return this.sources.length;
  }

  /**
   * The endpoints as {@link ProxyEndpoint} objects, made on first request (a trace, a topology-filtered or
   * Local-policy plan, the nftables/ipvs writers) and kept; a cluster-wide iptables ruleset never asks.
   */
  get endpoints(): TableEndpoint[] {
    if (this.objects === null) {
      const objects: TableEndpoint[] = [];
      for (let i = 0; i < this.sources.length; i += 1) objects.push(new TableEndpoint(this, i));
      this.objects = objects;
    }
    return this.objects;
  }
}

const portTables = new WeakMap<ProxyServicePort, EndpointTable>();

/** Records the table of a state's service port (see {@link tableOf}). */
export function setTableOf(sp: ProxyServicePort, table: EndpointTable): void {
  portTables.set(sp, table);
}

/** The table of a service port built by buildProxyState, or undefined for one made by hand. */
export function tableOf(sp: ProxyServicePort): EndpointTable | undefined {
  return portTables.get(sp);
}

const EMPTY: readonly ProxyEndpoint[] = [];

/**
 * `CategorizeEndpoints`' result in the usual case (no topology hints, Cluster traffic policies, every endpoint
 * ready): every endpoint of the table, for cluster traffic and as the reachable set. The lists are the service
 * port's `readyEndpoints`, read only when asked for; a ruleset writer reads the {@link table} instead, so planning a
 * node and writing its iptables ruleset never makes the 2.5 million endpoint objects of a large cluster.
 */
export class WholeTableCategories implements EndpointCategories {
  readonly localEndpoints = EMPTY;
  readonly hasAnyEndpoints = true;
  readonly topologyMode = '' as const;
  readonly usedTerminating = false;
  constructor(
    private readonly sp: ProxyServicePort,
    readonly table: EndpointTable,
  ) {}

  get clusterEndpoints(): readonly ProxyEndpoint[] {
    return this.sp.readyEndpoints;
  }
  get allReachableEndpoints(): readonly ProxyEndpoint[] {
    return this.sp.readyEndpoints;
  }
}

/**
 * The rows of every table of one proxy state in a few large typed arrays (the tables hold views of them), sized once
 * from an upper bound of the rows: a handful of allocations for millions of endpoints, none per service port and no
 * regrown copies, so nothing for the garbage collector to trace. Ports are 16-bit. V8 counts typed arrays against an
 * external-memory budget (64 MB over what was live at the last full collection) and crossing it starts a mark of the
 * whole heap, which for a large cluster is the half-gigabyte catalog the state was read from: for 2.5 million
 * endpoints the rows (15 MB) and the chain hashes (40 MB) stay inside it.
 */
export class EndpointStore {
  private ipv4: Int32Array;
  private ports: Uint16Array;
  private length = 0;
  private readonly tables: EndpointTable[] = [];
  private hashWords: Int32Array | null = null;
  private nftHashWords: Int32Array | null = null;

  /** `capacity`: the number of rows expected (an upper bound: the arrays grow if it is exceeded). */
  constructor(capacity: number) {
    this.ipv4 = new Int32Array(capacity);
    this.ports = new Uint16Array(capacity);
  }

  /** Adds a table's rows (its endpoints are in place); the views are set by {@link seal}. */
  add(table: EndpointTable, ipv4: Int32Array | null, ports: Int32Array): void {
    table.offset = this.length;
    const end = this.length + ports.length;
    if (end > this.ports.length) {
      const size = Math.max(2 * this.ports.length, end);
      const biggerIpv4 = new Int32Array(size);
      biggerIpv4.set(this.ipv4.subarray(0, this.length));
      this.ipv4 = biggerIpv4;
      const biggerPorts = new Uint16Array(size);
      biggerPorts.set(this.ports.subarray(0, this.length));
      this.ports = biggerPorts;
    }
    this.ports.set(ports, this.length);
    if (ipv4) this.ipv4.set(ipv4.subarray(0, ports.length), this.length);
    this.length = end;
    this.tables.push(table);
  }

  /** Gives every table its views, once all are added. */
  seal(): void {
    for (const t of this.tables) {
      const end = t.offset + t.length;
      t.ports = this.ports.subarray(t.offset, end);
      if (t.dottedQuads) t.ipv4 = this.ipv4.subarray(t.offset, end);
    }
  }

  /** A table's view of the hash words (4 per endpoint), allocated for every table at the first request. */
  hashesOf(table: EndpointTable): Int32Array {
    this.hashWords ??= new Int32Array(4 * this.length);
    return this.hashWords.subarray(4 * table.offset, 4 * (table.offset + table.length));
  }

  /** A table's view of the nftables endpoint-chain hash words (2 per endpoint: 8 base32 characters). */
  nftHashesOf(table: EndpointTable): Int32Array {
    this.nftHashWords ??= new Int32Array(2 * this.length);
    return this.nftHashWords.subarray(2 * table.offset, 2 * (table.offset + table.length));
  }
}

/**
 * An endpoint as a view of its EndpointSlice entry: a few references, its place in its service port's table, and
 * lazily built `ip:port` and chain-name strings (traces of one Service never pay for the other 2.5 million hashes or
 * strings of a large cluster; rulesets write both straight from the table as bytes).
 */
export class TableEndpoint implements ProxyEndpoint {
  private endpointText: string | undefined = undefined;
  private chainName: string | undefined = undefined;
  private readonly source: EndpointInfo;
  constructor(
    readonly table: EndpointTable,
    readonly index: number,
  ) {
    this.source = table.sources[index]!;
  }

  get port(): number {
    return this.table.ports[this.index]!;
  }

  get ip(): string {
    return this.source.addresses[0]!;
  }
  get endpoint(): string {
    if (this.endpointText === undefined) {
      const ip = this.source.addresses[0]!;
      this.endpointText = ip.includes(':') ? `[${ip}]:${this.port}` : `${ip}:${this.port}`;
    }
    return this.endpointText;
  }
  get ready(): boolean {
    return this.source.ready;
  }
  get serving(): boolean {
    return this.source.serving;
  }
  get terminating(): boolean {
    return this.source.terminating;
  }
  get nodeName(): string | undefined {
    return this.source.nodeName;
  }
  get zoneHints(): readonly string[] {
    return this.source.hints?.forZones ?? NONE;
  }
  get nodeHints(): readonly string[] {
    return this.source.hints?.forNodes ?? NONE;
  }
  get targetPod(): EndpointInfo['targetPod'] {
    return this.source.targetPod;
  }
  get chain(): string {
    if (this.chainName === undefined) {
      const hashes = this.table.hashes;
      if (hashes) {
        const codes: number[] = [];
        for (let k = 0; k < 4; k += 1) {
          const word = hashes[this.index * 4 + k]!;
          codes.push(word & 255, (word >>> 8) & 255, (word >>> 16) & 255, word >>> 24);
        }
        this.chainName = SEP + String.fromCharCode(...codes);
      } else this.chainName = sha256Base32Of(this.table.servicePort, this.table.protocol, this.endpoint, 16, SEP);
    }
    return this.chainName;
  }
}

/** A string's UTF-8 bytes (no TextEncoder: the library is built without DOM or Node types). */
export function utf8(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    let c = text.charCodeAt(i);
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      c = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00);
      i += 1;
      out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    } else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

let message = new Uint8Array(256);
const block = new Int32Array(16);
const blockBytes = new Uint8Array(block.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const digest = new Uint8Array(16);

/**
 * One block per endpoint (prefix, at most `255.255.255.255:65535`, padding), its bytes written straight into the
 * message words (byte q of the big-endian words is byte q ^ 3 of their little-endian storage), hashed one at a time by
 * the unrolled scalar compression. The prefix is written once; per endpoint `a.b.c.d:port`, 0x80, the zeros the
 * previous endpoint's longer message left, and the bit length.
 */
function hashDottedQuads(table: EndpointTable, hashes: Int32Array): void {
  const prefix = table.prefix;
  const p = prefix.length;
  const b = blockBytes;
  block.fill(0);
  for (let q = 0; q < p; q += 1) b[q ^ 3] = prefix[q]!;
  let dirty = p;
  const { ipv4, ports } = table;
  let lastPort = -1;
  let portBytes: Uint8Array = NO_BYTES;
  for (let i = 0; i < table.length; i += 1) {
    const v = ipv4[i]!;
    let n = putOctetSwapped(b, p, v >>> 24);
    b[n ^ 3] = 0x2e;
    n = putOctetSwapped(b, n + 1, (v >>> 16) & 255);
    b[n ^ 3] = 0x2e;
    n = putOctetSwapped(b, n + 1, (v >>> 8) & 255);
    b[n ^ 3] = 0x2e;
    n = putOctetSwapped(b, n + 1, v & 255);
    if (ports[i] !== lastPort) {
      lastPort = ports[i]!;
      portBytes = utf8(`:${lastPort}`);
    }
    for (let k = 0; k < portBytes.length; k += 1) b[(n + k) ^ 3] = portBytes[k]!;
    n += portBytes.length;
    b[n ^ 3] = 0x80;
    for (let k = n + 1; k < dirty; k += 1) b[k ^ 3] = 0;
    dirty = n + 1;
    block[15] = n << 3;
    sha256Base32WordsOfBlock(block, hashes, 4 * i);
  }
}

/** The same messages hashed four at a time by the SIMD hasher, one call per run of endpoints with the same port. */
function hashDottedQuadsSimd(table: EndpointTable, hashes: Int32Array, simd: SimdHasher): void {
  const { ipv4, ports } = table;
  for (let start = 0; start < table.length; ) {
    const port = ports[start]!;
    let end = start + 1;
    while (end < table.length && ports[end] === port) end += 1;
    simd.hashRun(table.prefix, ipv4, start, end, utf8(`:${port}`), hashes, 4 * start);
    start = end;
  }
}

/**
 * The table's chain hashes, computed on first use for every endpoint: sha256(servicePortName + protocol + endpoint)
 * (`servicePortEndpointChainName`), the input's bytes written straight into one buffer (the prefix once, then each
 * endpoint's `ip:port`), hashed and base32-encoded into the table without a string.
 */
export function chainHashes(table: EndpointTable): Int32Array {
  if (table.hashes) return table.hashes;
  const hashes = table.store.hashesOf(table);
  const prefix = table.prefix;
  const p = prefix.length;
  // The buffer the prefix was last written to (written once, rewritten only if the buffer grows).
  let withPrefix: Uint8Array | null = null;
  let lastPort = -1;
  let portBytes: Uint8Array = NO_BYTES;
  if (table.dottedQuads && p + 22 <= 55 && LITTLE_ENDIAN) {
    const simd = simdHasher();
    if (simd) hashDottedQuadsSimd(table, hashes, simd);
    else hashDottedQuads(table, hashes);
    table.hashes = hashes;
    return hashes;
  }
  for (let i = 0; i < table.length; i += 1) {
    let n: number;
    if (table.dottedQuads) {
      // `a.b.c.d:port` straight from the numbers (no string of the catalog is read), digits from tables.
      if (message.length < p + 24) message = new Uint8Array(2 * (p + 24));
      const m = message;
      if (withPrefix !== m) {
        m.set(prefix);
        withPrefix = m;
      }
      const v = table.ipv4[i]!;
      n = putOctet(m, p, v >>> 24);
      m[n++] = 0x2e;
      n = putOctet(m, n, (v >>> 16) & 255);
      m[n++] = 0x2e;
      n = putOctet(m, n, (v >>> 8) & 255);
      m[n++] = 0x2e;
      n = putOctet(m, n, v & 255);
      const port = table.ports[i]!;
      if (port !== lastPort) {
        lastPort = port;
        portBytes = utf8(`:${port}`);
      }
      for (let k = 0; k < portBytes.length; k += 1) m[n + k] = portBytes[k]!;
      n += portBytes.length;
    } else {
      const ip = table.sources[i]!.addresses[0]!;
      const bytes = utf8(ip.includes(':') ? `[${ip}]:${table.ports[i]!}` : `${ip}:${table.ports[i]!}`);
      if (message.length < p + bytes.length) message = new Uint8Array(2 * (p + bytes.length));
      message.set(prefix);
      withPrefix = message;
      message.set(bytes, p);
      n = p + bytes.length;
    }
    sha256Base32Into(message, n, digest, 0);
    for (let k = 0; k < 4; k += 1) {
      const j = k * 4;
      hashes[i * 4 + k] = digest[j]! | (digest[j + 1]! << 8) | (digest[j + 2]! << 16) | (digest[j + 3]! << 24);
    }
  }
  table.hashes = hashes;
  return hashes;
}
