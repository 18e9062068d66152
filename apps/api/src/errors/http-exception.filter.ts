import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { HttpRequest as Request, HttpResponse as Response } from '../common/http.types';
import { AppLogger } from '../observability/logger';
import { toProblem } from './error-table';

/** REST errors: `{ error: { code, message, issues, requestId } }` with the status from the table. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: AppLogger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception; // GraphQL formats its own errors
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const problem = toProblem(exception);
    if (problem.internal) this.logger.error({ err: exception, requestId: req.id }, 'unhandled error');
    if (res.headersSent) return;
    res.status(problem.status).json({
      error: { code: problem.code, message: problem.message, issues: problem.issues, requestId: req.id },
    });
  }
}
