import { storedRecord } from '@homefirst/runtime';
import type { Message } from 'kafkajs';
import { z } from 'zod';

/**
 * Which councils partition p's feeds were routed for, kept in the state topic (key `@served` on partition p)
 * so that a council the router starts serving later — its code added to HOMEFIRST_FEED_COUNCILS — is sent
 * what it missed (backfill.ts) rather than only what happens from then on. Person keys are base64url
 * digests and never start with `@` (marks.ts).
 */
export const SERVED_KEY = '@served';

export interface Served {
  /** The councils whose feeds have every feed event of what was routed on the partition. */
  readonly councils: readonly string[];
  /**
   * While a backfill is unfinished: per council being backfilled, how many of its feed events the backfill
   * has written so far (a fresh routing's first ones: a restarted backfill skips that many).
   */
  readonly backfill?: Readonly<Record<string, number>>;
}

const servedSchema = z.object({
  councils: z.array(z.string()).readonly(),
  backfill: z.record(z.string(), z.number().int().nonnegative()).readonly().optional(),
});

/** The `@served` record's JSON: runtime's stored record (a version `v`, read back or refused with the key). */
const servedStored = storedRecord('served councils record', 1, servedSchema);

const keyOf = (partition: number): string => `${SERVED_KEY} of state partition ${partition}`;

/**
 * The `@served` record's value read back; one this build cannot read throws runtime's
 * UnreadableStoredRecordError naming the partition (and what is wrong, never a value).
 */
export function parseServed(partition: number, value: Buffer): Served {
  const parsed = servedStored.parse(keyOf(partition), value.toString('utf8'));
  return parsed.backfill === undefined
    ? { councils: parsed.councils }
    : { councils: parsed.councils, backfill: parsed.backfill };
}

/** The state topic record of `served` on `partition`. */
export const servedRecord = (partition: number, served: Served): Message => ({
  key: SERVED_KEY,
  value: Buffer.from(servedStored.serialise(served), 'utf8'),
  partition,
});

/** What a restore does about the councils of a partition (planServing). */
export interface ServingPlan {
  /** Councils to send what they missed, with how many of their feed events were written before. */
  readonly backfill: ReadonlyMap<string, number>;
  /** The record to write when the stored one is missing or out of date (after any backfill). */
  readonly record: Served | undefined;
}

/**
 * At a restore of a partition: `stored` is its `@served` record (undefined when none), `serving` the councils
 * this router serves, `routedBefore` whether anything of the partition was routed (it has marks).
 *
 * - Nothing routed yet: nothing missed; the record is written.
 * - Routed, no record (a router from before the record): the councils served now are taken as served then.
 * - A council served now and not in the record was added: it is backfilled (one whose backfill was
 *   interrupted goes on where it was); a council no longer served leaves the record, so adding it again later
 *   backfills it again (its feed topic is deleted with it).
 */
export function planServing(
  stored: Served | undefined,
  serving: readonly string[],
  routedBefore: boolean,
): ServingPlan {
  const councils = [...new Set(serving)].sort();
  const backfill = new Map<string, number>();
  if (stored !== undefined && routedBefore)
    for (const council of councils)
      if (!stored.councils.includes(council)) backfill.set(council, stored.backfill?.[council] ?? 0);
  const same =
    stored !== undefined &&
    stored.backfill === undefined &&
    stored.councils.length === councils.length &&
    councils.every((c) => stored.councils.includes(c));
  return { backfill, record: same && backfill.size === 0 ? undefined : { councils } };
}
