import { Redis } from 'ioredis';

/** A Redis connection as BullMQ wants it (no per-command retry limit: blocking commands wait). */
export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** The pub/sub channel run updates go out on (the API relays them to GraphQL subscriptions). */
export const runUpdatesChannel = (prefix: string) => `${prefix}:run-updated`;
