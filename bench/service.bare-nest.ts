// The comparison point for bench/service.bench.ts: a bare NestJS (express) endpoint on the same machine,
// no auth, no database, no GraphQL. Prints "bare nest listening on <url>".
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const BODY = { data: { run: { id: '00000000-0000-4000-8000-000000000000', status: 'SUCCEEDED', progress: 100 } } };

@Controller()
class BareController {
  @Get('bare')
  bare() {
    return BODY;
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

const app = await NestFactory.create(BareModule, { logger: false });
await app.listen(0, '127.0.0.1');
const address = app.getHttpServer().address() as { port: number };
console.log(`bare nest listening on http://127.0.0.1:${address.port}`);
