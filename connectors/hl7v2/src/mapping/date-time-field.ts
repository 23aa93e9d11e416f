import type { Hl7Segment } from '@medplum/core';
import { type Hl7DateTime, parseHl7DateTime } from '../hl7/datetime';
import { dataTypeError } from '../hl7/errors';
import { valueOf } from '../hl7/message';
import type { MappingSettings } from './settings';

/**
 * An optional date/time field: null when the segment or the field is empty,
 * a data-type error naming the field (`what`) when it is present but unreadable.
 */
export function optionalDateTime(
  segment: Hl7Segment | undefined,
  field: number,
  what: string,
  settings: MappingSettings,
): Hl7DateTime | null {
  const text = valueOf(segment, field);
  if (segment === undefined || text === '') return null;
  const parsed = parseHl7DateTime(text, settings.timeZone);
  if (!parsed) throw dataTypeError({ segment: segment.name, field }, what);
  return parsed;
}
