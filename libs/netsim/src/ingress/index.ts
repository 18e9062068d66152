export * from './paths';
export * from './ingress-match';
export * from './gateway-match';
export * from './route';
