import { StickyKey } from './audit';

describe('StickyKey: the key of the audit records of page reads', () => {
  it('given a run of 3, then three records under a key before the next', () => {
    const sticky = new StickyKey(3, 'p');
    expect(Array.from({ length: 7 }, () => sticky.next())).toEqual([
      'p.0',
      'p.0',
      'p.0',
      'p.1',
      'p.1',
      'p.1',
      'p.2',
    ]);
  });

  it('differs per process by default', () => {
    expect(new StickyKey(1).next()).not.toBe(new StickyKey(1).next());
  });
});
