import { HubError, UnavailableError, ValidationError } from '@homefirst/runtime';
import { InvalidNhsNumberError, RegistryUnavailableError } from '@homefirst/schemas';
import {
  BadRequestError,
  FhirValidationError,
  issue,
  NotSupportedError,
  PayloadTooLargeError,
  TOKEN_REQUIRED,
  UnauthenticatedError,
  UnparseableError,
  UnsupportedMediaTypeError,
} from '../errors';
import { outcomeOf } from './operation-outcome';

describe('outcomeOf: the one place errors become HTTP statuses', () => {
  it.each([
    ['unparseable body', new UnparseableError('The body is not JSON'), 400, 'structure'],
    [
      'bad request',
      new BadRequestError('Encounter.id must equal the id in the URL', 'Encounter.id'),
      400,
      'invalid',
    ],
    ['no token', new UnauthenticatedError(TOKEN_REQUIRED), 401, 'login'],
    ['unknown route', new NotSupportedError('GET /fhir/Patient is not offered', 404), 404, 'not-supported'],
    ['too large', new PayloadTooLargeError(5 * 1024 * 1024), 413, 'too-costly'],
    ['wrong media type', new UnsupportedMediaTypeError('text/plain'), 415, 'not-supported'],
    [
      'invalid content',
      new FhirValidationError([issue('Encounter.status', 'is required', 'required')]),
      422,
      'required',
    ],
    ['plain validation error', new ValidationError('bad', [{ path: 'x', message: 'y' }]), 422, 'invalid'],
    ['schemas NHS number error', new InvalidNhsNumberError(), 422, 'value'],
    [
      'Kafka unavailable',
      new UnavailableError('Kafka did not acknowledge', { dependency: 'kafka' }),
      503,
      'transient',
    ],
    [
      'registry unavailable',
      new RegistryUnavailableError('encode', new Error('ECONNREFUSED')),
      503,
      'transient',
    ],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')"), 500, 'exception'],
    [
      'a non-retriable hub error nobody mapped',
      new HubError('odd', { code: 'ODD', retriable: false }),
      500,
      'exception',
    ],
  ])('%s → %i (%s)', (_what, err, status, code) => {
    const result = outcomeOf(err);
    expect(result.status).toBe(status);
    expect(result.outcome.resourceType).toBe('OperationOutcome');
    expect(result.outcome.issue[0]?.code).toBe(code);
    expect(result.outcome.issue[0]?.severity).toBe('error');
  });

  it('names the element path in expression and location', () => {
    const { outcome } = outcomeOf(
      new FhirValidationError([
        issue('Bundle.entry[1].resource.subject.identifier.value', 'is not a valid NHS number', 'value'),
      ]),
    );
    expect(outcome.issue[0]).toMatchObject({
      expression: ['Bundle.entry[1].resource.subject.identifier.value'],
      location: ['Bundle.entry[1].resource.subject.identifier.value'],
      details: { coding: [{ code: 'VALIDATION_FAILED' }] },
    });
  });

  it('asks the sender to retry after a 503 and to authenticate after a 401', () => {
    expect(outcomeOf(new UnavailableError('down', { dependency: 'kafka' })).headers).toEqual({
      'retry-after': '10',
    });
    expect(outcomeOf(new UnauthenticatedError(TOKEN_REQUIRED)).headers['www-authenticate']).toMatch(
      /^Bearer/,
    );
  });

  it('never shows internals of unexpected errors', () => {
    const { outcome } = outcomeOf(new Error('connection string postgres://secret@db'));
    expect(JSON.stringify(outcome)).not.toContain('secret');
  });
});
