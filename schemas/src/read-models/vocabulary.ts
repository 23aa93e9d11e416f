import { delayAttribution, pathway } from '../avro/common';
import { dischargeDestination } from '../avro/hospital-vocabulary';
import { UNKNOWN_EVENT_TYPE } from '../avro/envelope';
import { councilTopic, hospitalTopic } from '../catalogue/topics';
import type { DelayAttribution, DischargeDestination, Pathway } from '../generated/events';
import type { AwayEnding, EpisodeEnding, ProjectedEventType } from './model';
import { SITREP_REASONS, type QueueReason } from './reasons';

// The values a stored read model's enumerated fields may hold, taken from the contract's Avro enums, so a
// reader can check a record it reads back from Redis (services validate stored state with these).

export const PATHWAYS = pathway.symbols as readonly Pathway[];
export const DELAY_ATTRIBUTIONS = delayAttribution.symbols as readonly DelayAttribution[];
export const DISCHARGE_DESTINATIONS = dischargeDestination.symbols as readonly DischargeDestination[];
export const QUEUE_REASONS: readonly QueueReason[] = [
  ...SITREP_REASONS,
  'AWAITING_ASSESSMENT',
  'AWAITING_PACKAGE_START',
];
export const PROJECTED_EVENT_TYPES = [...hospitalTopic.eventTypes, ...councilTopic.eventTypes].filter(
  (type) => type !== UNKNOWN_EVENT_TYPE,
) as readonly ProjectedEventType[];
export const EPISODE_ENDINGS: readonly EpisodeEnding[] = ['DISCHARGED', 'WITHDRAWN', 'DIED'];
export const AWAY_ENDINGS: readonly AwayEnding[] = ['HOME', 'CARE_HOME', 'DIED', 'READMITTED'];
