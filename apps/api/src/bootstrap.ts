import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ApiKeyService } from './auth/api-key.service';
import type { ApiConfig } from './config/config.schema';
import { OPENAPI_DOCUMENT, type OpenApiHolder } from './health/openapi';
import { AppLogger } from './observability/logger';

/** Builds the API application (not listening yet): body limits, OpenAPI, bootstrap admin key. */
export async function createApiApp(config: ApiConfig, logger = new AppLogger(config.logLevel)): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, logger), {
    logger,
    rawBody: true, // webhooks verify the HMAC of the exact bytes
    bodyParser: false, // registered below with our size limit
  });
  app.useBodyParser('json', { limit: config.maxBodyBytes });
  // Designs may also be POSTed as the YAML/JSON text itself (`curl --data-binary @design.yaml`).
  app.useBodyParser('text', { limit: config.maxBodyBytes, type: ['text/plain', 'application/yaml', 'application/x-yaml', 'text/yaml'] });
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.enableShutdownHooks();
  const openapi = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('podnet')
      .setDescription('Kubernetes networking on AWS: designs, versions and runs. GraphQL at /graphql mirrors these operations.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  app.get<OpenApiHolder>(OPENAPI_DOCUMENT).document = openapi;
  await app.get(ApiKeyService).bootstrap();
  return app;
}
