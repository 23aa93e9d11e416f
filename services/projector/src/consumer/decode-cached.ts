import type { EventCodec } from '@homefirst/schemas';
import type { ProjectedEvent } from '../person/journal';

const HOSPITAL = 'homefirst.hospital.events.v1';
const COUNCIL = 'homefirst.council.events.v1';

/**
 * The event of a person topic's message without a promise, once its schema id's reader is cached (every
 * message after the first of each schema id): undefined when it is not cached — or when anything is wrong with
 * the message, which the codec's `decode` then finds again and the consumer handles (dead letter or throw).
 * A rebuild decodes a million of these; an awaited decode per message costs a promise and a microtask each.
 */
export function decodeCached(
  codec: EventCodec,
  /** The topic read (with its deployment prefix): the hospital or the council topic. */
  topic: string,
  value: Buffer | null,
): ProjectedEvent | undefined {
  if (value === null) return undefined;
  const name = topic.endsWith(HOSPITAL) ? HOSPITAL : COUNCIL;
  try {
    const decoded = codec.decodeAnySync(value);
    // Written with a schema of the topic read: the event is that topic's type (what `decode` checks and answers).
    return decoded?.topic === name ? (decoded.event as ProjectedEvent) : undefined;
  } catch {
    return undefined;
  }
}
