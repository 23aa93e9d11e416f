import { seededRandom } from '@homefirst/testing';
import { DEVELOPMENT_PERSON_KEY_SECRET } from '@homefirst/runtime';
import {
  createPersonKeyer,
  eventIdFor,
  type CouncilEvent,
  type HospitalEvent,
  type Pathway,
  type Source,
} from '@homefirst/schemas';
import { nthTestNhsNumber, testNhsNumbersFrom } from '@homefirst/testing';
import type { SourceEvent } from '../routing/feed-event';

/** The councils of the test city: Liverpool, Knowsley, Sefton (served) and St Helens (not served). */
export const CITY_COUNCILS = ['E08000012', 'E08000011', 'E08000014'] as const;
export const UNSERVED_COUNCIL = 'E08000013';
const TRUST = 'REM';
const HOUR = 3_600_000;

export interface CityOptions {
  readonly persons: number;
  readonly seed: number;
  /** Whether some referrals are cancelled (cancellation makes the outcome depend on how the two streams interleave). */
  readonly cancellations: boolean;
  readonly firstNhsNumber?: number;
}

const keyer = createPersonKeyer(DEVELOPMENT_PERSON_KEY_SECRET);

/** Tells one person's events, with deterministic ids as the connectors derive them. */
class Teller {
  readonly events: SourceEvent[] = [];
  private sequence = 0;
  constructor(
    private readonly nhsNumber: string,
    private readonly personKey: string,
  ) {}

  private envelope(orgCode: string, channel: Source['channel'], at: number, type: string) {
    this.sequence += 1;
    const source: Source = {
      channel,
      system: 'TEST',
      orgCode,
      messageId: `${this.personKey}-${this.sequence}`,
    };
    const when = new Date(at);
    return {
      eventId: eventIdFor(source, type),
      occurredAt: when,
      recordedAt: when,
      source,
      personKey: this.personKey,
      correlationId: `corr-${this.sequence}`,
    };
  }

  hospital<T extends HospitalEvent['type']>(type: T, at: number, spellId: string, own: object = {}): void {
    const payload = { nhsNumber: this.nhsNumber, spellId, ...own };
    this.events.push({
      ...this.envelope(TRUST, 'HL7V2', at, type),
      type,
      payload,
    } as unknown as HospitalEvent);
  }

  council<T extends CouncilEvent['type']>(
    type: T,
    at: number,
    laCode: string,
    referralId: string,
    own = {},
  ): void {
    const payload = { nhsNumber: this.nhsNumber, referralId, ...own };
    this.events.push({
      ...this.envelope(laCode, 'COUNCIL_API', at, type),
      type,
      payload,
    } as unknown as CouncilEvent);
  }
}

const ward = { site: 'REM01', ward: 'WARD 7Y', room: 'BAY 2', bed: 'B4' };

/** One stay: admission, maybe a move, readiness, maybe discharge. Returns its [start, end] (end may be open). */
const tellStay = (
  teller: Teller,
  random: () => number,
  spellId: string,
  admittedAt: number,
  pathway: Pathway,
) => {
  teller.hospital('PatientAdmitted', admittedAt, spellId, {
    location: ward,
    patientClass: 'INPATIENT',
    admissionMethodCode: '21',
  });
  if (random() < 0.3)
    teller.hospital('PatientTransferred', admittedAt + 6 * HOUR, spellId, {
      from: ward,
      to: { ...ward, ward: 'WARD 8Z' },
    });
  const readyAt = admittedAt + (24 + random() * 96) * HOUR;
  teller.hospital('DischargeReadyDeclared', readyAt, spellId, {
    dischargeReadyDate: new Date(readyAt).toISOString().slice(0, 10),
    dischargeReadyAt: new Date(readyAt),
    proposedPathway: pathway,
    delay: null,
  });
  const dischargedAt = random() < 0.85 ? readyAt + (2 + random() * 72) * HOUR : null;
  if (dischargedAt !== null)
    teller.hospital('PatientDischarged', dischargedAt, spellId, {
      destination: 'DD19_USUAL_PLACE_OF_RESIDENCE',
      actualPathway: pathway,
      dischargeMethodCode: '1',
    });
  return { readyAt, dischargedAt };
};

/** A referral during the stay, and the council's steps after it (maybe cancelled). */
const tellReferral = (
  teller: Teller,
  random: () => number,
  laCode: string,
  referralId: string,
  referredAt: number,
  cancel: boolean,
): void => {
  teller.council('ReferralReceived', referredAt, laCode, referralId, {
    routeOfAccess: 'DISCHARGE_FROM_HOSPITAL',
    referringOrgCode: TRUST,
    pathway: 'P1',
  });
  if (cancel) {
    teller.council('ReferralCancelled', referredAt + (1 + random() * 10) * HOUR, laCode, referralId, {
      reasonCode: null,
    });
    return;
  }
  teller.council('AssessmentCompleted', referredAt + 4 * HOUR, laCode, referralId, {
    servicesRequired: true,
  });
  teller.council('ReablementStarted', referredAt + (30 + random() * 50) * HOUR, laCode, referralId, {
    setting: 'HOME',
  });
};

/**
 * A city's hospital and council events, each person's in time order, people interleaved by time: most are
 * referred to one council mid-stay, some to two, some never; some are readmitted later (a stay no referral
 * belongs to); some referrals are cancelled (with `cancellations`); a few go to a council the router does
 * not serve.
 */
export function city(options: CityOptions): SourceEvent[] {
  const random = seededRandom(options.seed);
  const all: SourceEvent[] = [];
  // From the first one on, in one pass (nthTestNhsNumber alone per person would be quadratic).
  const numbers = testNhsNumbersFrom(Number(nthTestNhsNumber(options.firstNhsNumber ?? 0).slice(0, 9)));
  for (let i = 0; i < options.persons; i += 1) {
    const nhsNumber = numbers.next().value;
    if (nhsNumber === undefined) throw new RangeError('ran out of test NHS numbers');
    const teller = new Teller(nhsNumber, keyer(nhsNumber));
    const admittedAt = Date.UTC(2025, 2, 3) + random() * 14 * 24 * HOUR;
    const { readyAt, dischargedAt } = tellStay(teller, random, `V${i}-1`, admittedAt, 'P1');
    const roll = random();
    if (roll < 0.75) {
      const referredAt = Math.min(readyAt - HOUR, admittedAt + (2 + random() * 20) * HOUR);
      const first = roll < 0.05 ? UNSERVED_COUNCIL : (CITY_COUNCILS[Math.floor(random() * 3)] ?? 'E08000012');
      tellReferral(teller, random, first, `R${i}-1`, referredAt, options.cancellations && random() < 0.15);
      if (random() < 0.15) {
        const second = CITY_COUNCILS.find((c) => c !== first) ?? 'E08000011';
        tellReferral(teller, random, second, `R${i}-2`, referredAt + HOUR, false);
      }
    }
    if (dischargedAt !== null && random() < 0.2)
      tellStay(teller, random, `V${i}-2`, dischargedAt + (5 + random() * 10) * 24 * HOUR, 'P0');
    all.push(...teller.events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime()));
  }
  return all.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}
