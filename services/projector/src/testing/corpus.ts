import {
  createPersonKeyer,
  eventIdFor,
  type CouncilEvent,
  type DischargeDelay,
  type DischargeDestination,
  type HospitalEvent,
  type LocalDate,
  type Location,
  type Pathway,
  type ReablementOutcome,
  type ReablementSetting,
  type ServiceType,
  type Source,
} from '@homefirst/schemas';
import { DEVELOPMENT_PERSON_KEY_SECRET } from '@homefirst/runtime';
import { nthTestNhsNumber, testNhsNumbersFrom } from '@homefirst/testing';
import { streamOf, type ProjectedEvent } from '../person/journal';

/**
 * A realistic English test corpus: Liverpool University Hospitals (ODS REM) and Liverpool City Council
 * (ONS E08000012), NHS numbers in the 999 test range that pass modulus 11, deterministic eventIds as the
 * connectors make them. Used by the specs, the stack tests and the benchmark.
 */

export const TRUST = 'REM';
export const COUNCIL = 'E08000012';
export const OTHER_COUNCIL = 'E08000011'; // Knowsley
export const ROYAL: Location = { site: 'REM01', ward: 'WARD 7Y', room: 'BAY 2', bed: 'B4' };
export const AINTREE: Location = { site: 'REM02', ward: 'WARD 25', room: null, bed: 'B11' };

const keyer = createPersonKeyer(DEVELOPMENT_PERSON_KEY_SECRET);

/** The n-th valid NHS number of the 999 test range (n from 0). */
export const testNhsNumber = nthTestNhsNumber;

/** Valid test NHS numbers, in order, from the n-th (faster than testNhsNumber in a loop). */
export function* testNhsNumbers(from = 0): Generator<string> {
  let seen = -1;
  for (const nhsNumber of testNhsNumbersFrom()) {
    seen += 1;
    if (seen >= from) yield nhsNumber;
  }
}

export const personKeyOf = (nhsNumber: string): string => keyer(nhsNumber);

type HospitalPayloadOf<T extends HospitalEvent['type']> = Extract<HospitalEvent, { type: T }>['payload'];
type CouncilPayloadOf<T extends CouncilEvent['type']> = Extract<CouncilEvent, { type: T }>['payload'];

export const at = (isoTime: string): Date => new Date(isoTime);

/**
 * One person's story, told event by event. Each call returns the event (with a deterministic eventId
 * from a per-story message counter, as a connector would derive from MSH-10 or the CSV row).
 */
export class PersonStory {
  readonly personKey: string;
  private sequence = 0;
  location: Location;
  readonly spellId: string;
  referralId: string;
  packageId: string;

  constructor(
    readonly nhsNumber: string,
    options: {
      spellId?: string;
      location?: Location;
      referralId?: string;
      packageId?: string;
      trust?: string;
      council?: string;
    } = {},
  ) {
    this.personKey = personKeyOf(nhsNumber);
    this.spellId = options.spellId ?? `V${nhsNumber.slice(3, 9)}`;
    this.location = options.location ?? ROYAL;
    this.referralId = options.referralId ?? `LAS-${nhsNumber.slice(4, 10)}`;
    this.packageId = options.packageId ?? `BRK-${nhsNumber.slice(5, 10)}`;
    this.trust = options.trust ?? TRUST;
    this.council = options.council ?? COUNCIL;
  }

  private readonly trust: string;
  private readonly council: string;

  private envelope(
    channel: Source['channel'],
    orgCode: string,
    type: string,
    occurredAt: Date,
    messageId?: string,
  ) {
    this.sequence += 1;
    const source: Source = {
      channel,
      system: channel === 'HL7V2' ? 'LUHFT-PAS' : 'LAS',
      orgCode,
      messageId: messageId ?? `${this.spellId}-${String(this.sequence).padStart(4, '0')}`,
    };
    return {
      eventId: eventIdFor(source, type),
      occurredAt,
      recordedAt: new Date(occurredAt.getTime() + 1500),
      source,
      personKey: this.personKey,
      correlationId: `corr-${this.personKey.slice(0, 6)}-${this.sequence}`,
    };
  }

  /** The fields every hospital event of this person's spell starts with. */
  private get ofSpell() {
    return { nhsNumber: this.nhsNumber, spellId: this.spellId };
  }

  /** The fields every council event of this person's referral starts with. */
  private get ofReferral() {
    return { nhsNumber: this.nhsNumber, referralId: this.referralId };
  }

  /** The fields every brokerage event of this person's care package starts with. */
  private get ofPackage() {
    return { ...this.ofReferral, packageId: this.packageId };
  }

  hospital<T extends HospitalEvent['type']>(
    type: T,
    occurredAt: Date,
    payload: HospitalPayloadOf<T>,
    messageId?: string,
  ): HospitalEvent {
    // The payload type is the one of `type`, so this is the union member of `type`.
    return {
      ...this.envelope('HL7V2', this.trust, type, occurredAt, messageId),
      type,
      payload,
    } as HospitalEvent;
  }

  councilEvent<T extends CouncilEvent['type']>(
    type: T,
    occurredAt: Date,
    payload: CouncilPayloadOf<T>,
  ): CouncilEvent {
    return { ...this.envelope('COUNCIL_API', this.council, type, occurredAt), type, payload } as CouncilEvent;
  }

  /** A referral event's payload: the referral's ids, then the event's own fields. */
  private referralPayload<Own extends object>(own: Own) {
    return { ...this.ofReferral, ...own };
  }

  /** A brokerage event's payload: the care package's ids, then the event's own fields. */
  private packagePayload<Own extends object>(own: Own) {
    return { ...this.ofPackage, ...own };
  }

  admitted(when: string, location: Location = this.location): HospitalEvent {
    this.location = location;
    return this.hospital('PatientAdmitted', at(when), {
      ...this.ofSpell,
      location,
      patientClass: 'INPATIENT',
      admissionMethodCode: '21',
    });
  }

  transferred(when: string, to: Location): HospitalEvent {
    const from = this.location;
    this.location = to;
    return this.hospital('PatientTransferred', at(when), {
      ...this.ofSpell,
      from,
      to,
    });
  }

  ready(
    when: string,
    options: {
      drd?: LocalDate;
      readyAt?: string | null;
      pathway?: Pathway;
      delay?: DischargeDelay | null;
    } = {},
  ): HospitalEvent {
    return this.hospital('DischargeReadyDeclared', at(when), {
      ...this.ofSpell,
      dischargeReadyDate: options.drd ?? when.slice(0, 10),
      dischargeReadyAt:
        options.readyAt === undefined ? at(when) : options.readyAt === null ? null : at(options.readyAt),
      proposedPathway: options.pathway ?? 'P1',
      delay: options.delay ?? null,
    });
  }

  withdrawn(when: string): HospitalEvent {
    return this.hospital('DischargeReadinessWithdrawn', at(when), {
      ...this.ofSpell,
      criterion: 'CTR04_NEWS_ABOVE_3',
    });
  }

  expectedDischarge(when: string, date: LocalDate): HospitalEvent {
    return this.hospital('ExpectedDischargeDateSet', at(when), {
      ...this.ofSpell,
      expectedDischargeDate: date,
    });
  }

  discharged(
    when: string,
    pathway: Pathway = 'P1',
    destination: DischargeDestination = 'DD19_USUAL_PLACE_OF_RESIDENCE',
  ): HospitalEvent {
    return this.hospital('PatientDischarged', at(when), {
      ...this.ofSpell,
      destination,
      actualPathway: pathway,
      dischargeMethodCode: '1',
    });
  }

  dischargeCancelled(when: string): HospitalEvent {
    return this.hospital('DischargeCancelled', at(when), {
      ...this.ofSpell,
    });
  }

  admissionCancelled(when: string): HospitalEvent {
    return this.hospital('AdmissionCancelled', at(when), {
      ...this.ofSpell,
    });
  }

  leave(when: string, back: string): HospitalEvent {
    return this.hospital('LeaveOfAbsenceStarted', at(when), {
      ...this.ofSpell,
      expectedReturnAt: at(back),
    });
  }

  died(when: string): HospitalEvent {
    return this.hospital('PatientDied', at(when), this.ofSpell);
  }

  merged(when: string, retired: PersonStory): HospitalEvent {
    return this.hospital('PatientsMerged', at(when), {
      nhsNumber: this.nhsNumber,
      retiredPatientId: `L${retired.nhsNumber.slice(5)}`,
      retiredNhsNumber: retired.nhsNumber,
      retiredPersonKey: retired.personKey,
    });
  }

  referred(when: string, pathway: Pathway = 'P1'): CouncilEvent {
    return this.councilEvent(
      'ReferralReceived',
      at(when),
      this.referralPayload({
        routeOfAccess: 'DISCHARGE_FROM_HOSPITAL',
        referringOrgCode: this.trust,
        pathway,
      }),
    );
  }

  assessmentBooked(when: string, forWhen: string): CouncilEvent {
    return this.councilEvent(
      'AssessmentScheduled',
      at(when),
      this.referralPayload({ scheduledFor: at(forWhen) }),
    );
  }

  assessed(when: string, servicesRequired = true): CouncilEvent {
    return this.councilEvent('AssessmentCompleted', at(when), this.referralPayload({ servicesRequired }));
  }

  packageRequested(when: string, serviceType: ServiceType = 'REABLEMENT_AT_HOME'): CouncilEvent {
    return this.councilEvent(
      'PackageRequested',
      at(when),
      this.packagePayload({
        serviceType,
        hoursPerWeek: serviceType === 'HOME_CARE' || serviceType === 'REABLEMENT_AT_HOME' ? 14 : null,
      }),
    );
  }

  providerOffered(when: string, providerId = 'PRV-MERSEY-CARE'): CouncilEvent {
    return this.councilEvent('ProviderOffered', at(when), this.packagePayload({ providerId }));
  }

  providerDeclined(when: string, providerId = 'PRV-MERSEY-CARE'): CouncilEvent {
    return this.councilEvent(
      'ProviderDeclined',
      at(when),
      this.packagePayload({ providerId, reasonCode: 'NO_CAPACITY' }),
    );
  }

  sourced(when: string, plannedStart: LocalDate, providerId = 'PRV-CALDERSTONES'): CouncilEvent {
    return this.councilEvent(
      'PackageSourced',
      at(when),
      this.packagePayload({ providerId, plannedStartDate: plannedStart }),
    );
  }

  packageStarted(when: string, serviceType: ServiceType = 'REABLEMENT_AT_HOME'): CouncilEvent {
    return this.councilEvent(
      'PackageStarted',
      at(when),
      this.packagePayload({ serviceType, providerId: 'PRV-CALDERSTONES' }),
    );
  }

  reablementStarted(when: string, setting: ReablementSetting = 'HOME'): CouncilEvent {
    return this.councilEvent('ReablementStarted', at(when), this.referralPayload({ setting }));
  }

  reablementEnded(when: string, outcome: ReablementOutcome = 'NO_ONGOING_SUPPORT'): CouncilEvent {
    return this.councilEvent('ReablementEnded', at(when), this.referralPayload({ outcome }));
  }

  referralCancelled(when: string): CouncilEvent {
    return this.councilEvent(
      'ReferralCancelled',
      at(when),
      this.referralPayload({ reasonCode: 'NO_LONGER_REQUIRED' }),
    );
  }
}

export const isHospitalEvent = (event: ProjectedEvent): event is HospitalEvent =>
  streamOf(event.type) === 'hospital';
