import { Kafka, logLevel } from 'kafkajs';
import { loadConfig } from './config';
import { createKafka, kafkaLogCreator } from './kafka';
import { capturingLogger } from './testing/captured-logs';

describe('kafkaLogCreator', () => {
  it('routes kafkajs entries into pino with level, namespace and fields', () => {
    const { logger, lines } = capturingLogger('kafka-test', 'debug');
    const log = kafkaLogCreator(logger)(logLevel.DEBUG);
    const entry = (level: logLevel, message: string) => ({
      namespace: 'Connection',
      level,
      label: 'x',
      log: { timestamp: '2025-01-01T00:00:00.000Z', logger: 'kafkajs', message, broker: '127.0.0.1:19092' },
    });
    log(entry(logLevel.ERROR, 'Connection error'));
    log(entry(logLevel.WARN, 'slow'));
    log(entry(logLevel.INFO, 'connected'));
    log(entry(logLevel.DEBUG, 'request'));
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      ['error', 'Connection error'],
      ['warn', 'slow'],
      ['info', 'connected'],
      ['debug', 'request'],
    ]);
    expect(lines[0]).toMatchObject({
      component: 'kafkajs',
      namespace: 'Connection',
      broker: '127.0.0.1:19092',
    });
    expect(lines[0]).not.toHaveProperty('logger');
  });

  it('logs the CONCURRENT_TRANSACTIONS answers kafkajs retries itself at debug, a loading coordinator, a just-created topic and a rebalancing group (heartbeat, sync) at warn, and other errors as errors', () => {
    const { logger, lines } = capturingLogger('kafka-test', 'debug');
    const log = kafkaLogCreator(logger)(logLevel.DEBUG);
    const concurrent =
      'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';
    const at = (namespace: string, message: string, error: string) => ({
      namespace,
      level: logLevel.ERROR,
      label: 'ERROR',
      log: { timestamp: '2025-01-01T00:00:00.000Z', logger: 'kafkajs', message, error },
    });
    log(at('Connection', 'Response AddPartitionsToTxn(key: 24, version: 1)', concurrent));
    log(at('Producer', `Failed to send messages: ${concurrent}`, concurrent));
    const loading = "The coordinator is loading and hence can't process requests for this group";
    log(at('Connection', 'Response InitProducerId(key: 22, version: 1)', loading));
    log(
      at(
        'Connection',
        'Response Produce(key: 0, version: 7)',
        'This server is not the leader for that topic-partition',
      ),
    );
    const unknown = 'This server does not host this topic-partition';
    log(at('Connection', 'Response Metadata(key: 3, version: 6)', unknown));
    log(at('Connection', 'Response Produce(key: 0, version: 7)', unknown));
    const rebalancing = 'The group is rebalancing, so a rejoin is needed';
    log(at('Connection', 'Response Heartbeat(key: 12, version: 3)', rebalancing));
    log(at('Connection', 'Response SyncGroup(key: 14, version: 3)', rebalancing));
    log(at('Connection', 'Response TxnOffsetCommit(key: 28, version: 0)', rebalancing));
    expect(lines.map((line) => line.level)).toEqual([
      'debug',
      'debug',
      'warn',
      'error',
      'warn',
      'error',
      'warn',
      'warn',
      'error',
    ]);
  });
});

describe('createKafka', () => {
  it('builds a client without connecting', () => {
    const { logger } = capturingLogger('kafka-test', 'warn');
    const kafka = createKafka(
      loadConfig({
        HOMEFIRST_KAFKA_SASL_MECHANISM: 'plain',
        HOMEFIRST_KAFKA_SASL_USERNAME: 'u',
        HOMEFIRST_KAFKA_SASL_PASSWORD: 'p',
      }),
      logger,
    );
    expect(kafka).toBeInstanceOf(Kafka);
  });
});
