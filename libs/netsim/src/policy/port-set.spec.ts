import { describe, expect, it } from 'vitest';
import { PortSetTable } from './port-set';

describe('PortSetTable', () => {
  it('interns equal sets to one id; 0 is empty, 1 is every port of TCP, UDP and SCTP', () => {
    const t = new PortSetTable();
    expect(t.of('TCP', 80, 80)).toBe(t.intern({ TCP: [[80, 80]], UDP: [], SCTP: [] }));
    expect(t.intern({ TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]] })).toBe(PortSetTable.ALL);
    expect(t.toAllowed(PortSetTable.ALL)).toBe('all');
    expect(t.toAllowed(PortSetTable.NONE)).toEqual([]);
  });
  it('unions merge adjacent ranges; intersections and differences are exact', () => {
    const t = new PortSetTable();
    const a = t.union(t.of('TCP', 80, 90), t.of('TCP', 91, 100));
    expect(t.toAllowed(a)).toEqual([{ protocol: 'TCP', ports: [[80, 100]] }]);
    // netpol-analyzer virtual_machines_example: 8080-9090 ∩ 9001-9090 = 9001-9090
    expect(t.toAllowed(t.intersect(t.of('TCP', 8080, 9090), t.of('TCP', 9001, 9090)))).toEqual([{ protocol: 'TCP', ports: [[9001, 9090]] }]);
    expect(t.toAllowed(t.subtract(t.of('UDP'), t.of('UDP', 53, 53)))).toEqual([{ protocol: 'UDP', ports: [[1, 52], [54, 65535]] }]);
    expect(t.has(a, 'TCP', 95)).toBe(true);
    expect(t.has(a, 'UDP', 95)).toBe(false);
    expect(t.format(t.union(a, t.of('UDP', 53, 53)))).toBe('TCP 80-100; UDP 53');
  });
});
