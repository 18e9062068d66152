import type { ClusterDns } from './zone';
import { searchCandidates, type ResolvConf } from './resolv-conf';
import type { DnsResponse, DnsType } from './types';

/** The answer a pod's resolver ends with, and the names it sent, in order. */
export interface StubLookup extends DnsResponse {
  readonly queriesSent: readonly string[];
}

/**
 * Resolves a name the way a pod's stub resolver does: tries each candidate of the search list (ndots rule) and
 * stops at the first answer with records; NXDOMAIN and NODATA move on to the next candidate. When nothing
 * answers, the rcode is that of the last query (cli-contract.md).
 *
 * @example
 * stubLookup(dns, 'foo.bar', 'A', conf).queriesSent // => ['foo.bar.quux.svc.cluster.local.', 'foo.bar.svc.cluster.local.']
 */
export function stubLookup(dns: ClusterDns, name: string, type: DnsType, conf: ResolvConf): StubLookup {
  const sent: string[] = [];
  let last: DnsResponse = { rcode: 'NXDOMAIN', answers: [] };
  for (const candidate of searchCandidates(name, conf)) {
    sent.push(candidate);
    last = dns.query(candidate, type);
    if (last.rcode === 'NOERROR' && last.answers.length > 0) return { ...last, queriesSent: sent };
  }
  return { ...last, queriesSent: sent };
}
