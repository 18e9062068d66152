import { createApiApp } from './bootstrap';
import { parseApiConfig } from './config/config.schema';
import { AppLogger } from './observability/logger';

async function main(): Promise<void> {
  const config = parseApiConfig(process.env);
  const logger = new AppLogger(config.logLevel);
  const app = await createApiApp(config, logger);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.info({ url: `http://${shown}:${port}`, graphql: '/graphql', rest: '/v1', database: config.databaseUrl ? 'postgres' : 'pglite', queue: config.redisUrl ? 'bullmq' : 'in-process' }, 'podnet api listening');
  // One plain line for humans and scripts (npm start prints it).
  process.stdout.write(`podnet api listening on http://${shown}:${port}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', msg: 'api failed to start', err: (error as Error).message ?? String(error) })}\n`);
  process.exit(1);
});
