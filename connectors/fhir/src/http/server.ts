import { randomUUID } from 'node:crypto';
import { childLogger, describeError, HubError, UnavailableError, type Logger } from '@homefirst/runtime';
import { ContractError, type FailedStage } from '@homefirst/schemas';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  BadRequestError,
  FhirValidationError,
  issue,
  type FhirIssue,
  NotSupportedError,
  PayloadTooLargeError,
  UnparseableError,
  UnsupportedMediaTypeError,
} from '../errors';
import { parseJson, textOf } from '../fhir/json';
import {
  parseSubmission,
  refusedMessageId,
  type ParseOptions,
  type Route,
  type Submission,
} from '../fhir/parse';
import { targetOf } from '../fhir/references';
import type { FhirIngest } from '../ingest/fhir-ingest';
import type { FhirMetrics } from '../ingest/metrics';
import { outcomeOf } from '../outcome/operation-outcome';
import { TrustResourceGoneError, type TrustServer } from '../pull/trust-server';
import type { TrustTokens } from './auth';
import { capabilityStatement } from './capability';
import { successResponse } from './responses';

/**
 * The FHIR endpoint (Fastify): `application/fhir+json` in, OperationOutcome or response Bundles out.
 *
 *   POST [base]                    Bundle (message, transaction, batch, collection, history), Encounter or Patient
 *   POST [base]/$process-message   message Bundle
 *   POST [base]/Bundle             any accepted Bundle
 *   POST [base]/Encounter          Encounter (create) → 201
 *   PUT  [base]/Encounter/{id}     Encounter (update) → 200
 *   POST [base]/Patient, PUT [base]/Patient/{id}   Patient: a merge (link replaced-by / replaces)
 *   POST [base]/notify             Subscription rest-hook: history Bundle (full or id-only) or empty ping
 *   PUT  [base]/notify/Encounter/{id}  R4 rest-hook with a full-resource payload
 *   GET  [base]/metadata           CapabilityStatement
 *
 * Every call needs a trust's bearer token (401 otherwise). A 2xx leaves only after Kafka acknowledged.
 */

export interface FhirServerOptions {
  readonly ingest: FhirIngest;
  readonly tokens: TrustTokens;
  readonly parse: Omit<ParseOptions, 'defaultSystem'>;
  readonly maxBodyBytes: number;
  /** How long a sender waits for Kafka before a 503 (the write itself carries on; see FhirIngest). */
  readonly publishTimeoutMs: number;
  readonly logger: Logger;
  readonly metrics: FhirMetrics;
  /** The trust's own FHIR server, to read what id-only notifications name. */
  readonly trustServerFor?: (ods: string) => Promise<TrustServer | undefined>;
  /** Base path of the endpoint; default `/fhir`. */
  readonly basePath?: string;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const ACCEPTED_MEDIA_TYPES = ['application/fhir+json', 'application/json'];

const mediaTypeOf = (header: string | undefined): string =>
  (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Fastify's own errors in the hub's currency, so outcomeOf stays the one place statuses are chosen. */
function fromFastify(err: unknown, limit: number): unknown {
  if (err instanceof HubError || typeof err !== 'object' || err === null) return err;
  const code = (err as { code?: unknown }).code;
  const status = (err as { statusCode?: unknown }).statusCode;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new PayloadTooLargeError(limit);
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new UnsupportedMediaTypeError('');
  // Fastify's code, not its message: a message may quote what it could not read.
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new UnparseableError(
      `The request could not be read (${typeof code === 'string' ? code : `HTTP ${status}`})`,
    );
  return err;
}

/** Where a refusal failed, for its dead letter; null: the edge's own refusal, answered and not dead-lettered. */
export const stageOf = (err: unknown): FailedStage | null => {
  if (err instanceof FhirValidationError) return 'VALIDATE';
  if (
    err instanceof UnparseableError ||
    err instanceof BadRequestError ||
    err instanceof UnsupportedMediaTypeError
  )
    return 'PARSE';
  // Over the input limit past the HTTP body limit: content the hub read itself (an id-only notification's
  // Encounter from the trust's server, a redriven dead letter). The trust's data, so dead-lettered as pull
  // mode does, without its body (fhir-records.ts keptForRefusal).
  if (err instanceof PayloadTooLargeError) return 'PARSE';
  // The edge's own refusals (token, size, route…) are answered, not dead-lettered; a contract failure
  // (invalid event, NHS number…) is the message's and goes to the dead-letter topic like any mapping fault.
  if (err instanceof HubError && !(err instanceof ContractError) && !err.retriable) return null;
  if (err instanceof UnavailableError) return null;
  return 'MAP';
};

/** A promise that gives up waiting (not working) after `ms`, with a retriable error. */
async function waitAtMost<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new UnavailableError(`Kafka did not acknowledge within ${ms} ms`, { dependency: 'kafka' }),
            ),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function buildFhirServer(options: FhirServerOptions): FastifyInstance {
  const base = options.basePath ?? '/fhir';
  const app = Fastify({
    bodyLimit: options.maxBodyBytes,
    logger: false,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
  });
  const trustOf = new WeakMap<FastifyRequest, string>();

  app.removeAllContentTypeParsers();
  // Every body arrives as bytes: the raw topic keeps them unchanged and the media type is checked per route.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', (request, _reply, done) => {
    try {
      trustOf.set(request, options.tokens.trustOf(request.headers.authorization));
      done();
    } catch (err) {
      done(err as Error); // TrustTokens throws only UnauthenticatedError
    }
  });
  answerErrorsWithOutcomes(app, options);

  const server: ServerContext = { options, base, trustOf };
  const post = (path: string, route: Route, system: string): void => {
    app.post(path, (request, reply) => handle(server, request, reply, route, system));
  };
  post(base, { kind: 'base' }, 'fhir-rest');
  post(`${base}/Bundle`, { kind: 'base' }, 'fhir-rest');
  post(`${base}/$process-message`, { kind: 'process-message' }, 'fhir-messaging');
  post(`${base}/Encounter`, { kind: 'create' }, 'fhir-rest');
  post(`${base}/notify`, { kind: 'notification' }, 'fhir-subscription');
  app.put<{ Params: { id: string } }>(`${base}/Encounter/:id`, (request, reply) =>
    handle(server, request, reply, { kind: 'update', id: request.params.id }, 'fhir-rest'),
  );
  post(`${base}/Patient`, { kind: 'create', resourceType: 'Patient' }, 'fhir-rest');
  app.put<{ Params: { id: string } }>(`${base}/Patient/:id`, (request, reply) =>
    handle(
      server,
      request,
      reply,
      { kind: 'update', id: request.params.id, resourceType: 'Patient' },
      'fhir-rest',
    ),
  );
  app.put<{ Params: { id: string } }>(`${base}/notify/Encounter/:id`, (request, reply) =>
    handle(server, request, reply, { kind: 'update', id: request.params.id }, 'fhir-subscription'),
  );
  app.get(`${base}/metadata`, async (request, reply) =>
    reply.type(FHIR_JSON).send(capabilityStatement(`${request.protocol}://${request.host}${base}`)),
  );
  return app;
}

/** What the route handlers share: the server's options, its base path and the trust each request speaks for. */
interface ServerContext {
  readonly options: FhirServerOptions;
  readonly base: string;
  readonly trustOf: WeakMap<FastifyRequest, string>;
}

/** Every error becomes an OperationOutcome with its HTTP status; unexpected ones are logged. */
function answerErrorsWithOutcomes(app: FastifyInstance, options: FhirServerOptions): void {
  app.setErrorHandler((err: unknown, request, reply) => {
    const { status, headers, outcome } = outcomeOf(fromFastify(err, options.maxBodyBytes));
    options.metrics.rejected.inc({ status: String(status) });
    if (status >= 500 && status !== 503)
      childLogger(options.logger, request.id).error({ err }, `request failed: ${describeError(err)}`);
    return reply
      .code(status)
      .headers({ ...headers, 'x-correlation-id': request.id })
      .type(FHIR_JSON)
      .send(outcome);
  });

  // The path is not echoed: a sender can put anything in it, patient data included.
  app.setNotFoundHandler((request) =>
    Promise.reject(
      new NotSupportedError(
        `${request.method} of this path is not offered by the hub (see GET [base]/metadata)`,
        404,
      ),
    ),
  );
}

/** Reads what an id-only notification names from the trust's server; returns the filled-in notification. */
async function fillIdOnly(
  options: FhirServerOptions,
  submission: Submission,
  body: Buffer,
  ods: string,
): Promise<Buffer | null> {
  const missing = submission.entries.filter((e) => e.idOnly !== null);
  if (missing.length === 0) return null;
  const server = await options.trustServerFor?.(ods);
  if (!server)
    throw new FhirValidationError(
      missing.map((e) =>
        issue(
          `Bundle.entry[${e.index}]`,
          'is an id-only notification, and the hub has no FHIR server of this trust to read it from (HOMEFIRST_FHIR_SOURCE_BASE_URLS): send full-resource notifications',
          'not-supported',
        ),
      ),
    );
  const notification = parseJson(textOf(body)) as { entry: Array<Record<string, unknown>> }; // parsed before
  const patients: Array<Record<string, unknown>> = [];
  const gone: FhirIssue[] = [];
  for (const entry of missing) {
    const id = targetOf(entry.idOnly ?? '')?.id ?? '';
    let read: Awaited<ReturnType<TrustServer['readEncounter']>>;
    try {
      read = await server.readEncounter(id);
    } catch (err) {
      // Deleted or never there: resending the notification cannot help, so a 422 naming the entry, not a 503.
      if (!(err instanceof TrustResourceGoneError)) throw err;
      gone.push(goneIssue(entry.index, err));
      continue;
    }
    const { encounter, patient } = read;
    const target = notification.entry[entry.index];
    if (target) target.resource = encounter;
    if (patient && typeof patient === 'object')
      patients.push({ fullUrl: `Patient/${String((patient as { id?: unknown }).id)}`, resource: patient });
  }
  if (gone.length > 0) throw new FhirValidationError(gone);
  notification.entry.push(...patients);
  return Buffer.from(JSON.stringify(notification), 'utf8');
}

/** The issue of an id-only entry whose Encounter (or its Patient) the trust's server no longer has. */
const goneIssue = (index: number, err: TrustResourceGoneError): FhirIssue =>
  issue(
    `Bundle.entry[${index}]`,
    `is an id-only notification, and the trust's FHIR server answered ${err.status} ${err.status === 410 ? 'Gone' : 'Not Found'} for its ${err.resourceType === 'Encounter' ? 'Encounter' : "Encounter's subject Patient"}: there is nothing to read; send the resource in full if it still exists`,
    'not-found',
  );

/** One submission: parsed, written durably, answered; a refused one is dead-lettered (when it got that far) and rethrown. */
async function handle(
  { options, base, trustOf }: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  route: Route,
  system: string,
): Promise<FastifyReply> {
  const { ingest, metrics } = options;
  const started = performance.now();
  const correlationId = request.id;
  const log = childLogger(options.logger, correlationId);
  const orgCode = trustOf.get(request) ?? '';
  let body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const contentType = mediaTypeOf(request.headers['content-type']);
  const receivedAt = new Date();
  let submission: Submission | null = null;
  try {
    if (!(route.kind === 'notification' && body.length === 0) && !ACCEPTED_MEDIA_TYPES.includes(contentType))
      throw new UnsupportedMediaTypeError(contentType);
    const parseOptions = { ...options.parse, defaultSystem: system };
    submission = parseSubmission(body, route, parseOptions);
    const filled = await fillIdOnly(options, submission, body, orgCode);
    if (filled) {
      body = filled;
      submission = parseSubmission(body, route, parseOptions);
    }
    if (submission.kind === 'ping') {
      log.info('Subscription ping');
      return await reply
        .code(200)
        .type(FHIR_JSON)
        .header('x-correlation-id', correlationId)
        .send(
          successResponse(route, submission, { units: [], merges: [], released: 0, deadLetters: 0 }, '').body,
        );
    }
    const report = await waitAtMost(
      ingest.submit({
        submission,
        body,
        contentType: contentType || 'application/fhir+json',
        orgCode,
        transport: 'HTTP',
        correlationId,
        receivedAt,
      }),
      options.publishTimeoutMs,
    );
    const hubEndpoint = `${request.protocol}://${request.host}${base}`;
    const response = successResponse(route, submission, report, hubEndpoint);
    metrics.accepted.inc({ kind: submission.kind });
    metrics.latency.observe({ outcome: 'accepted' }, (performance.now() - started) / 1000);
    log.info(
      {
        orgCode,
        kind: submission.kind,
        messageId: submission.messageId,
        statuses: report.units.map((u) => u.status),
        events: report.units.reduce((n, u) => n + u.events.length, 0),
        released: report.released,
        status: response.status,
      },
      'FHIR message accepted',
    );
    return await reply
      .code(response.status)
      .type(FHIR_JSON)
      .header('x-correlation-id', correlationId)
      .send(response.body);
  } catch (err) {
    metrics.latency.observe({ outcome: 'rejected' }, (performance.now() - started) / 1000);
    await deadLetterRefusal(options, log, err, {
      body,
      contentType: contentType || 'application/octet-stream',
      orgCode,
      system,
      messageId: submission?.messageId ?? refusedMessageId(body),
      correlationId,
      receivedAt,
    });
    throw err;
  }
}

/** Logs a refused message and, when it got as far as a stage, puts it in the dead-letter topic. */
async function deadLetterRefusal(
  options: FhirServerOptions,
  log: Logger,
  err: unknown,
  message: Omit<Parameters<FhirIngest['reject']>[0], 'stage' | 'error' | 'transport'>,
): Promise<void> {
  const stage = stageOf(err);
  const ours = err instanceof HubError && !(err instanceof ContractError);
  const code = ours ? err.code : 'INTERNAL';
  // The hub's own messages name elements and rules only; anything else may quote the input.
  const why = ours ? describeError(err) : 'unexpected error';
  log.warn({ orgCode: message.orgCode, code, stage }, `FHIR message refused: ${why}`);
  if (stage === null) return;
  const error = ours
    ? err
    : new HubError('The hub failed to map the message', { code, retriable: true, cause: err });
  await waitAtMost(
    options.ingest.reject({ ...message, transport: 'HTTP', stage, error }),
    options.publishTimeoutMs,
  ).catch((deadLetterErr: unknown) =>
    // The sender must fix the message either way: answer the refusal, and say loudly that it is not on record.
    log.error({ err: deadLetterErr }, `refused message not dead-lettered: ${describeError(deadLetterErr)}`),
  );
}
