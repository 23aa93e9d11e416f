/** Whether an error (or one of its causes) says Kafka could not be reached, rather than a fault of ours. */
export function isKafkaUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; depth += 1) {
    if (
      [
        'KafkaJSConnectionError',
        'KafkaJSConnectionClosedError',
        'KafkaJSGroupCoordinatorNotFound',
        'KafkaJSBrokerNotFound',
        'KafkaJSNoBrokerAvailableError',
        'KafkaJSNumberOfRetriesExceeded',
        'KafkaJSRequestTimeoutError',
        'KafkaJSLockTimeout',
      ].includes(e.name) ||
      (e as { retriable?: unknown }).retriable === true
    )
      return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
