// @homefirst/connector-fhir — FHIR R4 (UK Core) Encounters, message Bundles and Subscription notifications
// in; hospital events, raw payloads and dead letters out. See README.md.
export { loadFhirConfig, fhirEnvSchema, type FhirConfig, type FhirCommand } from './config';
export { createIngest, PUBLISH_GIVE_UP_MS, type IngestDependencies } from './connector';
export {
  FhirValidationError,
  UnparseableError,
  BadRequestError,
  UnsupportedMediaTypeError,
  PayloadTooLargeError,
  UnauthenticatedError,
  NotSupportedError,
  type FhirIssue,
  type IssueType,
} from './errors';
export {
  parseSubmission,
  type Route,
  type Submission,
  type EncounterUnit,
  type ParseOptions,
} from './fhir/parse';
export {
  decide,
  type SpellSnapshot,
  type Decision,
  type DecisionContext,
  type DecisionOutcome,
} from './mapping/decide';
export { factsOf, type EncounterFacts, type PatientIdentity } from './mapping/facts';
export { mapOffline, foldUnits } from './mapping/map-submission';
export {
  HUB_EXTENSION,
  UK_CORE_EXTENSION,
  DEFAULT_EXTENSION_URLS,
  type ExtensionUrls,
  type Readiness,
} from './mapping/extensions';
export { HUB_CODE_SYSTEM, actualPathwayOf, patientClassOf } from './mapping/vocabulary';
export { outcomeOf, type OperationOutcome, type HttpOutcome } from './outcome/operation-outcome';
export {
  FhirIngest,
  type Inbound,
  type IngestReport,
  type UnitReport,
  type UnitStatus,
} from './ingest/fhir-ingest';
export { buildFhirServer, type FhirServerOptions } from './http/server';
export { TrustTokens } from './http/auth';
export { checkFeed, type FeedCheckResult } from './feed-check';
export { EncounterPoller, type PollResult } from './pull/poller';
export { CheckpointStore } from './pull/checkpoint-store';
export { advance, alreadyRead, START, type Checkpoint } from './pull/checkpoint';
export { connectTrustServer, type TrustServer } from './pull/trust-server';
export { run, runCli } from './main';
