import {
  KafkaJSAggregateError,
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  type Producer,
  type ProducerRecord,
  type RecordMetadata,
} from 'kafkajs';
import { HubError, UnavailableError, isRetriable } from './errors';
import { sendDurably, toKafkaHubError } from './producer';

const protocolError = (type: string, retriable: boolean) =>
  new KafkaJSProtocolError(Object.assign(new Error(`${type} from broker`), { type, retriable, code: 0 }));

/** Just enough of a Producer to see what sendDurably asks of it; the wiring is covered by the stack tests. */
function producerThat(send: (record: ProducerRecord) => Promise<RecordMetadata[]>): Producer {
  return { send } as unknown as Producer; // a partial stand-in: only `send` is used
}

const record = { topic: 'hospital.events', messages: [{ key: 'person-1', value: 'event' }] };

describe('sendDurably', () => {
  it('always asks for acks from every in-sync replica', async () => {
    const send = jest.fn((_record: ProducerRecord) =>
      Promise.resolve([{ topicName: 'hospital.events', partition: 0, errorCode: 0 }]),
    );
    await expect(sendDurably(producerThat(send), record)).resolves.toHaveLength(1);
    expect(send).toHaveBeenCalledWith({ ...record, acks: -1 });
  });

  it('cannot be talked out of acks -1', async () => {
    const send = jest.fn((_record: ProducerRecord) => Promise.resolve([]));
    const sneaky = { ...record, acks: 1 } as typeof record;
    await sendDurably(producerThat(send), sneaky);
    expect(send.mock.calls[0]?.[0].acks).toBe(-1);
  });

  it('maps a broker outage to a retriable UnavailableError keeping the original as cause', async () => {
    const original = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('Connection refused'), {
      retryCount: 8,
      retryTime: 100,
    });
    const failure = sendDurably(
      producerThat(() => Promise.reject(original)),
      record,
    );
    await expect(failure).rejects.toBeInstanceOf(UnavailableError);
    await expect(failure).rejects.toMatchObject({ retriable: true, dependency: 'kafka', cause: original });
  });

  it('gives up waiting after timeoutMs', async () => {
    const failure = sendDurably(
      producerThat(() => new Promise(() => undefined)),
      record,
      { timeoutMs: 20 },
    );
    await expect(failure).rejects.toThrow('Kafka did not acknowledge the write within 20 ms');
    await expect(failure).rejects.toBeInstanceOf(UnavailableError);
  });

  it('waits at most 30 s by default', async () => {
    jest.useFakeTimers();
    try {
      const failure = sendDurably(
        producerThat(() => new Promise(() => undefined)),
        record,
      );
      const settled = expect(failure).rejects.toThrow('within 30000 ms');
      await jest.advanceTimersByTimeAsync(29_999);
      await jest.advanceTimersByTimeAsync(1);
      await settled;
    } finally {
      jest.useRealTimers();
    }
  });

  it('rethrows programming errors unchanged', async () => {
    const bug = new TypeError('value must be a Buffer');
    await expect(
      sendDurably(
        producerThat(() => Promise.reject(bug)),
        record,
      ),
    ).rejects.toBe(bug);
  });
});

describe('toKafkaHubError', () => {
  it('treats a record the broker refuses as not retriable', () => {
    const mapped = toKafkaHubError(protocolError('MESSAGE_TOO_LARGE', false));
    expect(mapped).toBeInstanceOf(HubError);
    expect(mapped).not.toBeInstanceOf(UnavailableError);
    expect(mapped).toMatchObject({ code: 'KAFKA_RECORD_REJECTED', retriable: false });
  });

  it('finds a refusal inside retries-exceeded and aggregate errors', () => {
    const wrapped = new KafkaJSNumberOfRetriesExceeded(protocolError('INVALID_RECORD', false), {
      retryCount: 0,
      retryTime: 0,
    });
    expect(toKafkaHubError(wrapped)).toMatchObject({ code: 'KAFKA_RECORD_REJECTED' });
    const aggregate = new KafkaJSAggregateError('several', [
      new KafkaJSConnectionError('x'),
      protocolError('RECORD_LIST_TOO_LARGE', false),
    ]);
    expect(toKafkaHubError(aggregate)).toMatchObject({ code: 'KAFKA_RECORD_REJECTED' });
  });

  it('treats other broker errors (authorisation, leadership) as unavailability', () => {
    expect(isRetriable(toKafkaHubError(protocolError('TOPIC_AUTHORIZATION_FAILED', false)))).toBe(true);
    expect(toKafkaHubError(protocolError('NOT_LEADER_FOR_PARTITION', true))).toBeInstanceOf(UnavailableError);
  });

  it('returns non-kafkajs errors as they are', () => {
    const ours = new UnavailableError('x', { dependency: 'redis' });
    expect(toKafkaHubError(ours)).toBe(ours);
    expect(toKafkaHubError('text')).toBe('text');
  });
});
