import type { Redriver, RedriveResult } from '@homefirst/runtime';
import type { DeadLetterEvent } from '@homefirst/schemas';
import { decodeBytes } from '../hl7/text';
import type { Hl7Pipeline } from '../ingest/pipeline';

/**
 * Sends a dead letter's input through the live pipeline again, as a frame from its sender: the same parse,
 * checks (MSH-4 must name the organisation the dead letter was recorded for — over TLS, its certificate's),
 * dedupe, identity, durable write and answer. The answer decides the outcome: AA accepted, AE refused again
 * (the pipeline wrote a new dead letter with the new reason), AR unavailable (nothing written).
 */
export function hl7Redriver(pipeline: Hl7Pipeline): Redriver {
  return {
    async redrive(deadLetter: DeadLetterEvent): Promise<RedriveResult> {
      const body = deadLetter.payload.input;
      const { text, encoding } = decodeBytes(body);
      const sender = { orgCode: deadLetter.source.orgCode };
      const results = await pipeline.handleText(text, encoding, body, sender);
      const events = results.reduce((n, result) => n + result.events.length, 0);
      const unavailable = results.find((result) => result.ack.code === 'AR');
      if (unavailable !== undefined)
        return {
          outcome: 'unavailable',
          detail: unavailable.ack.error?.reason ?? unavailable.ack.text,
          events,
          errorCode: unavailable.errorCode ?? 'AR',
        };
      const refused = results.find((result) => result.ack.code !== 'AA');
      if (refused !== undefined)
        return {
          outcome: 'refused',
          detail: `${refused.errorCode ?? refused.ack.code}: ${refused.ack.error?.reason ?? refused.ack.text}`,
          events,
          errorCode: refused.errorCode ?? refused.ack.code,
        };
      return { outcome: 'accepted', detail: results.map((r) => r.ack.text).join('; '), events };
    },
  };
}
