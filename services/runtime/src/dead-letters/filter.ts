import type { DeadLetterEvent } from '@homefirst/schemas';
import { sourceOfChannel, type DataSource } from '../remap/sources';

/** Which dead letters a data team asks for; every field is optional and they all must hold. */
export interface DeadLetterFilter {
  /** ODS / LA code of the sending organisation (source.orgCode), or the sending system's name. */
  readonly sender?: string;
  /** Stable error code, e.g. HL7_NHS_NUMBER_TEST_RANGE (exact, any case). */
  readonly code?: string;
  /** Words of the reason (a case-insensitive substring). */
  readonly reason?: string;
  /** Where it failed: PARSE, VALIDATE, MAP, PUBLISH, PROJECT (any case). */
  readonly stage?: string;
  /** The connector it came through. */
  readonly source?: DataSource;
  /** occurredAt (time of the failure) at or after, epoch ms. */
  readonly from?: number;
  /** occurredAt before, epoch ms. */
  readonly to?: number;
  /** Only these eventIds. */
  readonly ids?: ReadonlySet<string>;
}

const same = (a: string, b: string): boolean => a.toUpperCase() === b.toUpperCase();

export function matchesDeadLetter(deadLetter: DeadLetterEvent, filter: DeadLetterFilter): boolean {
  const { source, payload } = deadLetter;
  const at = deadLetter.occurredAt.getTime();
  if (filter.ids !== undefined && !filter.ids.has(deadLetter.eventId)) return false;
  if (
    filter.sender !== undefined &&
    !same(source.orgCode, filter.sender) &&
    !same(source.system, filter.sender)
  )
    return false;
  if (filter.code !== undefined && !same(payload.errorCode, filter.code)) return false;
  if (filter.reason !== undefined && !payload.reason.toLowerCase().includes(filter.reason.toLowerCase()))
    return false;
  if (filter.stage !== undefined && !same(payload.stage, filter.stage)) return false;
  if (filter.source !== undefined && sourceOfChannel(source.channel) !== filter.source) return false;
  if (filter.from !== undefined && at < filter.from) return false;
  if (filter.to !== undefined && at >= filter.to) return false;
  return true;
}
