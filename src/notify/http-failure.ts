// What went wrong talking to a receiver, in words that name the host and the cause only (never
// a URL's secret parts), and whether trying again can help. Shared by the notification
// channels (send.ts) and the publishing adapters (src/publish/adapters.ts).

function errorCodeOf(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, cause, errors } = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string') return code;
  if (Array.isArray(errors)) return errorCodeOf(errors[0]);
  return errorCodeOf(cause);
}

/** A network failure (always worth another try) as one line naming `where`. */
export function networkFailureMessage(err: unknown, where: string, timeoutMs: number): string {
  const name = typeof err === 'object' && err !== null ? (err as { name?: unknown }).name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return `timeout after ${timeoutMs} ms waiting for ${where}`;
  }
  const code = errorCodeOf(err);
  switch (code ?? '') {
    case 'ECONNREFUSED':
      return `connection refused by ${where}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve ${where}`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `connection reset by ${where}`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `timeout connecting to ${where}`;
    default:
      return `network error reaching ${where}${code ? ` (${code})` : ''}`;
  }
}

/** 429 and 5xx may pass later; any other status will not change by itself. */
export function httpFailure(
  status: number,
  where: string,
  more?: string,
): { message: string; retryable: boolean } {
  return {
    message: `HTTP ${status} from ${where}${more ? `, ${more}` : ''}`,
    retryable: status === 429 || status >= 500,
  };
}
