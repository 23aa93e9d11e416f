import { InvalidNhsNumberError, RegistryUnavailableError } from '@homefirst/schemas';
import { KafkaJSConnectionError } from 'kafkajs';
import {
  ConfigError,
  ForbiddenError,
  HubError,
  NotFoundError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from '../errors';
import { problem, problemHeaders, PROBLEM_TYPE_BASE } from './problem';
import { INTERNAL_DETAIL, UNAVAILABLE_DETAIL, problemOf } from './problem-of';

/** A Fastify-style request error: a 4xx status and an FST_ code. */
const fastifyError = (statusCode: number, code: string, extra: object = {}): Error =>
  Object.assign(new Error(`refused ${code}`), { statusCode, code, ...extra });

describe('problem', () => {
  it('builds an RFC 9457 body with the hub extension members', () => {
    expect(problem(413, 'TOO_MANY_RECORDS', 'at most 10')).toEqual({
      type: `${PROBLEM_TYPE_BASE}too-many-records`,
      title: 'Content Too Large',
      status: 413,
      detail: 'at most 10',
      code: 'TOO_MANY_RECORDS',
      retriable: false,
    });
    expect(
      problem(400, 'X', 'y', {
        retriable: true,
        instance: 'urn:uuid:1',
        errors: [{ field: 'a', message: 'b' }],
      }),
    ).toMatchObject({ retriable: true, instance: 'urn:uuid:1', errors: [{ field: 'a', message: 'b' }] });
    expect(problem(418, 'TEAPOT', 'no').title).toBe('Client Error');
  });

  it('sends the challenge with a 401 and Retry-After with a 503', () => {
    expect(problemHeaders(problem(401, 'UNAUTHENTICATED', 'x'), 'homefirst')).toEqual({
      'www-authenticate': 'Bearer realm="homefirst"',
    });
    expect(problemHeaders(problem(503, 'UNAVAILABLE', 'x'), 'r')).toEqual({ 'retry-after': '5' });
    expect(problemHeaders(problem(400, 'X', 'x'), 'r')).toEqual({});
  });
});

describe('problemOf: the one mapping from errors to problems', () => {
  it.each([
    [new UnauthenticatedError('no token'), 401, 'UNAUTHENTICATED'],
    [new ForbiddenError('not yours'), 403, 'FORBIDDEN'],
    [new NotFoundError('no such person'), 404, 'NOT_FOUND'],
  ])('maps the hub refusal %p', (err, status, code) => {
    expect(problemOf(err)).toMatchObject({ status, code, detail: err.message, retriable: false });
  });

  it('names the fields of a validation error, never their values', () => {
    const err = new ValidationError('bad body', [{ path: 'records', message: 'is empty' }]);
    expect(problemOf(err)).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'records', message: 'is empty' }],
    });
  });

  it("takes the edge's own statuses", () => {
    const tooMany = new HubError('at most 10', { code: 'TOO_MANY_RECORDS', retriable: false });
    expect(problemOf(tooMany, { statusByCode: { TOO_MANY_RECORDS: 413 } }).status).toBe(413);
    expect(problemOf(tooMany).status).toBe(500);
  });

  it("keeps the framework's own 4xx refusals", () => {
    expect(problemOf(fastifyError(415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE'))).toMatchObject({
      status: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    expect(problemOf(fastifyError(400, 'FST_ERR_VALIDATION', { validation: [] }))).toMatchObject({
      status: 400,
      code: 'INVALID_REQUEST',
    });
    expect(problemOf(fastifyError(429, 'FST_ERR_RATE_LIMIT'))).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      retriable: true,
    });
  });

  it('answers 503, retriable, for whatever may heal, without internals', () => {
    expect(problemOf(new UnavailableError('Kafka socket 10.0.0.1 closed', { dependency: 'kafka' }))).toEqual(
      problem(503, 'UNAVAILABLE', UNAVAILABLE_DETAIL, { retriable: true }),
    );
    expect(problemOf(new RegistryUnavailableError('encode', new Error('x')))).toMatchObject({
      status: 503,
      code: 'REGISTRY_UNAVAILABLE',
    });
    expect(problemOf(new KafkaJSConnectionError('refused'))).toMatchObject({
      status: 503,
      code: 'UNAVAILABLE',
    });
  });

  it('answers 500 for anything else, never a silent 4xx, without internals', () => {
    expect(problemOf(new TypeError('x is undefined'))).toEqual(problem(500, 'INTERNAL', INTERNAL_DETAIL));
    expect(problemOf('thrown text')).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(problemOf(new ConfigError('HOMEFIRST_X: bad'))).toMatchObject({
      status: 500,
      code: 'CONFIG_INVALID',
      detail: INTERNAL_DETAIL,
    });
    expect(problemOf(new InvalidNhsNumberError())).toMatchObject({ status: 500, code: 'INVALID_NHS_NUMBER' });
    expect(problemOf(fastifyError(502, 'FST_X')).status).toBe(500);
  });
});
