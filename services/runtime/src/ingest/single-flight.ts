import { UnavailableError } from '../errors';

/**
 * One write per source message, however often it is sent: while a message's durable write is running,
 * a resend of it finds that write here and waits for it instead of writing twice. A write outlives the
 * sender's patience (its ACK deadline) and keeps going in the background, so after Kafka returns a resend
 * succeeds with no duplicate record, and nothing was acknowledged before it was written.
 */
export class SingleFlight<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** The write of this message still running, if any. */
  get(id: string): Promise<T> | undefined {
    return this.running.get(id);
  }

  /** Starts `work` as the message's write; it is forgotten once it settles. */
  start(id: string, work: () => Promise<T>): Promise<T> {
    const attempt = work();
    this.running.set(id, attempt);
    const forget = (): void => {
      if (this.running.get(id) === attempt) this.running.delete(id);
    };
    attempt.then(forget, forget);
    return attempt;
  }

  /** Writes still running (including those whose sender already gave up). */
  get size(): number {
    return this.running.size;
  }

  /**
   * Waits (at most `timeoutMs`) for the writes still running, so a graceful shutdown does not cut them
   * off; returns how many were still running at the deadline.
   */
  async settle(timeoutMs: number): Promise<number> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running.values()]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    return this.running.size;
  }
}

/** The `dependency` of the UnavailableError a missed ACK deadline rejects with. */
export const ACK_DEADLINE = 'ack-deadline';

/** `work`, or a retriable UnavailableError (dependency `ack-deadline`) once `timeoutMs` passed first. */
export async function withinDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(new UnavailableError(`no durable write within ${timeoutMs} ms`, { dependency: ACK_DEADLINE })),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether an error is a missed ACK deadline (the write may still be running). */
export const isDeadlineMissed = (err: unknown): boolean =>
  err instanceof UnavailableError && err.code === 'UNAVAILABLE' && err.dependency === ACK_DEADLINE;
