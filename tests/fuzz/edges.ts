import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { HubError } from '@homefirst/runtime';
import { councilTopic, createPersonKeyer, hospitalTopic, type TopicName } from '@homefirst/schemas';
import { eventFromJson, offlineCodec } from '@homefirst/testing';
import * as hl7 from '@homefirst/connector-hl7v2';
import * as fhir from '@homefirst/connector-fhir';
import * as council from '@homefirst/connector-council';
import type { Edge } from './corpora';

/**
 * Each edge's feed checker — exactly what `homefirst map hl7v2|fhir|council <file>` runs, called in
 * process — and how its answer is classified:
 *   accepted  the checker printed events (exit 0), and each event encodes with the live codec;
 *   rejected  the edge's documented rejection: HL7 an AE acknowledgement; FHIR an OperationOutcome with a
 *             4xx status; council the rejection document (exit 1) or a documented usage error (UsageError,
 *             the hub's own HubError, unreadable JSON);
 *   crash     anything else: an exception out of the checker, an internal error answered as one (HL7 AR
 *             207, FHIR 500), an exit 1 without a rejection document, or an accepted event the live codec
 *             cannot encode (the live connector would fail to publish it).
 * `kind` names the class of the answer (error class and the first line of its message, digits masked),
 * never the input.
 */
export type Outcome = 'accepted' | 'rejected' | 'crash';

export interface EdgeAnswer {
  readonly outcome: Outcome;
  readonly kind: string;
}

export type EdgeChecker = (bytes: Buffer, name: string) => Promise<EdgeAnswer>;

/** The hub's clock for the checkers that take one: fixed, so a run is the same whenever it runs. */
const NOW = new Date('2025-07-01T12:00:00.000Z');
const PERSON_KEY_SECRET = 'fuzz-only-person-key-secret-0123456789abcdef';
const codec = offlineCodec();

/** The first line of an error, digits and long words masked: a class of failure, not the input. */
export function errorKind(err: unknown): string {
  const paths = (err as { paths?: unknown }).paths;
  if (err instanceof Error && Array.isArray(paths)) return `${err.name} at ${paths.join(', ')}`;
  const name = err instanceof Error ? err.name : typeof err;
  const message = err instanceof Error ? err.message : String(err);
  const firstLine = (message.split('\n')[0] ?? '')
    .replace(/\d+/g, '#')
    .replace(/"[^"]{0,200}"/g, '"…"')
    .replace(/[^\s"']{40,}/g, '…')
    .slice(0, 160);
  return `${name}: ${firstLine}`;
}

/** Every printed event encodes with the live codec, or the kind of the first that does not. */
async function unencodable(topic: TopicName, lines: readonly unknown[]): Promise<string | null> {
  for (const json of lines) {
    try {
      await codec.encode(topic, eventFromJson(topic, json));
    } catch (err) {
      const type = (json as { type?: unknown }).type;
      return `accepted ${String(type)} not encodable: ${errorKind(err)}`;
    }
  }
  return null;
}

const parseLines = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);

const HOSPITAL = hospitalTopic.name as TopicName;
const COUNCIL = councilTopic.name as TopicName;

/** For an AR 207 (a fault of ours answered as an ACK): the exception behind it, found by re-reading the messages. */
function hl7InternalError(bytes: Buffer, errorCode: string | null): string {
  const mapping = {
    settings: hl7.DEFAULT_MAPPING_SETTINGS,
    personKey: createPersonKeyer(PERSON_KEY_SECRET),
  };
  for (const message of bytes.toString('utf8').split(/(?=MSH)/)) {
    try {
      hl7.readAdt(hl7.Hl7Document.parse(message), mapping);
    } catch (err) {
      if (!(err instanceof hl7.Hl7ContentError)) return `AR 207: ${errorKind(err)}`;
    }
  }
  return `AR 207 (${errorCode ?? 'no code'})`;
}

const hl7Checker: EdgeChecker = async (bytes) => {
  let stdout = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, env: {} };
  let code: number;
  try {
    code = await hl7.checkFeed(bytes, io);
  } catch (err) {
    return { outcome: 'crash', kind: `thrown ${errorKind(err)}` };
  }
  const lines = parseLines(stdout);
  const reports = lines.filter(
    (l): l is hl7.RejectionReport => typeof l === 'object' && l !== null && 'ack' in l,
  );
  const internal = reports.find((r) => r.ack === 'AR' || r.hl7ErrorCode === '207');
  if (internal !== undefined) return { outcome: 'crash', kind: hl7InternalError(bytes, internal.errorCode) };
  const broken = await unencodable(
    HOSPITAL,
    lines.filter((l) => !reports.includes(l as hl7.RejectionReport)),
  );
  if (broken !== null) return { outcome: 'crash', kind: broken };
  if (code === 0) return { outcome: 'accepted', kind: 'AA' };
  return { outcome: 'rejected', kind: `AE ${reports[0]?.errorCode ?? ''}`.trim() };
};

const fhirOptions = {
  orgCode: 'REM',
  personKey: createPersonKeyer(PERSON_KEY_SECRET),
  mrnSystems: [],
  extensionUrls: fhir.DEFAULT_EXTENSION_URLS,
  now: NOW,
};

/** For a 500: the exception behind it (checkFeed answers with the OperationOutcome only). */
function fhirInternalError(bytes: Buffer): string {
  try {
    const submission = fhir.parseSubmission(
      bytes,
      { kind: 'base' },
      { mrnSystems: [], extensionUrls: fhir.DEFAULT_EXTENSION_URLS, defaultSystem: 'fhir-rest' },
    );
    fhir.mapOffline(submission, { ...fhirOptions, recordedAt: NOW, receivedAt: NOW, correlationId: 'fuzz' });
  } catch (err) {
    return `500: ${errorKind(err)}`;
  }
  return '500 (not reproduced)';
}

const fhirChecker: EdgeChecker = async (bytes) => {
  let result: fhir.FeedCheckResult;
  try {
    result = fhir.checkFeed(bytes, fhirOptions);
  } catch (err) {
    return { outcome: 'crash', kind: `thrown ${errorKind(err)}` };
  }
  const lines = parseLines(result.lines.join('\n'));
  if (result.exitCode === 0) {
    const broken = await unencodable(HOSPITAL, lines);
    return broken === null ? { outcome: 'accepted', kind: 'events' } : { outcome: 'crash', kind: broken };
  }
  const outcome = lines[0] as fhir.OperationOutcome | undefined;
  const issue = outcome?.issue[0];
  if (issue === undefined || issue.code === 'exception')
    return { outcome: 'crash', kind: fhirInternalError(bytes) };
  return { outcome: 'rejected', kind: `${issue.code} ${issue.details?.coding[0]?.code ?? ''}`.trim() };
};

const councilDir = mkdtempSync(join(tmpdir(), 'homefirst-fuzz-council-'));
const mappingDirs = [council.BUILT_IN_MAPPINGS_DIR];

/**
 * The documented refusals of a whole file thrown rather than reported: the hub's own errors. Unreadable,
 * too deep or badly quoted input gets the rejection document (exit 1), so anything else thrown is a crash.
 */
const isDocumentedRefusal = (err: unknown): boolean => err instanceof HubError;

const councilChecker: EdgeChecker = async (bytes, name) => {
  const file = join(councilDir, `input${extname(name) || '.csv'}`);
  writeFileSync(file, bytes);
  const printed: string[] = [];
  let code: number;
  try {
    code = await council.mapFeed(file, {
      personKeySecret: PERSON_KEY_SECRET,
      write: (line) => {
        printed.push(line);
      },
      mappingFor: (header) => (header === null ? null : council.detectMapping(header, mappingDirs)),
      now: () => NOW,
    });
  } catch (err) {
    return isDocumentedRefusal(err)
      ? { outcome: 'rejected', kind: `usage ${err instanceof Error ? err.name : 'error'}` }
      : { outcome: 'crash', kind: `thrown ${errorKind(err)}` };
  }
  const lines = parseLines(printed.join('\n'));
  if (code === 0) {
    const broken = await unencodable(COUNCIL, lines);
    return broken === null ? { outcome: 'accepted', kind: 'events' } : { outcome: 'crash', kind: broken };
  }
  const document = lines[0] as { status?: unknown } | undefined;
  return lines.length === 1 && document?.status === 'rejected'
    ? { outcome: 'rejected', kind: 'rejection document' }
    : { outcome: 'crash', kind: `exit ${code} without a rejection document` };
};

export const CHECKERS: Readonly<Record<Edge, EdgeChecker>> = {
  hl7: hl7Checker,
  fhir: fhirChecker,
  council: councilChecker,
};
