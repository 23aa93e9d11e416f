import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  DEFAULT_MAX_INPUT_BYTES,
  ForbiddenError,
  PROBLEM_MEDIA_TYPE,
  UnauthenticatedError,
  ValidationError,
  problem,
  problemHeaders,
  type Logger,
  type Problem,
} from '@homefirst/runtime';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { CompiledMapping } from '../mapping/mapping';
import type { BatchContext, InboundItem, ItemOutcome } from '../pipeline/batch';
import type { CouncilIngest } from '../pipeline/council-ingest';
import { parseCouncilJson } from '../pipeline/json-body';
import { jsonItemOf } from '../pipeline/json-item';
import { TooManyRecordsError, problemOf } from './problem';

export const RECORDS_PATH = '/council/v1/records';
export const RECORD_FORMAT_PATH = '/council/v1/record-format.schema.json';
const MAPPING_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
/**
 * The body is published whole as the request's raw record (and a rejected record's JSON as its dead
 * letter), so it must fit in one Kafka message: runtime's DEFAULT_MAX_INPUT_BYTES, a bigger body is a 413.
 * 1,000 records of the format take ~300 KiB.
 */
export const MAX_BODY_BYTES = DEFAULT_MAX_INPUT_BYTES;
const RECORD_FORMAT_FILE = resolve(__dirname, '..', '..', 'record-format', 'council-record.schema.json');

export interface RecordsAppOptions {
  readonly ingest: CouncilIngest;
  /** Bearer token → the council it speaks for. */
  readonly tokens: ReadonlyMap<string, string>;
  readonly maxRecordsPerRequest: number;
  /** `?mapping=<name>` posts in an export's own field names; an unknown name is a ValidationError. */
  readonly mappingByName: (name: string) => CompiledMapping;
  readonly logger: Logger;
  /** Largest request body (default MAX_BODY_BYTES). */
  readonly bodyLimit?: number;
}

/** Result of one record in a response. */
interface RecordResult {
  readonly index: number;
  /** Accepted and duplicate records only. */
  readonly recordId?: string;
  readonly status: ItemOutcome['status'];
  readonly eventId?: string;
  readonly type?: string;
  readonly flags?: readonly string[];
  readonly stage?: string;
  readonly errorCode?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

const resultOf = (outcome: ItemOutcome): RecordResult => {
  switch (outcome.status) {
    case 'accepted':
      return {
        index: outcome.position,
        recordId: outcome.recordId,
        status: 'accepted',
        eventId: outcome.eventId,
        type: outcome.type,
        ...(outcome.flags.length > 0 && { flags: outcome.flags }),
      };
    case 'duplicate':
      return {
        index: outcome.position,
        recordId: outcome.recordId,
        status: 'duplicate',
        eventId: outcome.eventId,
      };
    case 'rejected':
      // No record id: a rejected record's fields are unchecked, and a shifted one can hold a name or an NHS number.
      return {
        index: outcome.position,
        status: 'rejected',
        stage: outcome.stage,
        errorCode: outcome.errorCode,
        errors: outcome.issues.map((issue) => ({ field: issue.path, message: issue.message })),
      };
    default:
      return outcome satisfies never;
  }
};

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The council a bearer token speaks for; constant-time over every configured token. */
function councilOfToken(tokens: ReadonlyMap<string, string>, header: string | undefined): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (match?.[1] === undefined)
    throw new UnauthenticatedError('a bearer token is required (Authorization: Bearer <token>)');
  const presented = digest(match[1]);
  let council: string | undefined;
  for (const [token, owner] of tokens) {
    if (timingSafeEqual(digest(token), presented)) council = owner;
  }
  if (council === undefined) throw new UnauthenticatedError('the bearer token is not valid');
  return council;
}

/** `[…]`, `{ "records": […] }` or one record object. */
export function recordsOf(body: unknown): readonly unknown[] {
  if (Array.isArray(body)) return body;
  if (typeof body === 'object' && body !== null) {
    const records = (body as { records?: unknown }).records;
    if (Array.isArray(records)) return records;
    if (records === undefined) return [body];
  }
  throw new ValidationError('the body must be a record, an array of records, or { "records": [...] }', [
    { path: 'body', message: 'is not a record or a list of records' },
  ]);
}

const correlationIdOf = (request: FastifyRequest): string => {
  const given = request.headers['x-correlation-id'];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,100}$/.test(given) ? given : randomUUID();
};

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

/**
 * `POST /council/v1/records` — one record or many, JSON, in the record format (or an export's own field
 * names with `?mapping=<name>`). Per-record results: accepted (with eventId, and flags when the order
 * is suspicious), duplicate (the record id was accepted before), or rejected with reasons. Answers 2xx
 * only after Kafka acknowledged the write; 200 when any record went in or was already in, 422 when every
 * record was rejected, 503 (retriable) when Kafka or Redis cannot take it — then nothing was accepted.
 */
export function buildRecordsApp(options: RecordsAppOptions): FastifyInstance {
  // No Fastify logger: each request logs one line itself, with its correlation id.
  const app = Fastify({ bodyLimit: options.bodyLimit ?? MAX_BODY_BYTES });
  keepRawJson(app);
  app.setErrorHandler((err, request, reply) => {
    const body = problemOf(err);
    const logger = options.logger.child({ correlationId: String(reply.getHeader('x-correlation-id') ?? '') });
    if (body.status >= 500)
      logger.error(
        { err, route: request.routeOptions.url ?? null },
        `council request failed: ${body.detail}`,
      );
    else logger.info({ status: body.status, code: body.code }, 'council request refused');
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      // The path is not echoed: a client may put an identifier (even an NHS number) in it.
      problem(
        404,
        'NOT_FOUND',
        `no route ${request.method} for this path; records go to POST ${RECORDS_PATH}`,
      ),
    ),
  );

  app.get(RECORD_FORMAT_PATH, async (_request, reply) =>
    reply.type('application/schema+json').send(readFileSync(RECORD_FORMAT_FILE, 'utf8')),
  );
  app.post(RECORDS_PATH, async (request, reply) => postRecords(options, request, reply));
  return app;
}

/**
 * Parses JSON bodies but keeps their bytes: they are the raw record of the request. A byte-order mark
 * is allowed; nesting beyond MAX_JSON_DEPTH and bad syntax are 400 problems naming the rule and where.
 */
function keepRawJson(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer; // parseAs: 'buffer'
    request.rawBody = bytes;
    const parsed = parseCouncilJson(bytes);
    if (parsed.ok) done(null, parsed.value);
    else done(new ValidationError(`the body ${parsed.issue.message}`, [parsed.issue]), undefined);
  });
}

function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply
    .headers(problemHeaders(body, 'homefirst-council'))
    .code(body.status)
    .type(PROBLEM_MEDIA_TYPE)
    .send(body);
}

/** `POST /council/v1/records`: checks the records are the token's council's, writes them, answers per record. */
async function postRecords(
  options: RecordsAppOptions,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const correlationId = correlationIdOf(request);
  reply.header('x-correlation-id', correlationId);
  const council = councilOfToken(options.tokens, request.headers.authorization);
  const logger = options.logger.child({ correlationId, council });
  const query = request.query as { mapping?: unknown };
  const mapping =
    query.mapping === undefined ? undefined : options.mappingByName(mappingNameOf(query.mapping));

  const records = recordsOf(request.body);
  if (records.length === 0) {
    throw new ValidationError('the request has no records', [{ path: 'records', message: 'is empty' }]);
  }
  if (records.length > options.maxRecordsPerRequest) {
    throw new TooManyRecordsError(
      `at most ${options.maxRecordsPerRequest} records per request, got ${records.length}`,
    );
  }
  const items = records.map((record, index) => jsonItemOf(record, index, mapping));
  refuseForeignRecords(items, council);

  const rawBody = request.rawBody ?? Buffer.from(JSON.stringify(request.body));
  const context: BatchContext = {
    channel: 'COUNCIL_API',
    transport: 'HTTP',
    contentType: 'application/json',
    system: mapping?.mapping.system ?? 'council-api',
    orgCode: council,
    rawMessageId: `sha256:${createHash('sha256').update(rawBody).digest('hex')}`,
    rawBody,
    receivedAt: new Date(),
    correlationId,
  };
  const outcomes = await options.ingest.process(items, context);
  const results = outcomes.map(resultOf);
  const tally = (status: ItemOutcome['status']): number => results.filter((r) => r.status === status).length;
  const summary = {
    correlationId,
    accepted: tally('accepted'),
    duplicates: tally('duplicate'),
    rejected: tally('rejected'),
    results,
  };
  logger.info(
    { accepted: summary.accepted, duplicates: summary.duplicates, rejected: summary.rejected },
    'council records received',
  );
  if (summary.rejected === results.length) {
    const detail = `all ${results.length} record(s) were rejected; see results (they are in the dead-letter topic)`;
    return sendProblem(reply, { ...problem(422, 'COUNCIL_RECORDS_REJECTED', detail), ...summary });
  }
  return reply.code(200).send(summary);
}

/** `?mapping=` names a mapping (never a path: the server reads only its own mapping directories). */
function mappingNameOf(value: unknown): string {
  if (typeof value === 'string' && MAPPING_NAME.test(value)) return value;
  throw new ValidationError('the mapping parameter must name a mapping', [
    { path: 'mapping', message: 'must be a mapping name: lower-case letters, digits and hyphens' },
  ]);
}

/** A token speaks for one council: a record naming another one refuses the whole request. */
function refuseForeignRecords(items: readonly InboundItem[], council: string): void {
  const foreign = items.filter((item) => {
    const code = (item.input as { councilCode?: unknown } | null)?.councilCode;
    return typeof code === 'string' && code.trim() !== '' && code.trim().toUpperCase() !== council;
  });
  if (foreign.length > 0) {
    throw new ForbiddenError(
      `this token may post records of council ${council} only; records ${foreign.map((item) => item.position).join(', ')} name another council`,
    );
  }
}
