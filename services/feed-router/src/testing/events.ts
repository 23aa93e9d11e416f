import { councilSamples, hospitalSamples, type CouncilEvent, type HospitalEvent } from '@homefirst/schemas';

/** Liverpool and Sefton: the two councils of the examples. */
export const LIVERPOOL = 'E08000012';
export const SEFTON = 'E08000014';

const DAY0 = Date.UTC(2025, 0, 6);
/** An instant `hours` after the examples' day 0. */
export const at = (hours: number): Date => new Date(DAY0 + hours * 3_600_000);

let sequence = 0;
const nextId = (prefix: string): string => `${prefix}-${(sequence += 1)}`;

/** A hospital event of the sample shape: its own id, time, spell and person. */
export const hospitalEvent = <T extends HospitalEvent['type']>(
  type: T,
  hours: number,
  options: { readonly spellId?: string | null; readonly personKey?: string; readonly eventId?: string } = {},
): Extract<HospitalEvent, { type: T }> => {
  const sample = hospitalSamples[type] as Extract<HospitalEvent, { type: T }>;
  const payload =
    options.spellId === undefined ? sample.payload : { ...sample.payload, spellId: options.spellId };
  return {
    ...sample,
    eventId: options.eventId ?? nextId('h'),
    occurredAt: at(hours),
    recordedAt: at(hours),
    personKey: options.personKey ?? sample.personKey,
    payload,
  };
};

/** A council event of the sample shape, from council `laCode`, for referral `referralId`. */
export const councilEvent = <T extends CouncilEvent['type']>(
  type: T,
  hours: number,
  laCode: string,
  options: { readonly referralId?: string; readonly personKey?: string; readonly eventId?: string } = {},
): Extract<CouncilEvent, { type: T }> => {
  const sample = councilSamples[type] as Extract<CouncilEvent, { type: T }>;
  return {
    ...sample,
    eventId: options.eventId ?? nextId('c'),
    occurredAt: at(hours),
    recordedAt: at(hours),
    source: { ...sample.source, orgCode: laCode },
    personKey: options.personKey ?? sample.personKey,
    payload: { ...sample.payload, referralId: options.referralId ?? 'REF-1' },
  };
};
