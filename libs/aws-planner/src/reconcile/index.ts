export * from './instance-type-info';
export * from './refresh-catalogue';
