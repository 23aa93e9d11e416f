import type { Message } from 'kafkajs';

export interface TopicMessages {
  readonly topic: string;
  readonly messages: Message[];
}

/** Bytes of values per produce request (well under the broker's default message.max.bytes of 1 MiB). */
const REQUEST_BYTES = 512 * 1024;

/**
 * Records per produce request. kafkajs groups a request's records by partition in time quadratic in the
 * records of one partition (it copies the partition's array for each record), and the router addresses
 * a batch's records to one partition of each topic: past a few hundred, grouping costs more than a request.
 */
const REQUEST_MESSAGES = 500;

/**
 * Splits the records of a transaction into produce requests of at most REQUEST_BYTES of values and
 * REQUEST_MESSAGES records each.
 */
export function requestsOf(topicMessages: readonly TopicMessages[]): TopicMessages[][] {
  const requests: TopicMessages[][] = [];
  let current: TopicMessages[] = [];
  let bytes = 0;
  let count = 0;
  for (const { topic, messages } of topicMessages) {
    let run: Message[] = [];
    for (const message of messages) {
      const size = (message.value as Buffer | null)?.length ?? 0;
      if ((bytes + size > REQUEST_BYTES && bytes > 0) || count >= REQUEST_MESSAGES) {
        if (run.length > 0) current.push({ topic, messages: run });
        requests.push(current);
        current = [];
        run = [];
        bytes = 0;
        count = 0;
      }
      run.push(message);
      bytes += size;
      count += 1;
    }
    if (run.length > 0) current.push({ topic, messages: run });
  }
  if (current.length > 0) requests.push(current);
  return requests;
}
