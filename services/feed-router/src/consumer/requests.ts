import type { Message } from 'kafkajs';

export interface TopicMessages {
  readonly topic: string;
  readonly messages: Message[];
}

/** Bytes of values per produce request (well under the broker's default message.max.bytes of 1 MiB). */
const REQUEST_BYTES = 512 * 1024;

/** Splits the records of a transaction into produce requests of at most REQUEST_BYTES of values each. */
export function requestsOf(topicMessages: readonly TopicMessages[]): TopicMessages[][] {
  const requests: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let bytes = 0;
  for (const { topic, messages } of topicMessages) {
    let run: Message[] = [];
    for (const message of messages) {
      const size = (message.value as Buffer | null)?.length ?? 0;
      if (bytes + size > REQUEST_BYTES && bytes > 0) {
        if (run.length > 0) current.push({ topic, messages: run });
        requests.push(current);
        current = [];
        run = [];
        bytes = 0;
      }
      run.push(message);
      bytes += size;
    }
    if (run.length > 0) current.push({ topic, messages: run });
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
