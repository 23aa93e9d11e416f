import { Membership, restartUnlessStopped, type Logger, withAdmin } from '@homefirst/runtime';
import type { EventCodec } from '@homefirst/schemas';
import type { Consumer, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import { route } from '../routing/route';
import { feedTemplateOf, type FeedTemplate, type SourceEvent } from '../routing/feed-event';
import { feedMessage, feedMessageNow } from './feed-message';
import { EMPTY_ROUTING, type FeedOrder, type PersonRouting } from '../routing/state';
import { forgetDropped, keepsEvent } from '../routing/kept';
import { ROUTER_FETCH, zeroCounts, type FeedRouterCounts } from './settings';
import { NOT_LOADED, SourceDecoder } from './decoder';
import { Holding } from './holding';
import { KeptEvents } from './kept-events';
import { recordAborted, recordCommitted, recordForgotten, recordRouted } from './metrics';
import { RoutedMarks, type InputRole } from './marks';
import { mergeAtRestore, PartitionMerge, routedInputs, type Taken } from './merge';
import { readRoutingState } from './state-reader';
import { PersonStates } from './person-states';
import { inputWatermarks, topicLayout, type RouterTopics } from './topics';
import { commitRouting, connectTransactional, retriableWhenMended } from './transaction';
import { serveCouncils } from './backfill';
import { servedCouncilsAssigner } from './agreement';
import type { Served } from './served';

/** Adds the event's minimised payload to `sent`. */
const remember = (event: SourceEvent, sent: Map<string, FeedTemplate>): void => {
  const template = feedTemplateOf(event);
  if (template !== undefined) sent.set(event.eventId, template);
};

/** A feed order with the person it is about. */
interface PersonOrder {
  readonly personKey: string;
  readonly order: FeedOrder;
}

export interface FeedRouterOptions {
  readonly kafka: Kafka;
  readonly codec: EventCodec;
  readonly topics: RouterTopics;
  readonly groupId: string;
  /** Prefix of the transactional ids, one per input partition (`<prefix>.<partition>`). Default: the group id. */
  readonly transactionalIdPrefix?: string;
  readonly logger: Logger;
  readonly sessionTimeoutMs?: number;
  /**
   * Input partitions handled at once (default 3). Partition p of the hospital and of the council topic (one
   * person's events) are never handled at once: their batches queue behind each other.
   */
  readonly concurrency?: number;
  /** Called when the consumer crashed and kafkajs will not restart it: exit, the supervisor restarts. */
  readonly onFatal?: (error: Error) => void;
}

/**
 * The feed router's Kafka shell: a consumer group over the hospital and council topics (partition p of
 * both on one member), their records merged in arrival order (merge.ts), the pure `route` per event, and per
 * run of merged records ONE Kafka transaction holding the feed events, the changed persons' routing state with
 * the routed inputs' marks (to the compacted state topic) and the consumed offsets.
 *
 * Exactly once: a transaction commits all three or none. Each input partition has its own transactional
 * id, so whoever owns partition p next (this process after a restart, or another member after a
 * rebalance) fences the old owner and aborts its open transaction before it restores p's state and marks
 * from the state topic (read committed, to its end) and resumes at the committed offsets, skipping records
 * below the marks (marks.ts says why). Feed readers use isolation.level=read_committed and see each feed
 * event exactly once.
 */
export class FeedRouter {
  readonly counts: FeedRouterCounts = zeroCounts();
  private readonly consumer: Consumer;
  private readonly membership: Membership;
  private readonly decoder: SourceDecoder;
  private readonly states = new PersonStates();
  /**
   * The events the persons' states refer to, by source event id: kept when consumed, in memory only (the
   * state topic holds references), forgotten when the state drops their stay. After a restore they are read
   * again from the hospital topic when a referral needs them.
   */
  private readonly kept: KeptEvents;
  private readonly producers = new Map<number, Producer>();
  /** The batch of each partition number in progress: the next one of either topic waits for it. */
  private readonly inProgress = new Map<number, Promise<void>>();
  private readonly inDoubt = new Set<number>(); // partitions whose last commit failed: see resolveDoubt
  /** Per input partition, the offset below which records were routed, as the state topic says: see marks.ts. */
  private readonly marks = new RoutedMarks(this.counts);
  /** Per partition number, the order its hospital and council records are routed in (merge.ts). */
  private readonly merges = new Map<number, PartitionMerge>();
  /** Per partition, its `@served` record as the state topic had it at the restore (served.ts). */
  private readonly served = new Map<number, Served>();
  /** Per input partition (`<role>:<p>`), the high watermark of its last fetch. */
  private readonly watermarks = new Map<string, string>();
  private readonly holding: Holding;
  private assigned: readonly number[] = [];
  private copartitionedFeeds: ReadonlySet<string> = new Set(); // see topics.ts topicLayout
  private restoring: Promise<void> | undefined;
  private joined = false;
  private assignment = 0; // counts the group's assignments: a timer of an earlier one does nothing
  private stopping = false;
  /** The latest batch's heartbeat: a long restore (a backfill) keeps the group membership with it. */
  private heartbeat: () => Promise<void> = () => Promise.resolve();

  constructor(private readonly options: FeedRouterOptions) {
    this.decoder = new SourceDecoder(options.codec, options.logger, this.counts);
    this.kept = new KeptEvents(this.decoder, options);
    const session = options.sessionTimeoutMs ?? 30_000;
    this.consumer = options.kafka.consumer({
      groupId: options.groupId,
      partitionAssigners: [servedCouncilsAssigner(options.topics.feeds.keys(), options.logger)],
      allowAutoTopicCreation: false,
      sessionTimeout: session,
      rebalanceTimeout: 2 * session,
      heartbeatInterval: Math.max(500, Math.floor(session / 10)),
      readUncommitted: false,
      retry: restartUnlessStopped(() => this.stopping),
      ...ROUTER_FETCH,
    });
    this.membership = new Membership(this.consumer);
    this.holding = new Holding(this.consumer, options.topics, (p, force) => this.routeLater(p, force));
  }

  get isJoined(): boolean {
    return this.joined;
  }

  async start(): Promise<void> {
    const { consumer, options } = this;
    // The registry's answers the first batches need, fetched while the consumer connects: the feeds' writer
    // ids (a registry that cannot give them fails the start) and the readers of the sources' schemas.
    await Promise.all([
      options.codec.prepareFeeds([...options.topics.feeds.keys()]),
      options.codec.prepareReading(['homefirst.hospital.events.v1', 'homefirst.council.events.v1']),
      consumer.connect(),
    ]);
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const assignment = event.payload.memberAssignment;
      this.assigned = [...new Set(Object.values(assignment).flat())].sort((a, b) => a - b);
      if (this.assigned.length === 0)
        options.logger.warn(
          'feed router joined with no partitions: the leader serves other councils, or the group has more members than partitions',
        );
      this.joined = true;
      this.restoring = undefined;
      this.assignment += 1;
      this.holding.reset();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (this.stopping) return;
      options.logger.error({ err: payload.error, restart: payload.restart }, 'feed router consumer crashed');
      if (!payload.restart) options.onFatal?.(payload.error);
    });
    await consumer.subscribe({
      topics: [options.topics.hospital, options.topics.council],
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // Two batches of one partition number (hospital p, council p) never run at once: see enqueue.
      partitionsConsumedConcurrently: 2 * (options.concurrency ?? 3),
      eachBatch: (payload) =>
        this.enqueue(payload.batch.partition, () => this.handleBatch(payload)).catch((error: unknown) => {
          throw retriableWhenMended(error, payload.batch.partition);
        }),
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.holding.clear();
    await this.membership.leave().catch(() => undefined); // a stop while it joins does not wait for the join
    await Promise.all([...this.producers.values()].map((p) => p.disconnect().catch(() => undefined)));
    this.producers.clear();
  }

  /** After each (re)assignment: fence and restore the assigned partitions before the first batch. */
  private ensureRestored(): Promise<void> {
    this.restoring ??= this.restore(this.assigned).catch((error: unknown) => {
      this.restoring = undefined;
      throw error;
    });
    return this.restoring;
  }

  private async restore(partitions: readonly number[]): Promise<void> {
    const started = Date.now();
    for (const producer of this.producers.values()) await producer.disconnect().catch(() => undefined);
    this.producers.clear();
    this.states.clear();
    this.kept.clear();
    this.inDoubt.clear();
    this.marks.clear();
    this.served.clear();
    this.merges.clear();
    this.watermarks.clear();
    // Connecting a partition's producer fences its previous owner and waits for that owner's last transaction
    // to be settled (transaction.ts), so the state topic read below ends at what was committed.
    const producers = await Promise.all(partitions.map((p) => this.connectProducer(p)));
    partitions.forEach((partition, i) => this.producers.set(partition, producers[i]!));
    const layout = await withAdmin(this.options.kafka, (admin) =>
      topicLayout(admin, this.options.topics, partitions),
    );
    this.copartitionedFeeds = layout.copartitionedFeeds;
    if (layout.hasState) await this.readState(new Set(partitions));
    const ends = await withAdmin(this.options.kafka, (admin) => inputWatermarks(admin, this.options.topics));
    for (const p of partitions) this.merges.set(p, mergeAtRestore(p, ends, this.marks));
    for (const p of partitions) await this.serveCouncils(p);
    this.options.logger.info(
      { partitions, persons: this.states.size, ms: Date.now() - started },
      'feed router state restored',
    );
  }

  /** Reads the state topic to its end (read committed) into memory, for the wanted partitions: states, marks. */
  private readState(wanted: ReadonlySet<number>): Promise<void> {
    const { kafka, logger, topics, groupId } = this.options;
    const into = { states: this.states, marks: this.marks, served: this.served };
    return readRoutingState({ kafka, logger, groupId, topic: topics.state, wanted, into });
  }

  /** At a restore: councils added since partition p was routed are sent what they missed (backfill.ts). */
  private async serveCouncils(partition: number): Promise<void> {
    this.counts.backfilled += await serveCouncils({
      ...this.options,
      decoder: this.decoder,
      producer: await this.producerFor(partition),
      partition,
      copartitioned: this.copartitionedFeeds,
      stored: this.served.get(partition),
      marks: { hospital: this.marks.at('hospital', partition), council: this.marks.at('council', partition) },
      heartbeat: () => this.heartbeat(),
    });
  }

  private connectProducer(partition: number): Promise<Producer> {
    const prefix = this.options.transactionalIdPrefix ?? this.options.groupId;
    return connectTransactional(this.options.kafka, `${prefix}.${partition}`);
  }

  /** The partition's transactional producer; connected again after dropProducer. */
  private async producerFor(partition: number): Promise<Producer> {
    const producer = this.producers.get(partition);
    if (producer !== undefined) return producer;
    if (!this.assigned.includes(partition))
      throw new Error(`partition ${partition} is not assigned to this member`);
    const connected = await this.connectProducer(partition);
    this.producers.set(partition, connected);
    return connected;
  }

  private async dropProducer(partition: number, producer: Producer): Promise<void> {
    if (this.producers.get(partition) === producer) this.producers.delete(partition);
    await producer.disconnect().catch(() => undefined);
  }

  /**
   * After a transaction failed in doubt, what a restart would do, for its partition: a new producer with
   * the partition's transactional id (fencing the old one, so its transaction is settled either way), its
   * state and marks read again from the state topic (records below the marks were routed, by that
   * transaction if it committed: handleBatch skips them).
   */
  private async resolveDoubt(partition: number): Promise<void> {
    await this.producerFor(partition);
    await this.readState(new Set([partition]));
    this.merges.get(partition)?.skipRouted((role) => this.marks.at(role, partition));
    this.inDoubt.delete(partition);
    this.options.logger.warn({ partition }, 'transaction failed in doubt: state and offsets read again');
  }

  /** Runs `work` after what is queued for the same partition number (the same persons) is done. */
  private enqueue(partition: number, work: () => Promise<void>): Promise<void> {
    const previous = this.inProgress.get(partition) ?? Promise.resolve();
    const run = previous.then(work);
    const settled = run.catch(() => undefined);
    this.inProgress.set(partition, settled);
    void settled.then(() => {
      if (this.inProgress.get(partition) === settled) this.inProgress.delete(partition);
    });
    return run;
  }

  /** Restored, no doubt left on the partition: its producer. */
  private async ready(partition: number): Promise<Producer> {
    await this.ensureRestored();
    if (this.inDoubt.has(partition)) await this.resolveDoubt(partition);
    return this.producerFor(partition);
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const last = batch.messages.at(-1)?.offset;
    if (last === undefined) return;
    const { partition, topic, highWatermark } = batch;
    const role: InputRole = topic === this.options.topics.hospital ? 'hospital' : 'council';
    this.heartbeat = () => payload.heartbeat();
    await this.ready(partition);
    // Records a committed transaction routed, handed over again (a rejoin, a doubt): skipped.
    const messages = this.marks.unrouted(role, partition, batch.messages);
    const merge = this.merges.get(partition) ?? new PartitionMerge({ hospital: false, council: false });
    this.merges.set(partition, merge);
    merge.deliver(role, messages, last, highWatermark);
    this.watermarks.set(`${role}:${partition}`, highWatermark);
    // kafkajs fetches this input from here on; the merge holds what is not routed yet. After a rejoin or a
    // restart the records come again from the committed offsets (the merge starts empty).
    payload.resolveOffset(last);
    await this.routeHeld(partition, merge);
    await payload.heartbeat();
  }

  /** The holding's timers (holding.ts): routes what partition p holds, from memory. */
  private routeLater(partition: number, force: boolean): void {
    const assignment = this.assignment;
    void this.enqueue(partition, async () => {
      if (this.stopping || assignment !== this.assignment) return; // rejoined since: what was held is gone
      await this.ready(partition);
      const merge = this.merges.get(partition);
      if (assignment === this.assignment && merge !== undefined)
        await this.routeHeld(partition, merge, force);
    }).catch((error: unknown) => {
      // Tried again, restore included: nothing else may come to route what the partition holds.
      this.options.logger.error({ err: error, partition }, 'feed router: routing held records failed');
      if (!this.stopping && assignment === this.assignment) this.holding.schedule(partition, 1_000, force);
    });
  }

  /** Routes what the merge may give now, in one transaction; then pauses or resumes its inputs (holding.ts). */
  private async routeHeld(partition: number, merge: PartitionMerge, force = false): Promise<void> {
    const taken = merge.take(force);
    if (taken.length > 0) {
      if (force)
        this.options.logger.warn({ partition }, 'an input known to hold more stayed silent: routed on');
      await this.route(partition, taken).catch((error: unknown) => {
        this.holding.schedule(partition, 1_000, false); // kafkajs will not hand these records over again
        throw error;
      });
      merge.routed(taken, force);
    }
    this.holding.update(partition, merge, taken.length > 0);
  }

  /** Routes the records taken, in their order, in one transaction with their inputs' offsets and marks. */
  private async route(partition: number, taken: readonly Taken[]): Promise<void> {
    const producer = await this.producerFor(partition);
    const changed = new Map<string, PersonRouting>();
    const orders: PersonOrder[] = [];
    const sent = new Map<string, FeedTemplate>(); // the minimised payloads of this batch's events sent now
    const forget: string[] = []; // kept events to forget once the batch is committed: of stays the state dropped
    for (const { role: from, message } of taken) {
      const topic = this.options.topics[from];
      // Synchronous once the writer's schema is cached (every message but a schema's first): no promise per event.
      const now = this.decoder.decodeNow(topic, partition, message);
      const event = now === NOT_LOADED ? await this.decoder.decode(topic, partition, message) : now;
      if (event === undefined) continue;
      const { personKey } = event;
      this.states.observe(partition, event.occurredAt.getTime(), Number(message.timestamp));
      const before = changed.get(personKey) ?? this.states.get(partition, personKey) ?? EMPTY_ROUTING;
      const routed = route(before, event, message.offset);
      for (const order of routed.feed) orders.push({ personKey, order });
      if (routed.feed.length > 0) remember(event, sent);
      if (routed.state === before) continue;
      changed.set(personKey, routed.state);
      if (keepsEvent(routed.state, event.eventId) && message.value !== null)
        this.kept.keep(event.eventId, message.value);
      forgetDropped(before, routed.state, forget);
    }
    const forgotten = this.forgetDue(partition, changed, forget);
    const served = orders.filter(({ order }) => this.options.topics.feeds.has(order.laCode));
    this.counts.reread += await this.kept.ensure(partition, served, sent);
    const feeds = await this.feedRecords(orders, partition, sent);
    const inputs = routedInputs(taken, this.options.topics);
    const { groupId } = this.options;
    const stateTopic = this.options.topics.state;
    try {
      await commitRouting(producer, { groupId, stateTopic, partition, inputs, changed, forgotten, feeds });
    } catch (error) {
      // In doubt: a commit that failed (a broker died mid-commit) may have been written all the same, and a
      // producer whose abort failed too is stuck: see resolveDoubt.
      recordAborted();
      this.inDoubt.add(partition);
      await this.dropProducer(partition, producer);
      throw error;
    }
    this.counts.transactions += 1;
    this.counts.stateWrites += changed.size;
    recordCommitted(feeds, changed.size);
    for (const { role, topic, last } of inputs) {
      const highWatermark = this.watermarks.get(`${role}:${partition}`) ?? last;
      recordRouted({ topic, partition, highWatermark }, taken.filter((t) => t.role === role).length, last);
    }
    this.states.committed(partition, changed, forgotten);
    recordForgotten(forgotten.length, this.states.size);
    this.counts.forgotten += forgotten.length;
    for (const id of forget) this.kept.forget(id);
    this.counts.consumed += taken.length;
  }

  /** The people to forget with this batch (routing/forget.ts): taken out of `changed`, their payloads to `forget`. */
  private forgetDue(partition: number, changed: Map<string, PersonRouting>, forget: string[]): string[] {
    const due = this.states.due(partition, changed);
    for (const personKey of due) {
      forgetDropped(
        changed.get(personKey) ?? this.states.get(partition, personKey) ?? EMPTY_ROUTING,
        EMPTY_ROUTING,
        forget,
      );
      changed.delete(personKey);
    }
    return due;
  }

  /**
   * The batch's feed events, in order, as Kafka messages by feed topic: each order's payload (sent now, or
   * kept: see KeptEvents.ensure) addressed to its council and encoded at once. Events for councils not served are
   * counted, not written.
   */
  private async feedRecords(
    orders: readonly PersonOrder[],
    partition: number,
    sent: Map<string, FeedTemplate>,
  ): Promise<Map<string, Message[]>> {
    const byTopic = new Map<string, Message[]>();
    for (const { personKey, order } of orders) {
      const topic = this.options.topics.feeds.get(order.laCode);
      if (topic === undefined) {
        this.counts.unserved += 1;
        continue;
      }
      let template = sent.get(order.sourceEventId);
      if (template === undefined) {
        template = await this.kept.template(order.sourceEventId, partition, order.offset);
        if (template !== undefined) sent.set(order.sourceEventId, template); // another council may want it
      }
      if (template === undefined)
        throw new Error(
          `event ${order.sourceEventId} is not at offset ${order.offset} of partition ${partition}`,
        );
      const direct = this.copartitionedFeeds.has(topic);
      const place = { personKey, partition, direct };
      const { codec } = this.options;
      // Synchronous once the feed's writer id is known (every event but a council's first): no promise each.
      const message =
        feedMessageNow(codec, template, order.laCode, place) ??
        (await feedMessage(codec, template, order.laCode, place));
      let messages = byTopic.get(topic);
      if (messages === undefined) byTopic.set(topic, (messages = []));
      messages.push(message);
      this.counts.routed += 1;
    }
    return byTopic;
  }
}
