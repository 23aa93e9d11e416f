/** @homefirst/demo — the synthetic city: a seeded simulation of a trust and a council, and its feed. */
export {
  cityDefaults,
  cityParametersSchema,
  resolveParameters,
  type CityParameters,
} from './model/parameters';
export { simulate, type CitySimulation, type SimulationOptions } from './model/simulate';
export type { Fact, HospitalFact, CouncilFact, SpellSnapshot } from './model/facts';
export type { Person } from './model/people';
export { headlineFigures, type HeadlineFigures } from './model/headlines';
export * from './model/expectations';
export { planFeed, type Channel, type Delivery, type Dirt, type FeedPlan } from './feed/plan';
export { renderDelivery, councilCsvRowOf, type WireMessage } from './render/wire';
export { renderHl7 } from './render/hl7v2';
export { renderFhirBundle } from './render/fhir';
export { renderCouncilRecord, COUNCIL_CSV_HEADER } from './render/council';
export { MllpEdge, FhirEdge, CouncilEdge, deliver, type Edge, type SendOutcome } from './send/edges';
export type { MllpSenderTls } from './send/mllp-client';
export { replay, type Pace, type SendStats } from './send/scheduler';
export { DEVELOPMENT_FHIR_TOKEN, DEVELOPMENT_COUNCIL_TOKEN } from './cli/environment';
export { run } from './main';
