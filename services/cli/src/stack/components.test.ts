import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { components, kafkaNodeProperties } from './components';
import { findRepoRoot, kafkaNodes, loadStackSettings } from './settings';

/** The properties of a rendered server.properties, as a map (comments and blank lines dropped). */
const parseProperties = (text: string): Map<string, string> =>
  new Map(
    text
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
  );

describe('the local stack components', () => {
  it('are Kafka, the registry and Redis, each at its endpoint with its pid and log file under the state folder', () => {
    const s = loadStackSettings(
      { HOMEFIRST_REDIS_PORT: '26379', HOMEFIRST_HUB_DIR: 'state' },
      '/srv/homefirst',
    );
    expect(components(s).map(({ name, address, process }) => ({ name, address, process }))).toEqual([
      {
        name: 'kafka',
        address: '127.0.0.1:19092',
        process: {
          name: 'kafka',
          pidFile: '/srv/homefirst/state/run/kafka.pid',
          logFile: '/srv/homefirst/state/logs/kafka.log',
        },
      },
      {
        name: 'registry',
        address: 'http://127.0.0.1:18081/apis/ccompat/v7',
        process: {
          name: 'registry',
          pidFile: '/srv/homefirst/state/run/registry.pid',
          logFile: '/srv/homefirst/state/logs/registry.log',
        },
      },
      {
        name: 'redis',
        address: 'redis://127.0.0.1:26379',
        process: {
          name: 'redis',
          pidFile: '/srv/homefirst/state/run/redis.pid',
          logFile: '/srv/homefirst/state/logs/redis.log',
        },
      },
    ]);
  });

  it('given HOMEFIRST_STACK_BROKERS=3, then three Kafka nodes come first, 100 ports apart, and clients list all three', () => {
    const s = loadStackSettings(
      { HOMEFIRST_STACK_BROKERS: '3', HOMEFIRST_HUB_DIR: 'state' },
      '/srv/homefirst',
    );
    expect(components(s).map(({ name, address }) => `${name} ${address}`)).toEqual([
      'kafka 127.0.0.1:19092',
      'kafka-2 127.0.0.1:19192',
      'kafka-3 127.0.0.1:19292',
      'registry http://127.0.0.1:18081/apis/ccompat/v7',
      'redis redis://127.0.0.1:16379',
    ]);
    expect(components(s)[1]?.process.pidFile).toBe('/srv/homefirst/state/run/kafka-2.pid');
  });
});

describe("a Kafka node's server.properties", () => {
  const template = readFileSync(join(findRepoRoot(), 'infra', 'kafka', 'server.properties'), 'utf8');
  const render = (brokers: '1' | '3', node: number) => {
    const s = loadStackSettings({ HOMEFIRST_STACK_BROKERS: brokers }, '/srv/homefirst');
    const n = kafkaNodes(s)[node - 1];
    if (n === undefined) throw new Error(`no node ${node}`);
    const text = kafkaNodeProperties(template, s, n, `/data/${node}`, 'security.placeholder=1');
    expect(text).not.toMatch(/\$\{[A-Z_]+\}/);
    return parseProperties(text);
  };

  it('given one node, then it is its own quorum and nothing is replicated', () => {
    const p = render('1', 1);
    expect(p.get('node.id')).toBe('1');
    expect(p.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(p.get('default.replication.factor')).toBe('1');
    expect(p.get('min.insync.replicas')).toBe('1');
    expect(p.get('offsets.topic.replication.factor')).toBe('1');
  });

  it('given three nodes, then each names all three voters, and topics get three replicas with two in sync required', () => {
    const p = render('3', 3);
    expect(p.get('node.id')).toBe('3');
    expect(p.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093,2@127.0.0.1:19193,3@127.0.0.1:19293');
    expect(p.get('log.dirs')).toBe('/data/3');
    for (const key of [
      'default.replication.factor',
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'share.coordinator.state.topic.replication.factor',
    ])
      expect([key, p.get(key)]).toEqual([key, '3']);
    for (const key of [
      'min.insync.replicas',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.min.isr',
    ])
      expect([key, p.get(key)]).toEqual([key, '2']);
    expect(p.get('security.placeholder')).toBe('1');
  });
});
