import type { TraceResult } from './types';

/**
 * The trace as text, like traceroute: a header, one numbered line per hop (where, device, action, the
 * packet, what happened), and the verdict.
 *
 * @example
 * formatTraceText(result, 'default/a', 'default/b:80')
 * // trace default/a -> default/b:80
 * //  1  pod/default/a  eth0  route  10.244.0.2 > 10.244.1.2:80 TCP  default via 10.244.0.1 dev eth0
 * // delivered: container web of default/b listens on 80/TCP
 */
export function formatTraceText(result: TraceResult, from: string, to: string): string {
  const lines = [`trace ${from} -> ${to}`];
  const width = String(result.hops.length).length;
  const atWidth = Math.max(0, ...result.hops.map((h) => h.at.length));
  const devWidth = Math.max(0, ...result.hops.map((h) => h.device.length));
  const actWidth = Math.max(0, ...result.hops.map((h) => h.action.length));
  const pktWidth = Math.max(0, ...result.hops.map((h) => `${h.packet.src} > ${h.packet.dst} ${h.packet.protocol}`.length));
  result.hops.forEach((h, i) => {
    const packet = `${h.packet.src} > ${h.packet.dst} ${h.packet.protocol}`;
    lines.push(`${String(i + 1).padStart(width + 1)}  ${h.at.padEnd(atWidth)}  ${h.device.padEnd(devWidth)}  ${h.action.padEnd(actWidth)}  ${packet.padEnd(pktWidth)}  ${h.detail}`);
  });
  lines.push(`${result.verdict}: ${result.reason}${result.endpoint ? ` [endpoint ${result.endpoint}]` : ''}`);
  return `${lines.join('\n')}\n`;
}
