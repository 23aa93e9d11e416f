import { KafkaJSConnectionError } from 'kafkajs';

/**
 * patches/kafkajs+2.2.4.patch: kafkajs's produce call, retried after one of its brokers failed, must send
 * every partition exactly once. These drive kafkajs's own sendMessages (patched) with brokers and cluster
 * metadata the test controls, as a broker dying mid-call does; the cluster test (tests/cluster) does the
 * same with real brokers. Each fails on kafkajs as released; the last one also checks that a send outliving
 * its producer's disconnect() gives up rather than connecting the cluster again.
 */

// kafkajs's internal modules (no types; the shapes used are the ones below).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sendMessages = require('kafkajs/src/producer/sendMessages') as (
  deps: unknown,
) => (request: unknown) => Promise<Sent[]>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const createRetry = require('kafkajs/src/retry') as (options: unknown) => unknown;

interface Sent {
  readonly topicName: string;
  readonly partition: number;
}

interface TopicData {
  readonly topic: string;
  readonly partitions: ReadonlyArray<{ readonly partition: number; readonly messages: unknown[] }>;
}

/** Brokers by node id whose produce the test scripts; `leaders` is the partition → node metadata. */
class Cluster {
  readonly produced: Array<{ readonly node: number; readonly partitions: number[] }> = [];
  private brokers = new Map<
    number,
    { nodeId: number; produce: (r: { topicData: TopicData[] }) => Promise<unknown> }
  >();
  private refreshes = 0;
  /** Whether the cluster's connections are open, and how often kafkajs connected it again. */
  connected = true;
  reconnects = 0;

  constructor(
    private leaders: Map<number, number>,
    private readonly behaviour: (node: number) => Promise<void>,
    private readonly onRefresh: (refresh: number, cluster: Cluster) => void = () => undefined,
  ) {
    this.reconnect();
  }

  moveLeader(partition: number, node: number): void {
    this.leaders = new Map(this.leaders).set(partition, node);
  }

  /** New broker objects for the same nodes, as kafkajs makes when it connects the cluster again. */
  reconnect(): void {
    this.brokers = new Map(
      [1, 2, 3].map((nodeId) => [
        nodeId,
        {
          nodeId,
          produce: async ({ topicData }: { topicData: TopicData[] }) => {
            await this.behaviour(nodeId);
            const partitions = topicData.flatMap((t) => t.partitions.map((p) => p.partition));
            this.produced.push({ node: nodeId, partitions });
            return {
              topics: topicData.map((t) => ({
                topicName: t.topic,
                partitions: t.partitions.map((p) => ({
                  partition: p.partition,
                  errorCode: 0,
                  baseOffset: '0',
                })),
              })),
            };
          },
        },
      ]),
    );
  }

  /** The parts of kafkajs's Cluster sendMessages uses. */
  get api(): unknown {
    return {
      refreshMetadataIfNecessary: () => Promise.resolve(),
      refreshMetadata: () => {
        this.refreshes += 1;
        this.onRefresh(this.refreshes, this);
        return Promise.resolve();
      },
      addMultipleTargetTopics: () => Promise.resolve(),
      isConnected: () => this.connected,
      connect: () => {
        this.reconnects += 1;
        this.connected = true;
        return Promise.resolve();
      },
      removeBroker: () => undefined,
      findTopicPartitionMetadata: () =>
        [...this.leaders].map(([partitionId, leader]) => ({ partitionId, leader })),
      findLeaderForPartitions: (_topic: string, partitions: string[]) => {
        const result: Record<number, number[]> = {};
        for (const id of partitions) {
          const leader = this.leaders.get(Number(id));
          if (leader !== undefined) (result[leader] ??= []).push(Number(id));
        }
        return result;
      },
      findBroker: ({ nodeId }: { nodeId: number | string }) =>
        Promise.resolve(this.brokers.get(Number(nodeId))),
    };
  }
}

const eosManager = {
  isTransactional: () => false,
  acquireBrokerLock: () => Promise.resolve(),
  releaseBrokerLock: () => Promise.resolve(),
  getSequence: () => 0,
  updateSequence: () => undefined,
  getProducerId: () => 1,
  getProducerEpoch: () => 0,
};
const logger = {
  debug: () => undefined,
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
};

const send = (cluster: Cluster, getConnectionStatus: () => string = () => 'connected') =>
  sendMessages({
    logger,
    cluster: cluster.api,
    partitioner: ({ message }: { message: { partition: number } }) => message.partition,
    eosManager,
    retrier: createRetry({ retries: 5, initialRetryTime: 1, maxRetryTime: 5 }),
    getConnectionStatus,
  })({
    acks: -1,
    topicMessages: [
      {
        topic: 't',
        messages: [
          { key: 'a', value: 'a', partition: 0 },
          { key: 'b', value: 'b', partition: 1 },
        ],
      },
    ],
  });

/** The leaders the tests start from: partition 0 on node 1, partition 1 on node 2. */
const partition0OnNode1AndPartition1OnNode2 = () =>
  new Map([
    [0, 1],
    [1, 2],
  ]);

let failed = false;
/** The first request to `node` fails as a killed broker's does; every other succeeds. */
const failOnceOn = (failing: number, node: number): Promise<void> => {
  if (node !== failing || failed) return Promise.resolve();
  failed = true;
  return Promise.reject(new KafkaJSConnectionError('Connection closed', { broker: `node-${node}` }));
};
beforeEach(() => {
  failed = false;
});

const sentTo = (cluster: Cluster, partition: number) =>
  cluster.produced.filter((p) => p.partitions.includes(partition)).length;

describe('kafkajs produce retries (patched)', () => {
  it('given partition 1 moves to the broker that already took partition 0, then the retry still sends it', async () => {
    const cluster = new Cluster(
      partition0OnNode1AndPartition1OnNode2(),
      (node) => failOnceOn(2, node),
      (_refresh, c) => c.moveLeader(1, 1),
    );
    const acknowledged = await send(cluster);
    expect(acknowledged.map((a) => a.partition).sort()).toEqual([0, 1]);
    expect([sentTo(cluster, 0), sentTo(cluster, 1)]).toEqual([1, 1]);
  });

  it('given the cluster is connected again (new broker objects) before the retry, then nothing already written goes twice', async () => {
    const cluster = new Cluster(
      partition0OnNode1AndPartition1OnNode2(),
      (node) => failOnceOn(2, node),
      (_refresh, c) => c.reconnect(),
    );
    await send(cluster);
    expect([sentTo(cluster, 0), sentTo(cluster, 1)]).toEqual([1, 1]);
  });

  it('given one request fails while another is still in flight, then the retry waits for it and does not send its partition again', async () => {
    const cluster = new Cluster(partition0OnNode1AndPartition1OnNode2(), async (node) => {
      if (node === 1) await new Promise((resolve) => setTimeout(resolve, 30));
      await failOnceOn(2, node);
    });
    await send(cluster);
    expect([sentTo(cluster, 0), sentTo(cluster, 1)]).toEqual([1, 1]);
  });

  it('given the producer is disconnected while a send is retrying, then the send gives up and never connects the cluster again', async () => {
    let status = 'connected';
    const cluster = new Cluster(partition0OnNode1AndPartition1OnNode2(), (node) => {
      if (node !== 2) return Promise.resolve();
      // Broker 2 is down; the producer is disconnected (as a connector's close does) while its send waits.
      status = 'disconnected';
      cluster.connected = false;
      return Promise.reject(new KafkaJSConnectionError('Connection refused', { broker: 'node-2' }));
    });
    await expect(send(cluster, () => status)).rejects.toThrow(
      /disconnected before the records were acknowledged/,
    );
    expect(cluster.reconnects).toBe(0);
    expect(sentTo(cluster, 1)).toBe(0);
    expect(cluster.produced.length).toBe(1);
  });
});
