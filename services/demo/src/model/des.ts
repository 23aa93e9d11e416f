/**
 * A minimal discrete-event scheduler: actions run in time order, ties in the order they were scheduled,
 * so a run is fully determined by its inputs. Only what couples journeys goes through it (arrivals,
 * readmissions, the reablement bed queue); each journey computes its own times eagerly.
 */
export class EventQueue {
  private readonly heap: { readonly at: number; readonly seq: number; readonly run: () => void }[] = [];
  private seq = 0;
  private clock = -Infinity;

  /** The time of the action being run. */
  get now(): number {
    return this.clock;
  }

  at(time: number, run: () => void): void {
    if (time < this.clock) throw new RangeError('cannot schedule into the past');
    this.heap.push({ at: time, seq: this.seq++, run });
    this.up(this.heap.length - 1);
  }

  /** Runs every action due before `until`, including those they schedule. */
  runUntil(until: number): void {
    for (;;) {
      const top = this.heap[0];
      if (top === undefined || top.at >= until) return;
      this.pop();
      this.clock = top.at;
      top.run();
    }
  }

  private pop(): void {
    const last = this.heap.pop();
    if (last === undefined || this.heap.length === 0) return;
    this.heap[0] = last;
    this.down(0);
  }

  private less(i: number, j: number): boolean {
    const a = this.heap[i];
    const b = this.heap[j];
    if (a === undefined || b === undefined) return false;
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i];
    const b = this.heap[j];
    if (a === undefined || b === undefined) return;
    this.heap[i] = b;
    this.heap[j] = a;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < this.heap.length && this.less(left, smallest)) smallest = left;
      if (right < this.heap.length && this.less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }
}

/**
 * A pool of identical places (reablement beds) with a first-come, first-served queue. `request` gives a
 * place now or when one frees; `release` frees one at a time (scheduled on the queue).
 */
export class PlacePool {
  private free: number;
  private readonly waiting: ((at: number) => void)[] = [];

  constructor(
    private readonly queue: EventQueue,
    capacity: number,
  ) {
    this.free = capacity;
  }

  get available(): number {
    return this.free;
  }

  get waitingCount(): number {
    return this.waiting.length;
  }

  /** Called at the queue's current time; `granted` runs with the time the place is granted. */
  request(granted: (at: number) => void): void {
    if (this.free > 0) {
      this.free -= 1;
      granted(this.queue.now);
    } else {
      this.waiting.push(granted);
    }
  }

  /** Frees a place at `time`; the longest waiter gets it then. */
  releaseAt(time: number): void {
    this.queue.at(time, () => {
      const next = this.waiting.shift();
      if (next) next(time);
      else this.free += 1;
    });
  }
}
