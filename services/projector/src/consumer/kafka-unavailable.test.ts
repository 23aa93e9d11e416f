import { KafkaJSError, KafkaJSNonRetriableError } from 'kafkajs';
import { isKafkaUnavailable } from './kafka-unavailable';

const named = (name: string, cause?: Error): Error => {
  const error = new Error(name, cause === undefined ? {} : { cause });
  error.name = name;
  return error;
};

describe('which consumer crashes a new consumer rides out', () => {
  it('a coordinator not found while the broker restarts, wrapped as non-retriable by kafkajs', () => {
    // What CI saw: KafkaJSNonRetriableError caused by KafkaJSGroupCoordinatorNotFound.
    const crash = new KafkaJSNonRetriableError(named('KafkaJSGroupCoordinatorNotFound'));
    Object.defineProperty(crash, 'cause', { value: named('KafkaJSGroupCoordinatorNotFound') });
    expect(isKafkaUnavailable(crash)).toBe(true);
    expect(isKafkaUnavailable(named('KafkaJSConnectionError'))).toBe(true);
    expect(isKafkaUnavailable(new KafkaJSError('leader not available', { retriable: true }))).toBe(true);
  });

  it('not our own faults: a type error or a non-retriable protocol error stays fatal', () => {
    expect(isKafkaUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isKafkaUnavailable(new KafkaJSError('topic authorization failed', { retriable: false }))).toBe(
      false,
    );
  });
});
