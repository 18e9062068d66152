/** Record types podnet answers. */
export type DnsType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT';
/** Response codes podnet produces. */
export type DnsRcode = 'NOERROR' | 'NXDOMAIN';
/** CoreDNS `pods` option of the kubernetes plugin. */
export type PodRecordsMode = 'disabled' | 'insecure' | 'verified';

/** One resource record of an answer section. */
export interface DnsAnswer {
  readonly name: string;
  readonly type: DnsType;
  readonly ttl: number;
  readonly address?: string;
  readonly priority?: number;
  readonly weight?: number;
  readonly port?: number;
  readonly target?: string;
  readonly text?: string;
}

/** What the server answers to one question. */
export interface DnsResponse {
  readonly rcode: DnsRcode;
  readonly answers: readonly DnsAnswer[];
}

/** A record of the world outside the cluster zone (what the upstream resolvers would answer). */
export interface UpstreamRecord {
  readonly name: string;
  readonly type: DnsType;
  readonly address?: string;
  readonly target?: string;
  readonly text?: string;
  readonly ttl?: number;
}

/** The schema version the cluster DNS specification publishes at `dns-version.<zone>` (spec §2.2). */
export const DNS_SCHEMA_VERSION = '1.1.0';
