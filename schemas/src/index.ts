// @homefirst/schemas — the event contract. Imports nothing else in the repo.
export * from './generated/events';
export { type LocalDate, isLocalDate, parseAvro } from './avro/logical-types';
export type { AvroRecord, AvroSchema } from './avro/schema-types';
export { UNKNOWN_EVENT_TYPE } from './avro/envelope';
export { FEED_COUNCIL_TYPES, FEED_HOSPITAL_TYPES, feedEvents } from './avro/feed';
export type { TopicSpec, TopicRetention } from './catalogue/topic-spec';
export * from './catalogue/topics';
export { EventCodec, type DecodedEvent, type EventCodecOptions } from './codec/event-codec';
export {
  createRegistryClient,
  type RegistryClient,
  type RegistryHttpClient,
  type RegistryClientOptions,
  type CompatibilityLevel,
} from './codec/registry-client';
export { registerSubject, SUBJECT_COMPATIBILITY } from './codec/register-subject';
export { frame, unframe, MAGIC_BYTE } from './codec/wire-format';
export * from './errors';
export {
  createPersonKeyer,
  isPersonKey,
  MIN_PERSON_KEY_SECRET_BYTES,
  type PersonKeyer,
} from './person/person-key';
export {
  isValidNhsNumber,
  isWellFormedNhsNumber,
  normaliseNhsNumber,
  readNhsNumber,
  wellFormedNhsNumberOf,
  nhsNumberCheckDigit,
  nhsNumberProblem,
  nhsNumberRangeOf,
  NHS_NUMBER_RULES,
  NHS_NUMBER_POLICY_WITH_TEST_NUMBERS,
  NHS_NUMBER_POLICY_ISSUED_ONLY,
  type NhsNumberPolicy,
  type NhsNumberProblem,
  type NhsNumberRange,
  type NhsNumberReading,
} from './person/nhs-number';
export {
  identifierProblem,
  IDENTIFIER_RULES,
  MAX_IDENTIFIER_LENGTH,
  type IdentifierProblem,
} from './identifier/identifier-text';
export { eventIdFor, derivedEventId, EVENT_ID_NAMESPACE, type EventIdSource } from './event-id/event-id';
export { delayAttributionOf, delayAttributionByReason } from './vocabulary/delay-attribution';
export {
  DELAY_FAMILIES,
  CURRENT_DELAY_REASONS,
  TABLE5_TO_CURRENT,
  currentDelayReason,
  currentDelayReasonOf,
  delayFamilyOf,
  hospitalProcessCodes,
  isCurrentDelayReason,
  parseTable5ReasonMap,
  type CurrentDelayReason,
  type DelayFamily,
  type DelayFamilyOrUnknown,
} from './vocabulary/delay-family';
export {
  HUB_DELAY_REASON_CODES,
  hubDelayReasonOfCode,
  normaliseLocalDelayCode,
  parseLocalDelayReasonCodes,
} from './vocabulary/delay-local-codes';
export {
  dischargeDestinationOfCode,
  readDischargeDestinationCode,
  codeOfDischargeDestination,
} from './vocabulary/discharge-destination';
export {
  CRITERIA_TO_RESIDE,
  criterionToResideOfCode,
  codeOfCriterionToReside,
} from './vocabulary/criterion-to-reside';
export {
  ageBandAtAdmission,
  ageBandOfAge,
  ageInWholeYears,
  admissionSourceCodeOf,
  usualPlaceOfResidenceOfAdmissionSource,
  type AdmissionFacts,
} from './vocabulary/admission';
export { KNOWN_REABLEMENT_OUTCOMES, type KnownReablementOutcome } from './vocabulary/reablement-outcome';
export {
  LONDON_TIME_ZONE,
  isKnownTimeZone,
  zoneOffsetMs,
  wallTimeAt,
  instantOfWallClock,
  instantOfWallTime,
  daysInMonth,
  isValidWallTime,
  type WallTime,
} from './time/zoned-time';
export {
  PLAUSIBLE_YEARS,
  calendarDateProblem,
  wallTimeProblem,
  instantAtOffset,
  instantInZone,
  readIsoDate,
  readIsoDateTime,
  wallTimeOfDigits,
  offsetMinutesOf,
  type InstantReading,
} from './time/calendar';
export { utcClockMs } from './time/gregorian';
export {
  DEFAULT_CLOCK_SKEW_TOLERANCE_MS,
  checkOrder,
  checkDateOrder,
  combineOrderChecks,
  describeGap,
  leapSecondFlag,
  type TimedField,
  type DatedField,
  type OrderCheck,
} from './time/ordering';
export { backwardTransitiveProblems, type CompatibilityProblem } from './evolution/compatibility';
export { sampleEvents, hospitalSamples, councilSamples, feedSamples } from './testing/sample-events';
export { InMemoryRegistry } from './testing/in-memory-registry';
export { writerOfReleased } from './testing/released-writer';
export { releasedVersions, type ReleasedVersion } from './evolution/released';
export * as readModels from './read-models';
export {
  NOT_READY,
  declarationInForce,
  isRepeatDeclaration,
  stepReadiness,
  type DeclarationInForce,
  type ReadinessDeclaration,
  type ReadinessStep,
  type SpellReadiness,
} from './readiness/repeat-declaration';
export * as councilRecordFormat from './council-record/record-format';
export { LINE_BREAKS, linesWithBreaks, trimEndOf, trimStartOf, type LineWithBreak } from './text-trim';
