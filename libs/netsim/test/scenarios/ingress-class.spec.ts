import { describe, expect, it } from 'vitest';
import { routeHttpRequest } from '../../src';
import { inventoryOf } from '../support/services-conformance';

// IngressClass rules (kubernetes/website ingress.md "IngressClass" and "Default IngressClass"; shared/docs/ingress.md
// §1): an Ingress names its class with spec.ingressClassName (or the legacy kubernetes.io/ingress.class
// annotation); one without a class gets the class marked ingressclass.kubernetes.io/is-default-class.
const cls = (name: string, isDefault = false) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name, ...(isDefault ? { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } } : {}) },
  spec: { controller: `example.com/${name}` },
});
const ing = (name: string, host: string, extra: { className?: string; legacy?: string } = {}) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: 'default', ...(extra.legacy ? { annotations: { 'kubernetes.io/ingress.class': extra.legacy } } : {}) },
  spec: {
    ...(extra.className ? { ingressClassName: extra.className } : {}),
    rules: [{ host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: `${name}-svc`, port: { number: 80 } } } }] } }],
  },
});
const status = (items: Record<string, unknown>[], host: string) => routeHttpRequest(inventoryOf(items), { host, path: '/' }).status;

describe('IngressClass', () => {
  it('serves an Ingress whose class exists, and not one naming a missing class', () => {
    const items = [cls('nginx'), ing('a', 'a.example.com', { className: 'nginx' }), ing('b', 'b.example.com', { className: 'missing' })];
    expect(status(items, 'a.example.com')).toBe(200);
    expect(status(items, 'b.example.com')).toBe(404);
  });

  it('gives an Ingress without a class the default class, and leaves it unserved without one', () => {
    expect(status([cls('nginx', true), ing('a', 'a.example.com')], 'a.example.com')).toBe(200);
    expect(status([cls('nginx'), ing('a', 'a.example.com')], 'a.example.com')).toBe(404);
  });

  it('reads the legacy kubernetes.io/ingress.class annotation', () => {
    expect(status([cls('nginx'), ing('a', 'a.example.com', { legacy: 'nginx' })], 'a.example.com')).toBe(200);
  });

  it('serves every Ingress when the input has no IngressClass objects (the class cannot be checked)', () => {
    expect(status([ing('a', 'a.example.com', { className: 'nginx' })], 'a.example.com')).toBe(200);
  });
});
