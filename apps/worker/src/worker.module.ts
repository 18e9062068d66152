import { Module, type DynamicModule, type OnApplicationShutdown, Injectable } from '@nestjs/common';
import { Database } from '@podnet/db';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { WORKER_CONFIG, type WorkerConfig } from './config/worker-config.schema';
import { RunWorkersService, WORKER_LOGGER, WORKER_METRICS } from './queue/run-workers.service';

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(private readonly db: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/** The worker: no HTTP API, only BullMQ consumers (plus an optional health/metrics port). */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig, log: Logger, registry: Registry): DynamicModule {
    return {
      module: WorkerModule,
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: WORKER_LOGGER, useValue: log },
        { provide: WORKER_METRICS, useValue: registry },
        {
          provide: Database,
          useFactory: () => Database.open({ url: config.databaseUrl, dataDir: 'unused', migrationsDir: config.migrationsDir, poolMax: config.poolMax }),
        },
        RunWorkersService,
        DatabaseCloser,
      ],
    };
  }
}
