import { describe, expect, it } from 'vitest';
import { TraceInputError } from '../../model/errors';
import { modelOf } from '../../../test/support/cluster';
import { kubenetCluster } from '../../../test/support/kubenet';
import { parseSource, parseTarget } from './endpoints';

describe('trace endpoints', () => {
  const model = modelOf(...kubenetCluster([{ name: 'web', node: 'node-a', containers: ['app', 'side'], ports: [{ containerPort: 8080, name: 'http' }, { containerPort: 53, protocol: 'UDP' }] }]));
  const source = parseSource(model, 'node/node-a');

  it('parses SRC forms', () => {
    expect(parseSource(model, 'default/web/side')).toMatchObject({ kind: 'pod', container: 'side' });
    expect(parseSource(model, 'external:203.0.113.9')).toEqual({ kind: 'external', ip: 3405803785 });
    expect(() => parseSource(model, 'default/web/nope')).toThrow(TraceInputError);
    expect(() => parseSource(model, 'node/x')).toThrow('no node x');
  });

  it('parses DST with named ports, protocols, and none (ICMP)', () => {
    const t = (text: string) => {
      const p = parseTarget(model, text, source);
      return p.kind === 'target' ? [p.target.port, p.target.protocol] : p.kind;
    };
    expect(t('default/web:http')).toEqual([8080, 'TCP']);
    expect(t('default/web:53/udp')).toEqual([53, 'UDP']);
    expect(t('default/web')).toEqual([null, 'ICMP']);
    expect(t('10.0.0.11:10250')).toEqual([10250, 'TCP']);
    expect(t('kubernetes.default.svc.cluster.local:443')).toBe('unresolved');
    expect(() => t('default/nope:80')).toThrow('no pod default/nope');
    expect(() => t('default/web:99999')).toThrow('1-65535');
  });
});
