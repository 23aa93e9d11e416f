import { createHmac, type KeyObject } from 'node:crypto';
import type { TopicSpec } from '@homefirst/schemas';
import { dotted, topicLeaves, type Leaf, type LeafKind } from './schema-walk';

/**
 * `--pseudonymise`: what an extract for a recipient not entitled to identify people keeps.
 *
 * The rule walks the Avro schemas: every string or bytes field is DROPPED unless it is on the allow-list
 * below — so a field added to the contract later is dropped until someone decides it is safe. Enums,
 * times, dates, numbers and booleans are kept (closed vocabularies and measures, not identifiers).
 * `personKey` (and a merge's `retiredPersonKey`, and `eventId`) are kept, or, with a per-recipient key,
 * re-keyed: HMAC-SHA256(recipient key, value), first 16 bytes in base64url (22 characters, the shape of a
 * personKey), so two recipients' extracts share no person or event id and cannot be joined.
 */

/** Strings safe to keep: organisation, system and code values, never a person's or a case's identifier. */
export const KEPT_STRINGS: ReadonlySet<string> = new Set([
  'source.system', // sending application's name
  'source.orgCode', // ODS / ONS code of the sending organisation
  'dataQuality[].fields[]', // names of source fields (PV1-45), not their values
  'payload.location.site',
  'payload.location.ward',
  'payload.from.site',
  'payload.from.ward',
  'payload.to.site',
  'payload.to.ward',
  'payload.admissionMethodCode', // NHS data dictionary codes
  'payload.admissionSourceCode',
  'payload.dischargeMethodCode',
  'payload.referringOrgCode',
  'payload.reasonCode', // council reason codes
  'payload.providerId', // a care provider (an organisation)
  'payload.orgCode', // alerts: the trust
  'payload.actorOrgCode', // audit: the organisation of the reader
  'payload.route', // audit: the API route template
  'payload.errorCode', // dead letters: the stable error code
  'payload.contentType',
  'payload.originalTopic',
  'payload.outcome', // audit: ACCEPTED / REFUSED / FAILED of a redrive
  'payload.format', // audit of exports and rebuilds: what was done, not to whom
  'payload.fromTime',
  'payload.toTime',
  'payload.types[]',
  'payload.topics[]',
  'payload.projection',
  'payload.fromVersion',
  'payload.toVersion',
]);

/** Pseudonymous ids: kept, or re-keyed per recipient with --pseudonym-key-file. */
export const REKEYED_STRINGS: ReadonlySet<string> = new Set([
  'eventId',
  'personKey',
  'payload.retiredPersonKey',
  'payload.personKeys[]', // audit: the persons on a page read through the API
]);

export type Treatment = 'keep' | 'drop' | 'rekey';

const isText = (kind: LeafKind): boolean => kind === 'string' || kind === 'bytes';

/** What pseudonymisation does to a leaf at this dotted path. */
export function treatmentOf(field: string, kind: LeafKind): Treatment {
  if (!isText(kind)) return 'keep';
  if (kind === 'string' && REKEYED_STRINGS.has(field)) return 'rekey';
  if (kind === 'string' && KEPT_STRINGS.has(field)) return 'keep';
  return 'drop';
}

export interface FieldTreatment {
  /** Dotted path: payload.location.ward, dataQuality[].detail. */
  readonly field: string;
  readonly kind: LeafKind;
  readonly treatment: Treatment;
  /** The event types that carry it ('*' for envelope fields). */
  readonly types: readonly string[];
}

function flatLeaves(leaves: readonly Leaf[], prefix = ''): { field: string; kind: LeafKind }[] {
  return leaves.flatMap((leaf) => {
    const field = `${prefix}${dotted(leaf.path)}`;
    if (leaf.kind !== 'list') return [{ field, kind: leaf.kind }];
    const items = leaf.items ?? [];
    // A list of plain values has one leaf with an empty path: the list's own name.
    const [only] = items;
    return items.length === 1 && only !== undefined && only.path.length === 0
      ? [{ field: `${field}[]`, kind: only.kind }]
      : flatLeaves(items, `${field}[].`);
  });
}

/** Every leaf of the topics with what pseudonymisation does to it: the table the README shows. */
export function pseudonymisationPolicy(specs: readonly TopicSpec[]): FieldTreatment[] {
  // By field and kind: one name may be an enum in one record and a string in another.
  const byField = new Map<string, { field: string; kind: LeafKind; types: Set<string> }>();
  const add = (field: string, kind: LeafKind, type: string): void => {
    const entry = byField.get(`${field}|${kind}`) ?? { field, kind, types: new Set<string>() };
    entry.types.add(type);
    byField.set(`${field}|${kind}`, entry);
  };
  for (const spec of specs) {
    const leaves = topicLeaves(spec);
    for (const { field, kind } of flatLeaves(leaves.envelope)) add(field, kind, '*');
    for (const [type, payload] of leaves.payloads)
      for (const { field, kind } of flatLeaves(payload)) add(field, kind, type);
  }
  return [...byField.values()].map(({ field, kind, types }) => ({
    field,
    kind,
    treatment: treatmentOf(field, kind),
    types: types.has('*') ? ['*'] : [...types],
  }));
}

type Action = 'drop' | 'rekey' | 'rekey-items' | Plan | { readonly items: Plan };

/** What to do under one record: field name → an action or the plan of a nested record / list items. */
interface Plan {
  readonly fields: ReadonlyMap<string, Action>;
}

function planOf(leaves: readonly Leaf[], prefix: string): Plan {
  const fields = new Map<string, Action>();
  const grouped = new Map<string, Leaf[]>();
  for (const leaf of leaves) {
    const [head, ...rest] = leaf.path;
    if (head === undefined) continue;
    if (rest.length > 0) {
      grouped.set(head, [...(grouped.get(head) ?? []), { ...leaf, path: rest }]);
      continue;
    }
    const field = `${prefix}${head}`;
    if (leaf.kind === 'list') {
      const items = leaf.items ?? [];
      const plain = items.length === 1 && items[0]?.path.length === 0 ? items[0] : undefined;
      if (plain !== undefined) {
        const treatment = treatmentOf(`${field}[]`, plain.kind);
        if (treatment !== 'keep') fields.set(head, treatment === 'rekey' ? 'rekey-items' : 'drop');
      } else {
        const itemPlan = planOf(items, `${field}[].`);
        if (itemPlan.fields.size > 0) fields.set(head, { items: itemPlan });
      }
      continue;
    }
    const treatment = treatmentOf(field, leaf.kind);
    if (treatment !== 'keep') fields.set(head, treatment);
  }
  for (const [head, nested] of grouped) {
    const plan = planOf(nested, `${prefix}${head}.`);
    if (plan.fields.size > 0) fields.set(head, plan);
  }
  return { fields };
}

type Json = Record<string, unknown>;

function apply(value: object, plan: Plan, rekey: ((id: string) => string) | undefined): Json {
  const out: Json = { ...(value as Json) };
  for (const [name, action] of plan.fields) {
    const current = out[name];
    if (action === 'drop') delete out[name];
    else if (action === 'rekey') {
      if (rekey !== undefined && typeof current === 'string') out[name] = rekey(current);
    } else if (action === 'rekey-items') {
      if (rekey !== undefined && Array.isArray(current))
        out[name] = current.map((item: unknown) => (typeof item === 'string' ? rekey(item) : item));
    } else if (current === null || current === undefined) continue;
    else if ('items' in action) {
      const items = action.items;
      out[name] = (current as readonly Json[]).map((item) => apply(item, items, rekey));
    } else out[name] = apply(current, action, rekey);
  }
  return out;
}

/** HMAC-SHA256(key, value), first 16 bytes as base64url: 22 characters, the shape of a personKey. */
const rekeyWith =
  (key: KeyObject) =>
  (value: string): string =>
    createHmac('sha256', key).update(value, 'utf8').digest().subarray(0, 16).toString('base64url');

/** An event → its pseudonymised copy (the input is not changed). A type no schema names is refused. */
export type Pseudonymiser = <E extends { readonly type: string }>(event: E) => E;

export function createPseudonymiser(specs: readonly TopicSpec[], key?: KeyObject): Pseudonymiser {
  const plans = new Map<string, Plan>();
  for (const spec of specs) {
    const leaves = topicLeaves(spec);
    for (const [type, payload] of leaves.payloads)
      plans.set(type, planOf([...leaves.envelope, ...payload], ''));
  }
  const rekey = key === undefined ? undefined : rekeyWith(key);
  return <E extends { readonly type: string }>(event: E): E => {
    const plan = plans.get(event.type);
    if (plan === undefined) throw new TypeError(`${event.type} is not an event type of the exported topics`);
    return apply(event, plan, rekey) as unknown as E;
  };
}
