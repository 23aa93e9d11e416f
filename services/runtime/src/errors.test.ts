import {
  KafkaJSConnectionError,
  KafkaJSError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import {
  ConfigError,
  HubError,
  UnavailableError,
  ValidationError,
  describeError,
  isRetriable,
} from './errors';

describe('HubError and its kinds', () => {
  it('carries code, retriable and the standard cause', () => {
    const cause = new Error('socket closed');
    const err = new UnavailableError('Redis is away', { dependency: 'redis', cause });
    expect(err).toBeInstanceOf(HubError);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({
      name: 'UnavailableError',
      code: 'UNAVAILABLE',
      retriable: true,
      dependency: 'redis',
    });
    expect(err.cause).toBe(cause);
    expect(err.stack).toContain('Redis is away');
  });

  it('has no cause property when none was given', () => {
    expect('cause' in new ConfigError('bad')).toBe(false);
  });

  it('marks config and validation errors as not retriable and keeps the issues', () => {
    const issues = [{ path: 'PID-3', message: 'NHS number fails the check digit' }];
    const validation = new ValidationError('invalid ADT^A01', issues);
    expect(validation).toMatchObject({ code: 'VALIDATION_FAILED', retriable: false, issues });
    expect(new ConfigError('bad env')).toMatchObject({
      name: 'ConfigError',
      code: 'CONFIG_INVALID',
      retriable: false,
    });
  });

  it('keeps name out of enumerable keys so log serializers do not copy it', () => {
    expect(Object.keys(new ConfigError('x'))).not.toContain('name');
  });
});

describe('isRetriable', () => {
  it('follows HubError.retriable', () => {
    expect(isRetriable(new UnavailableError('down', { dependency: 'kafka' }))).toBe(true);
    expect(isRetriable(new ConfigError('bad'))).toBe(false);
    expect(isRetriable(new HubError('x', { code: 'X', retriable: true }))).toBe(true);
  });

  it('follows kafkajs retriable === true', () => {
    expect(isRetriable(new KafkaJSConnectionError('Connection refused'))).toBe(true);
    expect(isRetriable(new KafkaJSError('fatal', { retriable: false }))).toBe(false);
    expect(
      isRetriable(
        new KafkaJSProtocolError({ name: 'x', message: 'too large', retriable: false } as Error & {
          retriable: boolean;
        }),
      ),
    ).toBe(false);
    // kafkajs already retried; its verdict is final
    expect(
      isRetriable(
        new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('refused'), {
          retryCount: 5,
          retryTime: 100,
        }),
      ),
    ).toBe(false);
  });

  it('never retries programming errors, whatever they claim', () => {
    for (const err of [
      new TypeError('x is undefined'),
      new RangeError('r'),
      new ReferenceError('q'),
      new SyntaxError('s'),
    ]) {
      Object.assign(err, { retriable: true });
      expect(isRetriable(err)).toBe(false);
    }
  });

  it('does not retry unknown errors or non-errors', () => {
    expect(isRetriable(new Error('?'))).toBe(false);
    expect(isRetriable('retriable')).toBe(false);
    expect(isRetriable({ retriable: 'yes' })).toBe(false);
    expect(isRetriable(null)).toBe(false);
    expect(isRetriable(undefined)).toBe(false);
  });
});

describe('describeError', () => {
  it('describes errors, strings and anything else', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(42)).toBe('non-error thrown: number');
  });
});
