import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '@podnet/db';
import { API_CONFIG, type ApiConfig } from '../config/config.schema';

@Injectable()
class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly db: Database) {}
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

/** Postgres when DATABASE_URL is set, else embedded PGlite under the data dir; migrations applied at boot. */
@Global()
@Module({
  providers: [
    {
      provide: Database,
      inject: [API_CONFIG],
      useFactory: (config: ApiConfig) =>
        Database.open({ url: config.databaseUrl, dataDir: config.dataDir, migrationsDir: config.migrationsDir, poolMax: config.poolMax }),
    },
    DatabaseCloser,
  ],
  exports: [Database],
})
export class DatabaseModule {}
