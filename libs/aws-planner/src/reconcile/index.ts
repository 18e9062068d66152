export * from './ec2-client';
export * from './instance-type-info';
export * from './refresh-catalogue';
export * from './observe-subnets';
export * from './reconcile-with-ec2';
