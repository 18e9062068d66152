export * from './enums.schema';
export * from './error-codes';
export * from './inputs.schema';
export * from './run-params.schema';
export * from './records';
