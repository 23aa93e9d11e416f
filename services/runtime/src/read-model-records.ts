import { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { parseStoredValues, storedRecord } from './stored-record';

// The read models as stored in Redis (schemas' readModels: model.ts shapes, keys.ts layout), as zod schemas
// typed against those shapes, so the projector (writer) and the API (reader) agree on one definition and a
// shape change fails to compile here. Version 1 of each; records written before versions count as 1.

const instant = z.string();
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const nullableString = z.string().nullable();
const oneOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]]);

const location = z.object({
  site: nullableString,
  ward: nullableString,
  room: nullableString,
  bed: nullableString,
});

const queueEntry: z.ZodType<readModels.QueueEntry> = z.object({
  personKey: z.string(),
  nhsNumber: nullableString,
  episodeId: z.string(),
  spellId: z.string(),
  trust: z.string(),
  site: nullableString,
  ward: nullableString,
  bed: nullableString,
  pathway: oneOf(readModels.PATHWAYS),
  dischargeReadyDate: localDate,
  readySince: instant,
  deadline: instant,
  delayReason: oneOf(readModels.QUEUE_REASONS),
  sitrepReason: oneOf(readModels.SITREP_REASONS),
  delayReasonSource: z.enum(['TRUST', 'DERIVED']),
  // Entries written before the hub recorded it have none: read as unknown (the API falls back to readySince).
  delayReasonSince: instant.nullable().default(null),
  attribution: oneOf(readModels.DELAY_ATTRIBUTIONS),
  council: nullableString,
  referralId: nullableString,
  providerSourcedAt: instant.nullable(),
  expectedDischargeDate: localDate.nullable(),
  onLeave: z.boolean(),
  admittedAt: instant.nullable(),
});

const trackerEpisode: z.ZodType<readModels.TrackerEpisode> = z.object({
  episodeId: z.string(),
  personKey: z.string(),
  spellId: z.string(),
  trust: z.string(),
  site: nullableString,
  ward: nullableString,
  location: location.nullable(),
  pathway: oneOf(readModels.PATHWAYS),
  dischargeReadyDate: localDate,
  readyAt: instant,
  deadline: instant,
  providerSourcedAt: instant.nullable(),
  delay: z.object({
    reason: oneOf(readModels.SITREP_REASONS),
    attribution: oneOf(readModels.DELAY_ATTRIBUTIONS),
  }),
  endedAt: instant.nullable(),
  ending: oneOf(readModels.EPISODE_ENDINGS).nullable(),
  actualPathway: oneOf(readModels.PATHWAYS).nullable(),
});

const weeklyDischarge: z.ZodType<readModels.WeeklyDischarge> = z.object({
  site: z.string(),
  pathway: oneOf(readModels.PATHWAYS),
  hours: z.number(),
});

const journey: z.ZodType<readModels.Journey> = z.object({
  personKey: z.string(),
  nhsNumber: nullableString,
  mergedFrom: z.array(z.string()),
  events: z.array(
    z.object({
      at: instant,
      stream: z.enum(['hospital', 'council']),
      type: oneOf(readModels.PROJECTED_EVENT_TYPES),
      eventId: z.string(),
      orgCode: z.string(),
      summary: z.string(),
    }),
  ),
  awayPeriods: z.array(
    z.object({
      spellId: z.string(),
      from: instant,
      to: instant.nullable(),
      endedBy: oneOf(readModels.AWAY_ENDINGS).nullable(),
      includesIntermediateCare: z.boolean(),
      destination: oneOf(readModels.DISCHARGE_DESTINATIONS).nullable(),
    }),
  ),
});

/** HASH {ns}queue:entry, field personKey. */
export const queueEntryRecord = storedRecord('queue entry', 1, queueEntry);
/** HASH {ns}tracker:episode, field episodeId. */
export const trackerEpisodeRecord = storedRecord('tracker episode', 1, trackerEpisode);
/** HASH {ns}tracker:week:<monday>, field episodeId. */
export const weeklyDischargeRecord = storedRecord('weekly discharge', 1, weeklyDischarge);
/** STRING {ns}journey:<personKey>. */
export const journeyRecord = storedRecord('journey', 1, journey);

/** The stored queue entries of these persons (one HMGET), validated; persons no longer queued are left out. */
export const readQueueEntries = async (
  redis: Redis,
  keys: readModels.ReadModelKeys,
  personKeys: readonly string[],
): Promise<readModels.QueueEntry[]> =>
  personKeys.length === 0
    ? []
    : parseStoredValues(
        queueEntryRecord,
        keys.queueEntry,
        personKeys,
        await redis.hmget(keys.queueEntry, ...personKeys),
      );
