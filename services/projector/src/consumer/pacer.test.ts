import { PartitionPacer } from './pacer';

describe('partition pacer', () => {
  const make = () => {
    const calls: string[] = [];
    const pacer = new PartitionPacer({
      siblingOf: (topic) => (topic === 'h' ? 'c' : 'h'),
      farBehind: 100,
      pause: (topic, partition) => calls.push(`pause ${topic}${partition}`),
      resume: (topic, partition) => calls.push(`resume ${topic}${partition}`),
    });
    return { pacer, calls };
  };

  it('pauses the partition ahead of its sibling while both are far behind, and resumes it when the sibling catches up', () => {
    const { pacer, calls } = make();
    pacer.seen('c', 0, 1_000, 5_000);
    pacer.seen('h', 0, 2_000, 5_000);
    expect(calls).toEqual(['pause h0']);
    pacer.seen('c', 0, 1_500, 4_000);
    expect(calls).toEqual(['pause h0']);
    pacer.seen('c', 0, 2_000, 3_000);
    expect(calls).toEqual(['pause h0', 'resume h0']);
  });

  it('never pauses when either is caught up, and a sibling close to its end resumes the other', () => {
    const { pacer, calls } = make();
    pacer.seen('c', 1, 1_000, 50);
    pacer.seen('h', 1, 9_000, 5_000);
    expect(calls).toEqual([]);
    pacer.seen('c', 2, 1_000, 5_000);
    pacer.seen('h', 2, 9_000, 5_000);
    pacer.seen('c', 2, 1_100, 20);
    expect(calls).toEqual(['pause h2', 'resume h2']);
  });

  it('resumes everything on reset (a new assignment)', () => {
    const { pacer, calls } = make();
    pacer.seen('c', 3, 1_000, 5_000);
    pacer.seen('h', 3, 2_000, 5_000);
    pacer.reset();
    expect(calls).toEqual(['pause h3', 'resume h3']);
  });
});
