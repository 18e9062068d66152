import { describe, expect, it } from 'vitest';
import { formatTraceText } from './format-txt';

describe('formatTraceText', () => {
  it('prints a header, one aligned numbered line per hop, and the verdict', () => {
    const packet = { src: '10.0.0.1', dst: '10.0.0.2:80', protocol: 'TCP' };
    const text = formatTraceText(
      {
        verdict: 'rejected',
        reason: 'port closed',
        endpoint: null,
        hops: [
          { at: 'pod/default/a', device: 'eth0', action: 'route', detail: 'default via 10.0.0.254', packet },
          { at: 'node/n', device: 'cali1', action: 'reject', detail: 'RST', packet },
        ],
      },
      'default/a',
      '10.0.0.2:80',
    );
    expect(text).toBe(
      [
        'trace default/a -> 10.0.0.2:80',
        ' 1  pod/default/a  eth0   route   10.0.0.1 > 10.0.0.2:80 TCP  default via 10.0.0.254',
        ' 2  node/n         cali1  reject  10.0.0.1 > 10.0.0.2:80 TCP  RST',
        'rejected: port closed',
        '',
      ].join('\n'),
    );
  });
});
