import { createHash } from 'node:crypto';
import { issue, BadRequestError, FhirValidationError, UnparseableError, type FhirIssue } from '../errors';
import {
  factsOf,
  type EncounterFacts,
  type FactOptions,
  type PatientIdentity,
  type ResourceLookup,
} from '../mapping/facts';
import { intentOf, type MessageIntent } from '../mapping/vocabulary';
import {
  bundle as bundleSchema,
  encounter as encounterSchema,
  messageHeader,
  type Bundle,
  type Coding,
  type Encounter,
} from './model';
import { fhirIssuesOf } from './paths';

/**
 * Bytes in, a checked `Submission` out: one `EncounterUnit` per Encounter the hub should map, with the
 * patient's identity and the source message id that makes resends recognisable. Pure; every refusal is a
 * HubError whose issues name the element (FHIRPath), never its value.
 */

/** The endpoint the bytes came to; it decides what is acceptable. */
export type Route =
  /** POST [base]: any accepted Bundle, or an Encounter. */
  | { readonly kind: 'base' }
  /** POST [base]/$process-message: a message Bundle. */
  | { readonly kind: 'process-message' }
  /** POST [base]/Encounter: create. */
  | { readonly kind: 'create' }
  /** PUT [base]/Encounter/{id}: update (also an R4 rest-hook notification with a full resource). */
  | { readonly kind: 'update'; readonly id: string }
  /** POST [base]/notify: a Subscription notification (history Bundle) or an empty ping. */
  | { readonly kind: 'notification' };

export type SubmissionKind =
  'encounter' | 'message' | 'transaction' | 'batch' | 'collection' | 'history' | 'ping';

export interface EncounterUnit {
  /** FHIRPath of the Encounter: `Encounter` or `Bundle.entry[2].resource`. */
  readonly path: string;
  readonly entryIndex: number | null;
  /** Source message id: Bundle.id of a message, else the Encounter's id and version. */
  readonly messageId: string;
  /** Tells several Encounters of one message apart ('' when there is one). */
  readonly part: string;
  readonly facts: EncounterFacts;
  readonly identity: PatientIdentity;
}

/** What became of each Bundle entry, for batch / transaction responses. */
export interface EntryResult {
  readonly index: number;
  readonly resourceType: string | null;
  /** Index into `units` for an Encounter the hub maps. */
  readonly unit: number | null;
  /** A batch entry refused on its own (batch only; elsewhere any issue refuses the whole Bundle). */
  readonly issues: readonly FhirIssue[];
  /** A notification entry that names an Encounter without carrying it (id-only). */
  readonly idOnly: string | null;
}

export interface Submission {
  readonly kind: SubmissionKind;
  /** Id of the whole request: Bundle.id / identifier, the Encounter version, else a hash of the bytes. */
  readonly messageId: string;
  /** The sending application as it names itself (MessageHeader.source.name, meta.source), else the route. */
  readonly system: string;
  readonly units: readonly EncounterUnit[];
  readonly entries: readonly EntryResult[];
  /** The request message, for the response message. */
  readonly message: {
    readonly bundleId: string;
    readonly headerId: string | null;
    readonly sourceEndpoint: string;
    readonly event: Coding | null;
  } | null;
}

export interface ParseOptions extends FactOptions {
  /** Source.system when the message does not name its sender. */
  readonly defaultSystem: string;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** A Bundle entry a reference points at: by fullUrl, else by the trailing Type/id of a relative or absolute URL. */
function findInBundle(
  index: ReadonlyMap<string, { resource: unknown; path: string }>,
  ref: string,
): { resource: unknown; path: string } | undefined {
  const direct = index.get(ref);
  if (direct) return direct;
  const match = /([A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(ref);
  return match?.[1] !== undefined ? index.get(match[1]) : undefined;
}

/** Looks references up among an Encounter's contained resources and a Bundle's entries. */
function lookupFor(
  encounter: Encounter,
  encounterPath: string,
  bundleEntries: ReadonlyMap<string, { resource: unknown; path: string }>,
): ResourceLookup {
  const contained = new Map<string, { resource: unknown; path: string }>();
  (encounter.contained ?? []).forEach((resource, i) => {
    const id = (resource as { id?: unknown }).id;
    if (typeof id === 'string')
      contained.set(`#${id}`, { resource, path: `${encounterPath}.contained[${i}]` });
  });
  return {
    find: (ref) => (ref.startsWith('#') ? contained.get(ref) : findInBundle(bundleEntries, ref)),
  };
}

function versionKeyOf(encounter: Encounter, spellId: string, raw: unknown): string {
  const version =
    encounter.meta?.versionId ?? encounter.meta?.lastUpdated ?? `sha256-${sha256(JSON.stringify(raw))}`;
  return `Encounter/${spellId}/_history/${version}`;
}

interface UnitDraft {
  readonly unit: EncounterUnit | null;
  readonly issues: FhirIssue[];
}

function encounterUnit(
  raw: unknown,
  path: string,
  entryIndex: number | null,
  bundleEntries: ReadonlyMap<string, { resource: unknown; path: string }>,
  options: ParseOptions,
  message: { id: string; part: string; intent: MessageIntent | null } | null,
): UnitDraft {
  const parsed = encounterSchema.safeParse(raw);
  if (!parsed.success) return { unit: null, issues: fhirIssuesOf(parsed.error, path, raw) };
  const encounter = parsed.data;
  const lookup = lookupFor(encounter, path, bundleEntries);
  const { facts, identity, issues } = factsOf(encounter, path, lookup, options, message?.intent ?? null);
  if (issues.length > 0) return { unit: null, issues };
  return {
    unit: {
      path,
      entryIndex,
      messageId: message?.id ?? versionKeyOf(encounter, facts.spellId, raw),
      part: message?.part ?? '',
      facts,
      identity,
    },
    issues: [],
  };
}

const refuse = (issues: readonly FhirIssue[]): never => {
  throw new FhirValidationError(issues);
};

/** Index of a Bundle's entries by fullUrl and by Type/id, for reference lookups. */
function indexEntries(b: Bundle): Map<string, { resource: unknown; path: string }> {
  const index = new Map<string, { resource: unknown; path: string }>();
  (b.entry ?? []).forEach((entry, i) => {
    if (!entry.resource) return;
    const value = { resource: entry.resource, path: `Bundle.entry[${i}].resource` };
    if (entry.fullUrl !== undefined) index.set(entry.fullUrl, value);
    const id = (entry.resource as { id?: unknown }).id;
    if (typeof id === 'string') index.set(`${entry.resource.resourceType}/${id}`, value);
  });
  return index;
}

function parseMessage(b: Bundle, options: ParseOptions): Submission {
  const entries = b.entry ?? [];
  const first = entries[0]?.resource;
  if (first?.resourceType !== 'MessageHeader')
    refuse([issue('Bundle.entry[0].resource', 'must be the MessageHeader of the message', 'structure')]);
  const header = messageHeader.safeParse(first);
  if (!header.success) return refuse(fhirIssuesOf(header.error, 'Bundle.entry[0].resource', first));
  const messageId = b.id ?? b.identifier?.value;
  if (messageId === undefined)
    refuse([issue('Bundle.id', 'is required for a message: it identifies resends', 'required')]);
  const index = indexEntries(b);
  const focused = new Set(
    (header.data.focus ?? []).flatMap((ref) => {
      const target = ref.reference !== undefined ? findInBundle(index, ref.reference) : undefined;
      return target ? [target.path] : [];
    }),
  );
  const encounterEntries = entries
    .map((entry, i) => ({ entry, i }))
    .filter(
      ({ entry, i }) =>
        entry.resource?.resourceType === 'Encounter' &&
        (header.data.focus === undefined || focused.has(`Bundle.entry[${i}].resource`)),
    );
  if (encounterEntries.length === 0)
    refuse([issue('Bundle.entry[0].resource.focus', 'names no Encounter in the message', 'required')]);
  const intent = intentOf(header.data.eventCoding?.system, header.data.eventCoding?.code);
  const units: EncounterUnit[] = [];
  const issues: FhirIssue[] = [];
  for (const { entry, i } of encounterEntries) {
    const part = encounterEntries.length > 1 ? (entry.fullUrl ?? `entry[${i}]`) : '';
    const draft = encounterUnit(entry.resource, `Bundle.entry[${i}].resource`, i, index, options, {
      id: messageId as string,
      part,
      intent,
    });
    issues.push(...draft.issues);
    if (draft.unit) units.push(draft.unit);
  }
  if (issues.length > 0) refuse(issues);
  return {
    kind: 'message',
    messageId: messageId as string,
    system: header.data.source.name ?? header.data.source.software ?? header.data.source.endpoint,
    units,
    entries: entries.map((entry, i) => {
      const unit = units.findIndex((u) => u.entryIndex === i);
      return {
        index: i,
        resourceType: entry.resource?.resourceType ?? null,
        unit: unit === -1 ? null : unit,
        issues: [],
        idOnly: null,
      };
    }),
    message: {
      bundleId: messageId as string,
      headerId: header.data.id ?? null,
      sourceEndpoint: header.data.source.endpoint,
      event: header.data.eventCoding ?? null,
    },
  };
}

const ENCOUNTER_REF = /(?:^|\/)Encounter\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/** transaction, batch, collection and history (Subscription notification) Bundles. */
function parseEntries(
  b: Bundle & { type: 'transaction' | 'batch' | 'collection' | 'history' },
  options: ParseOptions,
  bodyId: string,
): Submission {
  const index = indexEntries(b);
  const units: EncounterUnit[] = [];
  const results: EntryResult[] = [];
  const allIssues: FhirIssue[] = [];
  (b.entry ?? []).forEach((entry, i) => {
    const path = `Bundle.entry[${i}]`;
    const resourceType = entry.resource?.resourceType ?? null;
    const issues: FhirIssue[] = [];
    let unit: number | null = null;
    let idOnly: string | null = null;
    const method = entry.request?.method;
    if ((b.type === 'transaction' || b.type === 'batch') && method === undefined) {
      issues.push(issue(`${path}.request`, 'is required in a transaction or batch', 'required'));
    } else if ((b.type === 'transaction' || b.type === 'batch') && method !== 'POST' && method !== 'PUT') {
      issues.push(issue(`${path}.request.method`, 'only POST and PUT are accepted', 'not-supported'));
    } else if (resourceType === 'Encounter') {
      const draft = encounterUnit(entry.resource, `${path}.resource`, i, index, options, null);
      issues.push(...draft.issues);
      if (draft.unit) {
        unit = units.length;
        units.push(draft.unit);
      }
    } else if (resourceType === null && b.type === 'history') {
      // Id-only notification: the entry names the Encounter; the connector reads it from the trust.
      const ref = entry.fullUrl ?? entry.request?.url ?? '';
      if (ENCOUNTER_REF.test(ref)) idOnly = ref;
    } else if (resourceType === null) {
      issues.push(issue(`${path}.resource`, 'is required', 'required'));
    }
    if (b.type !== 'batch') allIssues.push(...issues);
    results.push({ index: i, resourceType, unit, issues, idOnly });
  });
  if (allIssues.length > 0) refuse(allIssues);
  return {
    kind: b.type,
    messageId: b.id ?? b.identifier?.value ?? bodyId,
    system: b.meta?.source ?? options.defaultSystem,
    units,
    entries: results,
    message: null,
  };
}

const ACCEPTED_ON: Readonly<Record<Route['kind'], readonly string[]>> = {
  base: ['Bundle', 'Encounter'],
  'process-message': ['Bundle'],
  create: ['Encounter'],
  update: ['Encounter'],
  notification: ['Bundle'],
};

/** Parses and checks a request body. Throws UnparseableError (400), BadRequestError (400) or FhirValidationError (422). */
export function parseSubmission(body: Buffer, route: Route, options: ParseOptions): Submission {
  const text = body.toString('utf8');
  if (text.trim() === '') {
    if (route.kind === 'notification')
      return {
        kind: 'ping',
        messageId: messageIdOfBytes(body),
        system: options.defaultSystem,
        units: [],
        entries: [],
        message: null,
      };
    throw new UnparseableError('The body is empty: send a FHIR resource');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UnparseableError(
      `The body is not JSON: ${err instanceof Error ? err.message : 'parse error'}`,
      null,
      {
        cause: err,
      },
    );
  }
  if (
    typeof json !== 'object' ||
    json === null ||
    Array.isArray(json) ||
    typeof (json as { resourceType?: unknown }).resourceType !== 'string'
  )
    throw new UnparseableError('The body is not a FHIR resource (no resourceType)', 'resourceType');
  const resourceType = (json as { resourceType: string }).resourceType;
  if (!ACCEPTED_ON[route.kind].includes(resourceType))
    throw new BadRequestError(
      `${resourceType} is not accepted here: send ${ACCEPTED_ON[route.kind].join(' or ')}`,
      resourceType,
    );

  if (resourceType === 'Encounter') {
    const draft = encounterUnit(json, 'Encounter', null, new Map(), options, null);
    if (draft.issues.length > 0 || draft.unit === null) return refuse(draft.issues);
    const unit = draft.unit;
    if (route.kind === 'update' && unit.facts.spellId !== route.id)
      throw new BadRequestError('Encounter.id must equal the id in the URL', 'Encounter.id');
    const metaSource = (json as { meta?: { source?: unknown } }).meta?.source;
    return {
      kind: 'encounter',
      messageId: unit.messageId,
      system: typeof metaSource === 'string' ? metaSource : options.defaultSystem,
      units: [unit],
      entries: [],
      message: null,
    };
  }

  const parsed = bundleSchema.safeParse(json);
  if (!parsed.success) return refuse(fhirIssuesOf(parsed.error, 'Bundle', json));
  const b = parsed.data;
  const wanted: Readonly<Record<Route['kind'], readonly string[]>> = {
    base: ['message', 'transaction', 'batch', 'collection', 'history'],
    'process-message': ['message'],
    create: [],
    update: [],
    notification: ['history'],
  };
  if (!wanted[route.kind].includes(b.type))
    refuse([issue('Bundle.type', `must be ${wanted[route.kind].join(', ')} here`, 'code-invalid')]);
  switch (b.type) {
    case 'message':
      return parseMessage(b, options);
    case 'transaction':
    case 'batch':
    case 'collection':
    case 'history':
      return parseEntries({ ...b, type: b.type }, options, messageIdOfBytes(body));
    case 'document':
    case 'searchset':
    case 'transaction-response':
    case 'batch-response':
      return refuse([issue('Bundle.type', 'is not accepted', 'code-invalid')]);
  }
}

/** The raw message id of bytes: a hash, so resends of bytes the hub could not parse map to the same record. */
export const messageIdOfBytes = (body: Buffer): string => `sha256-${sha256(body)}`;

/**
 * The id a refused message would have had (Bundle.id, or the Encounter's id and version), read as far as
 * the bytes allow, so a dead letter can be matched with the sender's resend; else the hash of the bytes.
 */
export function refusedMessageId(body: Buffer): string {
  try {
    const json = JSON.parse(body.toString('utf8')) as {
      resourceType?: unknown;
      id?: unknown;
      meta?: { versionId?: unknown; lastUpdated?: unknown };
    };
    if (json.resourceType === 'Bundle' && typeof json.id === 'string') return json.id;
    if (json.resourceType === 'Encounter' && typeof json.id === 'string') {
      const version = json.meta?.versionId ?? json.meta?.lastUpdated;
      if (typeof version === 'string') return `Encounter/${json.id}/_history/${version}`;
    }
  } catch {
    // not JSON: the hash below
  }
  return messageIdOfBytes(body);
}
