import { createLogger, readHistory, withAdmin } from '@homefirst/runtime';
import type { Admin } from 'kafkajs';
import { servedRecord, type Served } from '../../services/feed-router/src/consumer/served';
import { readRoutingState } from '../../services/feed-router/src/consumer/state-reader';
import { PersonStates } from '../../services/feed-router/src/consumer/person-states';
import { RoutedMarks } from '../../services/feed-router/src/consumer/marks';
import { zeroCounts } from '../../services/feed-router/src/consumer/settings';
import { ensureRouterTopics, routerTopics } from '../../services/feed-router/src/consumer/topics';
import { FEED_ROUTER_ID_PREFIX } from '../../services/cli/src/stack/kafka-principals';
import { catalogueTopicsAsAdmin, kafkaAs } from '../support/secure-kafka';

// The feed router reads its state topic back at every restore (and the inputs again for a backfill) with a
// throwaway consumer group. As its own principal on the SASL_SSL listener — as `homefirst up` and Kubernetes
// run it — the broker allows it only groups under its prefix: a history group named otherwise is refused,
// and the router crashed at any restart with state (found when a council was added to a running local hub).

jest.setTimeout(60_000);

describe('the feed router reading its state as its own Kafka principal (SASL_SSL, ACLs)', () => {
  const logger = createLogger({ name: 'feed-router-principal-test', level: 'silent' });
  const topics = routerTopics('', ['E08000012']);
  let admin: Admin;

  beforeAll(async () => {
    admin = await catalogueTopicsAsAdmin();
    await ensureRouterTopics(admin, topics);
    // One record to read back: the hub's own council as served on partition 0 (what a router writes there).
    const producer = kafkaAs('hub-admin').producer();
    await producer.connect();
    await producer.send({
      topic: topics.state,
      messages: [servedRecord(0, { councils: ['E08000012'] })],
      acks: -1,
    });
    await producer.disconnect();
  });

  afterAll(async () => {
    await admin.disconnect();
  });

  const historyGroups = async (): Promise<string[]> =>
    (await withAdmin(kafkaAs('hub-admin'), (a) => a.listGroups())).groups
      .map((g) => g.groupId)
      .filter((id) => id.startsWith(`${FEED_ROUTER_ID_PREFIX}.history-`));

  it('reads the state topic to its end in a group under its own group id, and deletes that group', async () => {
    const before = await historyGroups();
    const served = new Map<number, Served>();
    const into = { states: new PersonStates(), marks: new RoutedMarks(zeroCounts()), served };
    await readRoutingState({
      kafka: kafkaAs('hub-feed-router'),
      logger,
      groupId: FEED_ROUTER_ID_PREFIX,
      topic: topics.state,
      wanted: new Set([0, 1, 2, 3, 4, 5]),
      into,
    });
    expect(served.get(0)?.councils).toContain('E08000012');
    expect((await historyGroups()).filter((id) => !before.includes(id))).toEqual([]);
  });

  it('is refused a history group outside its prefix (what it used before)', async () => {
    const reader = readHistory(kafkaAs('hub-feed-router'), { topics: [topics.state], logger });
    const read = async () => {
      await reader.start();
      for await (const batch of reader) void batch;
    };
    await expect(read()).rejects.toThrow(/group|authoriz/i);
    await reader.close();
  });
});
