interface Waiting<T> {
  readonly resolve: (result: IteratorResult<T>) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A hand-over between a producer that must wait (a kafkajs eachBatch) and an async iterator: `put`
 * resolves when the item was taken, so a producer that awaits each `put` never runs ahead by more than one item.
 */
export class AsyncHandoff<T> implements AsyncIterable<T> {
  private readonly slots: { readonly item: T; readonly taken: () => void }[] = [];
  private waiting: Waiting<T> | undefined;
  private ended = false;
  private error: Error | undefined;
  private onReturn: (() => void) | undefined;

  /** Called once when the consumer stops early (break / return in a for await). */
  whenAbandoned(callback: () => void): void {
    this.onReturn = callback;
  }

  put(item: T): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise<void>((taken) => {
      const waiting = this.waiting;
      if (waiting !== undefined) {
        this.waiting = undefined;
        waiting.resolve({ value: item, done: false });
        taken();
        return;
      }
      this.slots.push({ item, taken });
    });
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    for (const slot of this.slots.splice(0)) slot.taken();
    this.settleWaiting();
  }

  fail(error: Error): void {
    if (this.ended) return;
    this.error = error;
    this.end();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: () => this.next(),
      return: () => {
        this.end();
        this.onReturn?.();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }

  private next(): Promise<IteratorResult<T>> {
    const slot = this.slots.shift();
    if (slot !== undefined) {
      slot.taken();
      return Promise.resolve({ value: slot.item, done: false });
    }
    if (this.ended) {
      return this.error === undefined
        ? Promise.resolve({ value: undefined, done: true })
        : Promise.reject(this.error);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  private settleWaiting(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    if (this.error === undefined) waiting.resolve({ value: undefined, done: true });
    else waiting.reject(this.error);
  }
}
