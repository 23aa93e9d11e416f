import type { Redis } from 'ioredis';

/**
 * The read models' changes as one API process receives them: one subscription per namespace to the channel the
 * projector publishes on inside the same MULTI as its writes (readModels keys `changes`), so a message arrives
 * only after the write it announces is visible. `generation` counts the changes received; what a reader keeps
 * (QueuePages) is tagged with the generation it was read at and is good only while no change has arrived since.
 * While the subscription is not known to be live — before it is made, and from a dropped connection until it is
 * made again — `current()` is null: nothing may be kept, as a change could go unnoticed. Its listeners
 * (RedisReadModelReader.listen: `serve`'s server-sent events, however many boards are open, through
 * LiveReadModelReader.changes) hear of a change after the generation has moved on, so a board that re-reads on it
 * never gets a page kept from before.
 */
export class ChangeFeed {
  private generation = 0;
  private live = false;
  private connection: Redis | null = null;
  private subscribing: Promise<void> | null = null;
  private closed = false;
  private everLive = false;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly subscriber: () => Redis,
    private readonly channel: string,
  ) {}

  /** The generation now, or null while changes may be missed (the subscription is being made, or was lost). */
  current(): number | null {
    if (!this.live) void this.start().catch(() => undefined); // made on first use; a failure leaves it not live
    return this.live ? this.generation : null;
  }

  /** Subscribes (once); resolves when changes are being received. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the change feed is closed'));
    if (this.live) return Promise.resolve();
    this.subscribing ??= this.subscribe().finally(() => {
      this.subscribing = null;
    });
    return this.subscribing;
  }

  /** Calls `onChange` after every change from now on, until the returned function is called. */
  listen(onChange: () => void): () => void {
    this.listeners.add(onChange);
    return () => this.listeners.delete(onChange);
  }

  close(): void {
    this.closed = true;
    this.lost();
    this.connection?.disconnect();
    this.connection = null;
  }

  private async subscribe(): Promise<void> {
    let connection = this.connection;
    if (connection === null) {
      connection = this.subscriber();
      this.connection = connection;
      connection.on('message', (channel: string) => {
        if (channel !== this.channel) return;
        this.generation += 1;
        for (const listener of this.listeners) listener();
      });
      // A dropped connection may have missed messages: nothing read before it counts as current.
      connection.on('close', () => this.lost());
      connection.on('ready', () => {
        if (!this.live && !this.closed) void this.start().catch(() => undefined);
      });
    }
    await connection.subscribe(this.channel);
    if (this.closed) return;
    this.generation += 1; // whatever happened while not subscribed is unknown
    this.live = true;
    // Subscribed again after a loss: listeners re-read, as changes may have been missed meanwhile.
    if (this.everLive) for (const listener of this.listeners) listener();
    this.everLive = true;
  }

  private lost(): void {
    this.live = false;
    this.generation += 1;
  }
}
