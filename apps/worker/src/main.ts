import 'reflect-metadata';
import { createServer } from 'node:http';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { parseWorkerConfig } from './config/worker-config.schema';
import { RunWorkersService } from './queue/run-workers.service';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = parseWorkerConfig(process.env);
  const log = pino({ level: config.logLevel, base: { service: 'podnet-worker', pid: process.pid }, redact: ['*.key', '*.secret', 'authorization'] });
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, log, registry), { logger: false });
  app.enableShutdownHooks();
  if (config.healthPort > 0) {
    const workers = app.get(RunWorkersService);
    const server = createServer((req, res) => {
      if (req.url === '/health') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      if (req.url === '/ready') {
        return void workers.ping().then(
          () => res.writeHead(200).end('{"status":"ready"}'),
          () => res.writeHead(503).end('{"status":"unavailable"}'),
        );
      }
      if (req.url === '/metrics') return void registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
      res.writeHead(404).end();
    });
    server.listen(config.healthPort, () => log.info({ port: config.healthPort }, 'worker health listening'));
    server.unref();
  }
  log.info({ pid: process.pid, concurrency: config.concurrency }, 'podnet worker ready');
  // One plain line for humans and scripts, whatever the log level.
  process.stdout.write(`podnet worker ready (pid ${process.pid})\n`);
}

main().catch((error: unknown) => {
  console.error(JSON.stringify({ level: 'fatal', msg: 'worker failed to start', err: String((error as Error).message ?? error) }));
  process.exit(1);
});
