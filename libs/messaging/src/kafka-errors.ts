/** kafkajs marks what another try may cure; after its own retries it wraps the last cause. */
export function isRetriableKafkaError(error: unknown): boolean {
  let cause = error as { retriable?: boolean; originalError?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; cause && depth < 5; depth++) {
    if (cause.retriable === true) return true;
    cause = (cause.originalError ?? cause.cause) as typeof cause;
  }
  return false;
}

/** The broker refused a produce for its size: the same bytes would be refused again. */
export function isTooLargeForBroker(error: unknown): boolean {
  let cause = error as { type?: unknown; originalError?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; cause && depth < 5; depth++) {
    if (cause.type === 'MESSAGE_TOO_LARGE' || cause.type === 'RECORD_LIST_TOO_LARGE') return true;
    cause = (cause.originalError ?? cause.cause) as typeof cause;
  }
  return false;
}
