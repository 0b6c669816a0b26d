import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';

/**
 * A failure a person can act on. `code` is the stable kind (`invalid`, `not_found`…); `message` says what
 * to fix, in English. Where a person meets the failure, `details.reason` names it more precisely and
 * stably (`password.too_common`), and the other fields of `details` are its parameters: the client
 * translates the reason and falls back to `message` for one it does not know.
 */
export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends AppError {
  readonly status = 400;
  readonly code = 'invalid';
}
export class Unauthenticated extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
}
export class Forbidden extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
}
export class NotFound extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
}
export class Conflict extends AppError {
  readonly status = 409;
  readonly code = 'conflict';
}
export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly code = 'payload_too_large';
}
export class PreconditionFailed extends AppError {
  readonly status = 412;
  readonly code = 'precondition_failed';
}

/** The stable reason and its parameters, sent as `details`. */
export interface Reason {
  reason: string;
  [param: string]: unknown;
}

export function describeZodError(error: ZodError, where: string): string {
  return error.issues
    .map((i) => {
      const field = i.path.length ? i.path.join('.') : where;
      return `${field}: ${i.message}`;
    })
    .join('; ');
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFound(`There is no ${req.method} ${req.path} in this API. See README.md for the routes.`));
};

/** The one place where errors become HTTP responses. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof ZodError) err = new Invalid(describeZodError(err, 'request'), invalidFields(err));
    if (isBodyParserError(err))
      err =
        err.type === 'entity.too.large'
          ? new PayloadTooLarge(
              `The request body is larger than the ${megabytes((err as { limit?: number }).limit)} accepted here: send it in smaller pieces (for xAPI, fewer statements per request or smaller attachments).`,
            )
          : new Invalid(`The request body is not valid ${bodyKind(req.get('Content-Type'))}: ${err.message}`);
    if (isUndecodableBody(err))
      err = new Invalid(
        `The request body does not match its Content-Encoding (${req.get('Content-Encoding')}): ${err.message}. Send it uncompressed, or compressed as the header says.`,
      );
    if (err instanceof AppError) {
      if (err.status >= 500) logger.error({ err, path: req.path }, err.message);
      res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
      return;
    }
    logger.error({ err, path: req.path }, 'unhandled error');
    res
      .status(500)
      .json({ error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } });
  };
}

/** The fields a request got wrong, for a client to name in the reader's language. */
function invalidFields(error: ZodError): Reason {
  return {
    reason: 'request.invalid_fields',
    fields: [...new Set(error.issues.map((i) => String(i.path[0] ?? 'request')))],
  };
}

const megabytes = (bytes?: number) =>
  bytes === undefined ? 'size' : `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
const bodyKind = (type?: string) => (type?.includes('urlencoded') ? 'form data' : 'JSON');

/** zlib's error when a body says it is compressed but is not (body-parser marks it 400). */
function isUndecodableBody(err: unknown): err is Error {
  return (
    err instanceof Error &&
    (err as { status?: unknown }).status === 400 &&
    typeof (err as { errno?: unknown }).errno === 'number' &&
    typeof (err as { code?: unknown }).code === 'string'
  );
}

function isBodyParserError(err: unknown): err is Error & { type: string } {
  return err instanceof Error && typeof (err as { type?: unknown }).type === 'string' && 'status' in err;
}

export class TooLarge extends AppError {
  readonly status = 413;
  readonly code = 'too_large';
}
