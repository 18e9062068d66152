export * from './run-job.schema';
export * from './job-options';
