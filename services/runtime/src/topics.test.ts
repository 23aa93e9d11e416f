import type { ITopicConfig } from 'kafkajs';
import { createTopicsAndWait, type TopicCreator } from './topics';

type Metadata = Awaited<ReturnType<TopicCreator['fetchTopicMetadata']>>;

/** A broker that has just created the topics: "unknown topic" a few times, then leaderless, then ready. */
function freshBroker(answers: readonly ('unknown' | 'leaderless' | 'ready' | 'broken')[]): TopicCreator & {
  asked: number;
} {
  let created: ITopicConfig[] = [];
  const broker = {
    asked: 0,
    createTopics(options: { topics: ITopicConfig[]; waitForLeaders?: boolean }): Promise<boolean> {
      expect(options.waitForLeaders).toBe(false);
      created = options.topics;
      return Promise.resolve(true);
    },
    fetchTopicMetadata(): Promise<Metadata> {
      const answer = answers[Math.min(broker.asked, answers.length - 1)];
      broker.asked += 1;
      if (answer === 'unknown')
        return Promise.reject(
          Object.assign(new Error('This server does not host this topic-partition'), {
            type: 'UNKNOWN_TOPIC_OR_PARTITION',
          }),
        );
      if (answer === 'broken') return Promise.reject(new TypeError('programming error'));
      const leader = answer === 'ready' ? 1 : -1;
      return Promise.resolve({
        topics: created.map((t) => ({
          name: t.topic,
          partitions: [
            { partitionId: 0, leader, replicas: [1], isr: [1], offlineReplicas: [], partitionErrorCode: 0 },
          ],
        })),
      });
    },
  };
  return broker;
}

const topics = [{ topic: 't.one', numPartitions: 1 }];

describe('creating topics and waiting for their leaders', () => {
  it('given a broker that does not know the new topic yet, then it waits until every partition has a leader', async () => {
    const broker = freshBroker(['unknown', 'unknown', 'leaderless', 'ready']);
    await expect(createTopicsAndWait(broker, topics)).resolves.toBe(true);
    expect(broker.asked).toBe(4);
  });

  it('given leaders that never come, then a retriable UnavailableError after the deadline', async () => {
    const waiting = createTopicsAndWait(freshBroker(['leaderless']), topics, { timeoutMs: 300 });
    await expect(waiting).rejects.toMatchObject({ code: 'UNAVAILABLE', retriable: true });
    await expect(waiting).rejects.toThrow(/no leader within the deadline \(1 topic\(s\) without leaders\)/);
  });

  it('given any other metadata error, then it is not retried', async () => {
    const broker = freshBroker(['broken']);
    await expect(createTopicsAndWait(broker, topics)).rejects.toThrow(TypeError);
    expect(broker.asked).toBe(1);
  });
});
