import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { mendedByNewProducer, retriableWhenMended, TransactionLost } from './transaction';

/** A protocol error as kafkajs raises it from a response, wrapped as its retrier gives it up. */
const givenUp = (code: number, type: string): Error => {
  // kafkajs' constructors take its error table's entry, and keep `cause`; its typings say neither.
  const Protocol = KafkaJSProtocolError as unknown as new (e: object) => Error;
  const Wrapped = KafkaJSNonRetriableError as unknown as new (e: Error, m: { cause: Error }) => Error;
  const protocol = new Protocol({ code, type, retriable: false, message: `${type} from the broker` });
  return new Wrapped(protocol, { cause: protocol });
};

describe('a transaction lost with its producer', () => {
  it('is mended by a new producer when the epoch is stale or the producer fenced, however deep the cause', () => {
    expect(mendedByNewProducer(givenUp(47, 'INVALID_PRODUCER_EPOCH'))).toBe(true);
    expect(mendedByNewProducer(givenUp(90, 'KAFKAJS_UNKNOWN_ERROR_CODE'))).toBe(true);
    expect(
      mendedByNewProducer(new Error('routing failed', { cause: givenUp(48, 'INVALID_TXN_STATE') })),
    ).toBe(true);
  });

  it('is not when a new producer would meet the same refusal', () => {
    expect(mendedByNewProducer(givenUp(53, 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED'))).toBe(false);
    expect(mendedByNewProducer(givenUp(10, 'MESSAGE_TOO_LARGE'))).toBe(false);
    expect(mendedByNewProducer(new Error('no code'))).toBe(false);
    expect(mendedByNewProducer('not an error')).toBe(false);
  });

  it('reaches kafkajs as retriable, naming the partition and keeping the cause; anything else unchanged', () => {
    const cause = givenUp(47, 'INVALID_PRODUCER_EPOCH');
    const lost = retriableWhenMended(cause, 2);
    expect(lost).toBeInstanceOf(TransactionLost);
    expect(lost).toMatchObject({ retriable: true, cause });
    expect((lost as Error).message).toContain('partition 2');
    const other = givenUp(53, 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED');
    expect(retriableWhenMended(other, 2)).toBe(other);
  });
});
