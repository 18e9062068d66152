export * from './ec2-client';
export * from './instance-type-info';
export * from './refresh-catalogue';
export * from './observe-subnets';
