import type { Message } from 'kafkajs';

export interface TopicMessages {
  readonly topic: string;
  readonly messages: Message[];
}

/** Bytes of values per produce request (well under the broker's default message.max.bytes of 1 MiB). */
const REQUEST_BYTES = 512 * 1024;

/**
 * Records per produce request. Chosen when kafkajs grouped a request's records by partition in quadratic
 * time (the router addresses a batch's records to one partition of each topic); patches/README.md part 5
 * made that linear, and bench:route then routed no faster with requests of up to 100,000 records (three
 * alternated runs each), so requests stay this size.
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
