import { Injectable, type LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/** Paths never written to the logs. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-podnet-signature"]',
  'headers.authorization',
  'authorization',
  'key',
  'secret',
  '*.key',
  '*.secret',
  'connectionParams',
];

/** Structured JSON logs (pino). Also Nest's logger, so framework messages come out as JSON too. */
@Injectable()
export class AppLogger implements LoggerService {
  readonly pino: Logger;

  constructor(level: string) {
    this.pino = pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'podnet-api' } });
  }

  info(obj: object, msg?: string): void {
    this.pino.info(obj, msg);
  }

  error(obj: unknown, msg?: string): void {
    if (typeof obj === 'string') this.pino.error(msg ? { context: msg } : {}, obj);
    else this.pino.error(obj as object, msg);
  }

  // LoggerService
  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }
  fatal(message: unknown, context?: string): void {
    this.pino.fatal({ context }, String(message));
  }
}
