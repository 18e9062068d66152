import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Principal } from '@podnet/contracts';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ApiKeyService } from './auth/api-key.service';
import { AuthGuard } from './auth/auth.guard';
import { RateLimiter } from './auth/rate-limiter';
import { API_CONFIG, type ApiConfig } from './config/config.schema';
import { DatabaseModule } from './database/database.module';
import { DesignsController } from './designs/designs.controller';
import { DesignsService } from './designs/designs.service';
import { toProblem } from './errors/error-table';
import { HttpExceptionFilter } from './errors/http-exception.filter';
import { DesignResolver, DesignVersionResolver } from './graphql/design.resolver';
import { JsonScalar } from './graphql/json.scalar';
import { KeysResolver } from './graphql/keys.resolver';
import { queryLimitsRule } from './graphql/limits.rule';
import { PlannerResolver } from './graphql/planner.resolver';
import { RunReadCacheMiddleware } from './graphql/read-cache.middleware';
import { RunResolver } from './graphql/run.resolver';
import { HealthController } from './health/health.controller';
import { OPENAPI_DOCUMENT } from './health/openapi';
import { KeysController } from './keys/keys.controller';
import { AppLogger } from './observability/logger';
import { MetricsService } from './observability/metrics.service';
import { RequestContextMiddleware } from './observability/request-context.middleware';
import { QueueModule } from './queue/queue.module';
import { RunsController } from './runs/runs.controller';
import { InlineTraceService } from './runs/inline-trace.service';
import { RunsService } from './runs/runs.service';
import { VersionRunsController } from './runs/version-runs.controller';
import { PlannerController } from './planner/planner.controller';
import { PlannerService } from './planner/planner.service';
import { WebhooksController } from './webhooks/webhooks.controller';

/** GraphQL errors through the same table as REST: `extensions.code` and `extensions.issues` (JSON paths). */
function formatError(logger: AppLogger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError ?? null : error;
    if (!original || original instanceof GraphQLError) {
      // Parse/validation errors (including depth and cost limits) are the client's mistake.
      const given = formatted.extensions?.['code'];
      const code = given === 'GRAPHQL_PARSE_FAILED' || given === 'GRAPHQL_VALIDATION_FAILED' || given === 'BAD_USER_INPUT' || !given ? 'BAD_USER_INPUT' : String(given);
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    const problem = toProblem(original, []);
    if (problem.internal) logger.error({ err: original }, 'unhandled GraphQL error');
    return {
      message: problem.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: problem.graphqlCode, status: problem.status, issues: problem.issues },
    };
  };
}

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: ApiConfig, logger: AppLogger): DynamicModule {
    const metrics = new MetricsService();
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule,
        QueueModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [ApiKeyService],
          useFactory: (keys: ApiKeyService) => ({
            path: '/graphql',
            autoSchemaFile: true,
            sortSchema: true,
            resolvers: { JSON: JsonScalar },
            buildSchemaOptions: { dateScalarMode: 'isoDate' },
            playground: false,
            introspection: true,
            csrfPrevention: true,
            validationRules: [queryLimitsRule(config.graphql.maxDepth, config.graphql.maxCost)],
            formatError: formatError(logger),
            context: (arg: { req?: unknown; extra?: { principal?: Principal } }) =>
              arg.req ? { req: arg.req } : { principal: arg.extra?.principal },
            subscriptions: {
              'graphql-ws': {
                path: '/graphql',
                // Subscriptions authenticate once, with `{ authorization: 'Bearer <key>' }` connection params.
                onConnect: async (ctx: { connectionParams?: Record<string, unknown>; extra: unknown }) => {
                  const auth = ctx.connectionParams?.['authorization'] ?? ctx.connectionParams?.['Authorization'];
                  try {
                    (ctx.extra as { principal?: Principal }).principal = await keys.authenticate(typeof auth === 'string' ? auth : undefined);
                    return true;
                  } catch {
                    return false;
                  }
                },
              },
            },
          }),
        }),
      ],
      controllers: [HealthController, DesignsController, RunsController, VersionRunsController, PlannerController, KeysController, WebhooksController],
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: AppLogger, useValue: logger },
        { provide: MetricsService, useValue: metrics },
        { provide: OPENAPI_DOCUMENT, useValue: { document: {} } },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: HttpExceptionFilter },
        ApiKeyService,
        RateLimiter,
        DesignsService,
        RunsService,
        InlineTraceService,
        PlannerService,
        DesignResolver,
        DesignVersionResolver,
        RunResolver,
        KeysResolver,
        PlannerResolver,
      ],
      exports: [API_CONFIG, AppLogger, MetricsService, ApiKeyService, RateLimiter],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes('*');
    consumer.apply(RunReadCacheMiddleware).forRoutes('graphql');
  }
}
