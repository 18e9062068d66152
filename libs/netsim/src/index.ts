export {};
export * from './services';
export * from './dns';
export * from './ingress';
