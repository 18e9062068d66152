import type { IncomingMessage, ServerResponse } from 'node:http';

// The slice of Express 5's request/response the API uses (@types/express is not installed).

export interface HttpRequest extends IncomingMessage {
  id?: string;
  method: string;
  path: string;
  originalUrl: string;
  baseUrl?: string;
  body?: unknown;
  rawBody?: Buffer;
  route?: { path?: string };
  headers: IncomingMessage['headers'];
}

export interface HttpResponse extends ServerResponse {
  status(code: number): this;
  json(body: unknown): this;
  headersSent: boolean;
}

export type NextFunction = (error?: unknown) => void;
