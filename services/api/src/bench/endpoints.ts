import { randomBytes } from 'node:crypto';
import { journeyRecord, storedJson, trackerEpisodeRecord, weeklyDischargeRecord } from '@homefirst/runtime';
import type { readModels } from '@homefirst/schemas';
import type { Redis } from 'ioredis';

/**
 * The read models behind the API's other endpoints, seeded for the benchmark next to the queue's open delays,
 * and the bare Redis reads each endpoint needs (its baseline): tracker (a page of the 48-hour episodes),
 * weekly (the weekly 48-hour figures), KPIs (the flow KPIs' counts) and journey (one person).
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * For each person of the queue: their open 48-hour episode (readiness `readySince`, deadline 48 hours on);
 * 5,000 episodes ended in the last week; 12 weeks of 600 discharges' weekly figures; and a journey of eight
 * events for each person. Answers the person keys with a journey.
 */
export async function seedEndpointModels(
  redis: Redis,
  keys: readModels.ReadModelKeys,
  people: readonly { personKey: string; readySince: string; site: string; ward: string; trust: string }[],
): Promise<{ journeys: string[] }> {
  const now = Date.now();
  const episode = (
    person: (typeof people)[number],
    index: number,
    ended: string | null,
  ): readModels.TrackerEpisode => ({
    episodeId: `${person.personKey}:S${index}:${person.readySince}`,
    personKey: person.personKey,
    spellId: `S${index}`,
    trust: person.trust,
    site: person.site,
    ward: person.ward,
    location: { site: person.site, ward: person.ward, room: null, bed: null },
    pathway: index % 2 === 0 ? 'P0' : 'P1',
    dischargeReadyDate: person.readySince.slice(0, 10),
    readyAt: person.readySince,
    deadline: new Date(Date.parse(person.readySince) + 48 * HOUR).toISOString(),
    providerSourcedAt: null,
    delay: { reason: 'AWAITING_P1_NEW_PACKAGE', attribution: 'SOCIAL_CARE' },
    endedAt: ended,
    ending: ended === null ? null : 'DISCHARGED',
    actualPathway: ended === null ? null : 'P1',
  });
  for (let i = 0; i < people.length; i += 1000) {
    const multi = redis.multi();
    people.slice(i, i + 1000).forEach((person, j) => {
      const open = episode(person, i + j, null);
      multi.hset(keys.trackerEpisode, open.episodeId, storedJson(trackerEpisodeRecord, open));
      multi.zadd(keys.trackerOpen, Date.parse(open.deadline), open.episodeId);
      const journey: readModels.Journey = {
        personKey: person.personKey,
        nhsNumber: null,
        mergedFrom: [],
        events: Array.from({ length: 8 }, (_, e) => ({
          at: new Date(Date.parse(person.readySince) - (8 - e) * 6 * HOUR).toISOString(),
          stream: e % 3 === 2 ? ('council' as const) : ('hospital' as const),
          type: e % 3 === 2 ? ('ReferralReceived' as const) : ('PatientTransferred' as const),
          eventId: randomBytes(8).toString('hex'),
          orgCode: e % 3 === 2 ? 'E08000012' : person.trust,
          summary: e % 3 === 2 ? 'Referral received' : `Moved to ${person.ward}`,
        })),
        awayPeriods: [
          {
            spellId: `S${i + j}`,
            from: new Date(Date.parse(person.readySince) - 2 * DAY).toISOString(),
            to: null,
            endedBy: null,
            includesIntermediateCare: false,
            destination: null,
          },
        ],
      };
      multi.set(keys.journey(person.personKey), storedJson(journeyRecord, journey));
      multi.sadd(keys.journeys, person.personKey);
    });
    await multi.exec();
  }
  const endedMulti = redis.multi();
  people.slice(0, 5_000).forEach((person, i) => {
    const ended = episode(person, people.length + i, new Date(now - (i % 7) * DAY - HOUR).toISOString());
    endedMulti.hset(keys.trackerEpisode, ended.episodeId, storedJson(trackerEpisodeRecord, ended));
    endedMulti.zadd(keys.trackerClosed, Date.parse(ended.endedAt ?? ''), ended.episodeId);
  });
  await endedMulti.exec();
  const weeks = redis.multi();
  for (let w = 0; w < 12; w += 1) {
    const monday = new Date(Date.parse('2025-01-06T00:00:00Z') + w * 7 * DAY).toISOString().slice(0, 10);
    weeks.sadd(keys.trackerWeeks, monday);
    for (let d = 0; d < 600; d += 1) {
      const figure: readModels.WeeklyDischarge = {
        site: `RHF0${d % 3}`,
        pathway: d % 10 < 5 ? 'P0' : 'P1',
        hours: (d * 7) % 120,
      };
      weeks.hset(keys.trackerWeek(monday), `w${w}e${d}`, storedJson(weeklyDischargeRecord, figure));
    }
  }
  await weeks.exec();
  return { journeys: people.map((person) => person.personKey) };
}

/** The bare Redis reads one request of each endpoint needs: its baseline. */
export const bareReads = {
  /** A page of 50 open episodes, most urgent first, and their records. */
  tracker: async (redis: Redis, keys: readModels.ReadModelKeys): Promise<void> => {
    const ids = await redis.zrange(keys.trackerOpen, 0, 49);
    await redis.hmget(keys.trackerEpisode, ...ids);
  },
  /** The last 12 weeks' figures. */
  weekly: async (redis: Redis, keys: readModels.ReadModelKeys): Promise<void> => {
    const mondays = (await redis.smembers(keys.trackerWeeks)).sort().slice(-12);
    const pipeline = redis.pipeline();
    for (const monday of mondays) pipeline.hgetall(keys.trackerWeek(monday));
    await pipeline.exec();
  },
  /** Every KPI's counts. */
  kpis: async (redis: Redis, keys: readModels.ReadModelKeys, names: readonly string[]): Promise<void> => {
    const pipeline = redis.pipeline();
    for (const name of names) pipeline.hgetall(keys.kpi(name));
    await pipeline.exec();
  },
  /** One person's journey (through the merge map). */
  journey: async (redis: Redis, keys: readModels.ReadModelKeys, personKey: string): Promise<void> => {
    const survivor = (await redis.hget(keys.merged, personKey)) ?? personKey;
    await redis.get(keys.journey(survivor));
  },
};
