export * from './types';
export * from './bands';
export * from './service-info';
export * from './allocate';
export * from './aws-load-balancer';
export * from './nodes';
export * from './endpoint-slices';
export * from './catalog';
