import { describeError, withAdmin, type GroupMember, type Logger } from '@homefirst/runtime';
import { feedTopicNameOf, LA_CODE_PATTERN } from '@homefirst/schemas';
import type { Admin, Kafka } from 'kafkajs';
import { ensureRouterTopics, routerTopics, type RouterTopics } from './topics';

/** The LA codes that have a feed topic under `prefix` (`<prefix>homefirst.feed.<LA code>.v1`), sorted. */
export async function feedCouncilsIn(admin: Admin, prefix: string): Promise<string[]> {
  const laCode = new RegExp(LA_CODE_PATTERN);
  const found = new Set<string>();
  for (const topic of await admin.listTopics()) {
    if (!topic.startsWith(prefix)) continue;
    const code = /^homefirst\.feed\.([^.]+)\.v1$/.exec(topic.slice(prefix.length))?.[1];
    if (code !== undefined && laCode.test(code) && topic === `${prefix}${feedTopicNameOf(code)}`)
      found.add(code);
  }
  return [...found].sort();
}

export interface DiscoveringRouterOptions {
  readonly kafka: Kafka;
  readonly topicPrefix: string;
  readonly logger: Logger;
  /** Served whether or not their feed topic exists yet (it is created): HOMEFIRST_FEED_COUNCILS. */
  readonly listed: readonly string[];
  /** How often to look for feed topics made or deleted since (HOMEFIRST_FEED_DISCOVER_INTERVAL_MS). */
  readonly intervalMs: number;
  /** A router member serving these topics' councils. */
  readonly create: (topics: RouterTopics) => GroupMember;
}

const sameCouncils = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((code, i) => code === b[i]);

/**
 * HOMEFIRST_FEED_DISCOVER: a feed router that serves its listed councils and every council with a feed topic
 * (`homefirst councils add` makes one), and looks again every interval. When the councils change it stops
 * its group member and starts a new one serving the new set: the new member's restore sends an added council
 * what it missed (backfill.ts), and a council whose feed topic was deleted is no longer written to. While
 * members of a group disagree on the councils, those off the leader's set get no partitions (agreement.ts),
 * so instances that notice a change a little apart never route a partition for two sets in turn.
 */
export class DiscoveringRouter implements GroupMember {
  private member: GroupMember | undefined;
  private councils: readonly string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private changing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: DiscoveringRouterOptions) {}

  get isJoined(): boolean {
    return this.member?.isJoined ?? false;
  }

  /** The councils served now. */
  get served(): readonly string[] {
    return this.councils;
  }

  async start(): Promise<void> {
    await this.serve(await this.look());
    this.timer = setInterval(() => void this.check(), this.options.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.changing;
    await this.member?.stop();
  }

  /**
   * One look (the interval's): a change of councils restarts the member. A failed look is logged and the next
   * one tries again; so is a failed restart (its member stopped first, it is made again from nothing).
   */
  check(): Promise<void> {
    this.changing = this.changing.then(async () => {
      if (this.stopped) return;
      let restarting = false;
      try {
        const found = await this.look();
        if (this.stopped || sameCouncils(found, this.councils)) return;
        restarting = true;
        this.options.logger.info(
          {
            added: found.filter((code) => !this.councils.includes(code)),
            removed: this.councils.filter((code) => !found.includes(code)),
          },
          'feed topics changed: the feed router restarts its group member serving the councils found',
        );
        await this.member?.stop();
        await this.serve(found);
      } catch (error) {
        // A restart that failed half-way is tried again at the next look (no councils count as served).
        if (restarting) this.councils = [];
        this.options.logger.error(
          { err: error },
          `feed router could not ${restarting ? 'restart for the councils found' : 'look for feed topics'}: ${describeError(error)}`,
        );
      }
    });
    return this.changing;
  }

  private async look(): Promise<string[]> {
    const { kafka, topicPrefix, listed } = this.options;
    const found = await withAdmin(kafka, (admin) => feedCouncilsIn(admin, topicPrefix));
    return [...new Set([...listed, ...found])].sort();
  }

  private async serve(councils: readonly string[]): Promise<void> {
    const topics = routerTopics(this.options.topicPrefix, councils);
    await withAdmin(this.options.kafka, (admin) => ensureRouterTopics(admin, topics));
    this.councils = councils;
    this.member = this.options.create(topics);
    await this.member.start();
  }
}
