import { scrubPii } from './masking';

export interface LoggableError {
  type: string;
  message: string;
  /** A SQLSTATE, a socket code or a Kafka error type. */
  code?: string;
  stack?: string;
}

/**
 * What a log line may say about an error: its kind, its message and code with contacts and long
 * numbers masked, and where it was thrown. Never the rest of what it carries: a failed query holds
 * its parameters (a whole batch of phone numbers, emails and names) and a driver's detail quotes
 * the values it refused.
 */
export function loggableError(error: unknown): LoggableError {
  if (!(error instanceof Error)) {
    // Already summarised (a log serializer sees what a caller summarised), or a thrown plain object.
    const { type, message, code, stack } = (typeof error === 'object' && error !== null ? error : {}) as Partial<Record<keyof LoggableError, unknown>>;
    if (typeof message === 'string') {
      return {
        type: typeof type === 'string' ? type : 'object',
        message: scrubPii(message).slice(0, 500),
        ...(typeof code === 'string' ? { code } : {}),
        ...(typeof stack === 'string' ? { stack: scrubPii(stack) } : {}),
      };
    }
    return { type: typeof error, message: scrubPii(String(error)).slice(0, 500) };
  }
  const code = (error as { code?: unknown }).code;
  const message = scrubPii(error.message).slice(0, 500);
  // The stack's first line repeats the message unscrubbed; the frames below it hold no data.
  const frames = error.stack?.split('\n').slice(1, 9).join('\n');
  return {
    type: error.name,
    message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code: String(code) } : {}),
    ...(frames ? { stack: `${error.name}: ${message}\n${frames}` } : {}),
  };
}

/** One line for a dead letter's reason: what the store or the code said, masked. */
export function failureReason(error: unknown): string {
  const { type, message, code } = loggableError(error);
  return code && /^[0-9A-Z]{5}$/.test(code) ? `${message} (SQLSTATE ${code})` : `${type}: ${message}`;
}
