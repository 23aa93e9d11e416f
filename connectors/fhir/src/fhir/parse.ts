import { issue, BadRequestError, FhirValidationError, UnparseableError, type FhirIssue } from '../errors';
import { factsOf, type EncounterFacts, type FactOptions, type PatientIdentity } from '../mapping/facts';
import { intentOf, type MessageIntent } from '../mapping/vocabulary';
import {
  bundle as bundleSchema,
  encounter as encounterSchema,
  messageHeader,
  type Bundle,
  type Coding,
  type Encounter,
} from './model';
import { parseJson, textOf } from './json';
import { messageIdOfBytes, sha256 } from './message-ids';
import { fhirIssuesOf } from './paths';
import { distinctMerges, mergesOfPatient, type MergeUnit } from './patient-merge';
import { targetOf } from './references';
import { findInBundle, indexEntries, lookupFor, type EntryIndex } from './lookup';

/**
 * Bytes in, a checked `Submission` out: one `EncounterUnit` per Encounter the hub should map, with the
 * patient's identity and the source message id that makes resends recognisable. Pure; every refusal is a
 * HubError whose issues name the element (FHIRPath), never its value.
 */

/** The endpoint the bytes came to; it decides what is acceptable. */
export type Route =
  /** POST [base]: any accepted Bundle, an Encounter, or a Patient (a merge). */
  | { readonly kind: 'base' }
  /** POST [base]/$process-message: a message Bundle. */
  | { readonly kind: 'process-message' }
  /** POST [base]/Encounter (or [base]/Patient when `resourceType` says so): create. */
  | { readonly kind: 'create'; readonly resourceType?: 'Patient' }
  /** PUT [base]/Encounter/{id} (or Patient/{id}): update (also an R4 rest-hook notification with a full resource). */
  | { readonly kind: 'update'; readonly id: string; readonly resourceType?: 'Patient' }
  /** POST [base]/notify: a Subscription notification (history Bundle) or an empty ping. */
  | { readonly kind: 'notification' };

export type SubmissionKind =
  'encounter' | 'patient' | 'message' | 'transaction' | 'batch' | 'collection' | 'history' | 'ping';

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
  /** Patient merges (Patient.link replaced-by / replaces), each stated once. */
  readonly merges: readonly MergeUnit[];
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

export { messageIdOfBytes, refusedMessageId } from './message-ids';

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
  bundleEntries: EntryIndex,
  options: ParseOptions,
  message: { id: string; part: string; intent: MessageIntent | null } | null,
): UnitDraft {
  const parsed = encounterSchema.safeParse(raw);
  if (!parsed.success) return { unit: null, issues: fhirIssuesOf(parsed.error, path, raw) };
  const encounter = parsed.data;
  const lookup = lookupFor(encounter.contained, path, bundleEntries);
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

/** The merges a Patient entry states, looked up within the Bundle; its issues carry the entry's paths. */
function entryMerges(
  resource: unknown,
  i: number,
  index: EntryIndex,
  options: ParseOptions,
  messageId: string,
): { merges: MergeUnit[]; issues: FhirIssue[] } {
  const path = `Bundle.entry[${i}].resource`;
  const contained = (resource as { contained?: unknown }).contained;
  return mergesOfPatient(resource, lookupFor(Array.isArray(contained) ? contained : [], path, index), {
    path,
    entryIndex: i,
    messageId,
    partPrefix: `entry[${i}].`,
    mrnSystems: options.mrnSystems,
    ...(options.nhsNumbers !== undefined && { nhsNumbers: options.nhsNumbers }),
  });
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
  const inFocus = (i: number): boolean =>
    header.data.focus === undefined || focused.has(`Bundle.entry[${i}].resource`);
  const encounterEntries = entries
    .map((entry, i) => ({ entry, i }))
    .filter(({ entry, i }) => entry.resource?.resourceType === 'Encounter' && inFocus(i));
  const issues: FhirIssue[] = [];
  const merges: MergeUnit[] = [];
  entries.forEach((entry, i) => {
    if (entry.resource?.resourceType !== 'Patient' || !inFocus(i)) return;
    const found = entryMerges(entry.resource, i, index, options, messageId as string);
    merges.push(...found.merges);
    issues.push(...found.issues);
  });
  if (encounterEntries.length === 0 && merges.length === 0 && issues.length === 0)
    refuse([
      issue(
        'Bundle.entry[0].resource.focus',
        'names no Encounter and no Patient merge (Patient.link replaced-by / replaces) in the message',
        'required',
      ),
    ]);
  const intent = intentOf(header.data.eventCoding?.system, header.data.eventCoding?.code);
  const units: EncounterUnit[] = [];
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
    merges: distinctMerges(merges),
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

/** transaction, batch, collection and history (Subscription notification) Bundles. */
function parseEntries(
  b: Bundle & { type: 'transaction' | 'batch' | 'collection' | 'history' },
  options: ParseOptions,
  bodyId: string,
): Submission {
  const index = indexEntries(b);
  const messageId = b.id ?? b.identifier?.value ?? bodyId;
  const units: EncounterUnit[] = [];
  const merges: MergeUnit[] = [];
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
    } else if (resourceType === 'Patient') {
      const found = entryMerges(entry.resource, i, index, options, messageId);
      issues.push(...found.issues);
      if (found.issues.length === 0) merges.push(...found.merges);
    } else if (resourceType === null && b.type === 'history') {
      // Id-only notification: the entry names the Encounter; the connector reads it from the trust.
      const ref = entry.fullUrl ?? entry.request?.url ?? '';
      if (targetOf(ref)?.type === 'Encounter') idOnly = ref;
    } else if (resourceType === null) {
      issues.push(issue(`${path}.resource`, 'is required', 'required'));
    }
    if (b.type !== 'batch') allIssues.push(...issues);
    results.push({ index: i, resourceType, unit, issues, idOnly });
  });
  if (allIssues.length > 0) refuse(allIssues);
  return {
    kind: b.type,
    messageId,
    system: b.meta?.source ?? options.defaultSystem,
    units,
    merges: distinctMerges(merges),
    entries: results,
    message: null,
  };
}

const acceptedOn = (route: Route): readonly string[] => {
  switch (route.kind) {
    case 'base':
      return ['Bundle', 'Encounter', 'Patient'];
    case 'process-message':
    case 'notification':
      return ['Bundle'];
    case 'create':
    case 'update':
      return [route.resourceType ?? 'Encounter'];
  }
};

/** A Patient on its own: the merges its links state (none is fine: nothing to record). */
function parsePatient(json: object, route: Route, options: ParseOptions, body: Buffer): Submission {
  const raw = json as {
    id?: unknown;
    contained?: unknown;
    meta?: { versionId?: unknown; lastUpdated?: unknown };
  };
  if (route.kind === 'update' && raw.id !== route.id)
    throw new BadRequestError('Patient.id must equal the id in the URL', 'Patient.id');
  const version = raw.meta?.versionId ?? raw.meta?.lastUpdated;
  const messageId =
    typeof raw.id === 'string' && typeof version === 'string'
      ? `Patient/${raw.id}/_history/${version}`
      : messageIdOfBytes(body);
  const contained = Array.isArray(raw.contained) ? (raw.contained as unknown[]) : [];
  const { merges, issues } = mergesOfPatient(json, lookupFor(contained, 'Patient', new Map()), {
    path: 'Patient',
    entryIndex: null,
    messageId,
    partPrefix: '',
    mrnSystems: options.mrnSystems,
    ...(options.nhsNumbers !== undefined && { nhsNumbers: options.nhsNumbers }),
  });
  if (issues.length > 0) refuse(issues);
  const metaSource = (json as { meta?: { source?: unknown } }).meta?.source;
  return {
    kind: 'patient',
    messageId,
    system: typeof metaSource === 'string' ? metaSource : options.defaultSystem,
    units: [],
    merges: distinctMerges(merges),
    entries: [],
    message: null,
  };
}

/** Parses and checks a request body. Throws UnparseableError (400), BadRequestError (400) or FhirValidationError (422). */
export function parseSubmission(body: Buffer, route: Route, options: ParseOptions): Submission {
  const text = textOf(body);
  if (text.trim() === '') {
    if (route.kind === 'notification')
      return {
        kind: 'ping',
        messageId: messageIdOfBytes(body),
        system: options.defaultSystem,
        units: [],
        merges: [],
        entries: [],
        message: null,
      };
    throw new UnparseableError('The body is empty: send a FHIR resource');
  }
  const json = parseJson(text);
  if (
    typeof json !== 'object' ||
    json === null ||
    Array.isArray(json) ||
    typeof (json as { resourceType?: unknown }).resourceType !== 'string'
  )
    throw new UnparseableError('The body is not a FHIR resource (no resourceType)', 'resourceType');
  const resourceType = (json as { resourceType: string }).resourceType;
  // The value is not echoed: a sender's mistake can put anything there, patient data included.
  if (!acceptedOn(route).includes(resourceType))
    throw new BadRequestError(
      `resourceType is not accepted here: send ${acceptedOn(route).join(' or ')}`,
      'resourceType',
    );
  if (resourceType === 'Patient') return parsePatient(json, route, options, body);

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
      merges: [],
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
