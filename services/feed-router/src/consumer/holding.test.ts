import type { KafkaMessage } from 'kafkajs';
import { Holding } from './holding';
import { MAX_WAIT_MS, PartitionMerge } from './merge';

const record = (offset: number, timestamp: number): KafkaMessage => ({
  offset: String(offset),
  timestamp: String(timestamp),
  key: null,
  value: Buffer.from('x'),
  attributes: 0,
  headers: {},
});

/** What the holding asked of the consumer, as `pause hospital 2` / `resume council 0` lines. */
const recorder = () => {
  const calls: string[] = [];
  const log = (what: string) => (list: { topic: string; partitions?: number[] }[]) =>
    list.forEach(({ topic, partitions }) => calls.push(`${what} ${topic} ${partitions?.join(',') ?? ''}`));
  return { calls, consumer: { pause: log('pause'), resume: log('resume') } };
};

describe('Holding', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('pauses an input while it holds records for the other, and resumes it once they are routed', () => {
    const { calls, consumer } = recorder();
    const later = jest.fn();
    const holding = new Holding(consumer, { hospital: 'hospital', council: 'council' }, later);
    const merge = new PartitionMerge({ hospital: false, council: false });
    merge.deliver('hospital', [record(0, 10)], '0', '5');
    holding.update(2, merge, merge.take().length > 0);
    expect(calls).toEqual(['pause hospital 2']);
    holding.update(2, merge, false); // still holding: not paused twice
    const pass = () => {
      const taken = merge.take();
      merge.routed(taken);
      holding.update(2, merge, taken.length > 0);
    };
    merge.deliver('council', [record(0, 20)], '0', '1');
    pass(); // h0@10 goes; c0@20 now waits for the hospital side, which holds more
    expect(calls).toEqual(['pause hospital 2', 'resume hospital 2', 'pause council 2']);
    merge.deliver('hospital', [record(1, 30)], '1', '2');
    pass(); // c0@20, h1@30: nothing held
    expect(calls).toEqual(['pause hospital 2', 'resume hospital 2', 'pause council 2', 'resume council 2']);
    jest.advanceTimersByTime(MAX_WAIT_MS * 2);
    expect(later).not.toHaveBeenCalled();
  });

  it('routes held records anyway (forced) once they waited MAX_WAIT_MS without progress', () => {
    const { consumer } = recorder();
    const later = jest.fn();
    const holding = new Holding(consumer, { hospital: 'h', council: 'c' }, later);
    const merge = new PartitionMerge({ hospital: false, council: false });
    merge.deliver('council', [record(4, 10)], '4', '9');
    holding.update(1, merge, false);
    jest.advanceTimersByTime(MAX_WAIT_MS - 1);
    holding.update(1, merge, false); // no progress: the valve is not re-armed
    expect(later).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(later).toHaveBeenCalledWith(1, true);
  });

  /** A holding that paused council partition 0 (a record waits for the hospital input) and armed a timer for 3. */
  const pausedAndScheduled = () => {
    const { calls, consumer } = recorder();
    const later = jest.fn();
    const holding = new Holding(consumer, { hospital: 'h', council: 'c' }, later);
    const merge = new PartitionMerge({ hospital: false, council: false });
    merge.deliver('council', [record(0, 10)], '0', '3');
    holding.update(0, merge, false);
    holding.schedule(3, 1_000, false);
    return { calls, later, holding };
  };

  it('forgets every pause and timer at a reset (a rejoin), resuming what it paused', () => {
    const { calls, later, holding } = pausedAndScheduled();
    holding.reset();
    jest.advanceTimersByTime(MAX_WAIT_MS * 2);
    expect(calls).toEqual(['pause c 0', 'resume c 0']);
    expect(later).not.toHaveBeenCalled();
  });

  it('forgets every pause and timer at a stop without asking the consumer (it may have crashed)', () => {
    const { calls, later, holding } = pausedAndScheduled();
    holding.clear();
    jest.advanceTimersByTime(MAX_WAIT_MS * 2);
    expect(calls).toEqual(['pause c 0']);
    expect(later).not.toHaveBeenCalled();
  });
});
