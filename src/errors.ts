// Errors with identity: a stable code, an HTTP status and optional details. Services throw
// these; the server's one error handler turns them into the wire shape of SPEC.md and hides
// anything unknown behind a 500.

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const errors = {
  invalidInput: (message: string, details?: unknown) =>
    new AppError(400, 'invalid_input', message, details),
  unauthenticated: (message = 'sign in first') => new AppError(401, 'unauthenticated', message),
  invalidCredentials: () => new AppError(401, 'invalid_credentials', 'wrong user name or password'),
  forbidden: (message = 'your role does not allow this') => new AppError(403, 'forbidden', message),
  outOfScope: (message = 'this belongs to a unit outside your scope') =>
    new AppError(403, 'out_of_scope', message),
  notFound: (what: string) => new AppError(404, 'not_found', `${what} not found`),
  conflict: (message: string, details?: unknown) => new AppError(409, 'conflict', message, details),
  locked: (retryAfterSeconds: number) =>
    new AppError(
      423,
      'account_locked',
      `too many failed sign-ins: this account is locked for ${Math.ceil(retryAfterSeconds / 60)} more minute(s)`,
      { retry_after_seconds: retryAfterSeconds },
      { 'retry-after': String(retryAfterSeconds) },
    ),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError(
      429,
      'rate_limited',
      'too many requests; try again later',
      { retry_after_seconds: retryAfterSeconds },
      { 'retry-after': String(retryAfterSeconds) },
    ),
  unprocessable: (message: string, details?: unknown) =>
    new AppError(422, 'unprocessable', message, details),
};
