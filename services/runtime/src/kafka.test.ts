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
