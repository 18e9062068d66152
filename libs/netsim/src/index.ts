export {};
export * from './services';
export * from './dns';
