import { sha256Base32, sha256Base32Of } from './hash';

/**
 * kube-proxy's name for a service port: `"<ns>/<name>:<port>"`, `:<port>` omitted for an unnamed port
 * (`proxy.ServicePortName.String()`).
 *
 * @example
 * servicePortName('ns1', 'svc1', 'p80') // => 'ns1/svc1:p80'
 */
export function servicePortName(namespace: string, name: string, port: string): string {
  return port === '' ? `${namespace}/${name}` : `${namespace}/${name}:${port}`;
}

/**
 * The hash part of a service port's chains: the first 16 base32 characters of sha256(servicePortName + protocol)
 * (`pkg/proxy/iptables/proxier.go` `portProtoHash`). Chains are `KUBE-SVC-`, `KUBE-SVL-`, `KUBE-EXT-`, `KUBE-FW-`
 * followed by it.
 *
 * @example
 * portProtoHash('ns1/svc1:p80', 'tcp') // => 'XPGD46QRK7WJZT7O'
 */
export function portProtoHash(svcPortName: string, protocol: string): string {
  return sha256Base32Of(svcPortName, protocol, '', 16);
}

/**
 * The endpoint chain: `KUBE-SEP-` + first 16 base32 chars of sha256(servicePortName + protocol + "ip:port")
 * (`servicePortEndpointChainName`).
 *
 * @example
 * endpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80') // => 'KUBE-SEP-SXIVWICOYRO3J4NJ'
 */
export function endpointChainName(svcPortName: string, protocol: string, endpoint: string): string {
  return sha256Base32Of(svcPortName, protocol, endpoint, 16, 'KUBE-SEP-');
}

/**
 * nftables chain-name base: `<HASH8>-<rest>`, the first 8 base32 chars of sha256(rest), truncated to 200
 * characters with `...` (`pkg/proxy/nftables/proxier.go` `hashAndTruncate`).
 *
 * @example
 * nftHashAndTruncate('ns1/svc1/tcp/p80') // => 'ULMVA6XW-ns1/svc1/tcp/p80'
 */
export function nftHashAndTruncate(rest: string): string {
  const name = `${sha256Base32(rest, 8)}-${rest}`;
  return name.length > 200 ? `${name.slice(0, 197)}...` : name;
}

/** The `ip:port` form kube-proxy uses for an endpoint (IPv6 in brackets). */
export function endpointString(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}
