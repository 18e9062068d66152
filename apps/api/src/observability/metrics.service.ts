import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of this process: request latency, jobs by state, job duration. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'podnet_http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly jobsByState = new Gauge({
    name: 'podnet_runs',
    help: 'Runs by kind-independent state (from the database, all workers)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly queueJobs = new Gauge({
    name: 'podnet_queue_jobs',
    help: 'Queue jobs by state (BullMQ: waiting, active, delayed, failed, completed; summed over the run queues)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'podnet_job_duration_seconds',
    help: 'Run job duration by kind and outcome (in-process worker)',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'podnet_rate_limited_total',
    help: 'Requests refused by the per-key rate limit',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
