import { storedRecord } from '@homefirst/runtime';
import { readModels } from '@homefirst/schemas';
import { z } from 'zod';
import type { StoredPerson } from './contributions';

const journalEntry = z.looseObject({
  id: z.string(),
  type: z.enum(readModels.PROJECTED_EVENT_TYPES as [string, ...string[]]),
  at: z.number(),
  rec: z.number(),
  org: z.string(),
  ch: z.string(),
  pk: z.string(),
  p: z.record(z.string(), z.unknown()),
});

const personRecord = z.object({
  personKey: z.string(),
  nhsNumber: z.string().nullable(),
  nhsFrom: z.tuple([z.number(), z.string()]).nullable(),
  journal: z.array(journalEntry),
  retiredInto: z.string().nullable(),
  absorbed: z.array(z.string()),
});

const applied = z.object({
  queue: z.object({ score: z.number(), indexes: z.array(z.string()) }).nullable(),
  episodes: z.array(z.object({ id: z.string(), week: z.string().nullable() })),
  journey: z.boolean(),
  kpis: z.object(
    // A KPI added since a person was stored (`drd`) reads as nothing contributed yet.
    Object.fromEntries(
      readModels.KPI_NAMES.map((name) => [name, z.record(z.string(), z.number()).default({})]),
    ),
  ),
});

const storedPerson = z.object({
  v: z.literal(1),
  record: personRecord,
  applied,
  home: z.number().int().nonnegative().optional(),
});

/**
 * `{ns}person:<personKey>`: the person record and what it last contributed (projector-internal). The
 * schema checks every field and each journal entry's envelope; an entry's payload (`p`) is checked to be
 * an object only — it was an Avro-validated event when this projector wrote it, and checking every
 * payload's fields on each batch read would slow the rebuild. So the payload types are asserted here, once.
 */
export const storedPersonRecord = storedRecord(
  'person record',
  1,
  storedPerson as unknown as z.ZodType<StoredPerson>,
);
