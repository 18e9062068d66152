export * from './types';
export * from './names';
export * from './zone';
export * from './resolv-conf';
export * from './lookup';
export * from './corefile';
