import { advance, alreadyRead, START } from './checkpoint';

const v = (id: string, lastUpdated: string) => ({ versionKey: `Encounter/${id}/_history/1`, lastUpdated });

describe('pull checkpoint', () => {
  it('given no checkpoint, when versions are read, then it moves to the newest and remembers the versions read at that instant', () => {
    const next = advance(
      START,
      [v('a', '2025-01-06T09:00:00Z'), v('b', '2025-01-06T10:00:00Z'), v('c', '2025-01-06T10:00:00Z')],
      null,
    );
    expect(next).toEqual({
      lastUpdated: '2025-01-06T10:00:00Z',
      versionsAtLastUpdated: ['Encounter/b/_history/1', 'Encounter/c/_history/1'],
    });
  });

  it('given a checkpoint, when a version at the same instant is read next time, then it is new; the ones already read are not', () => {
    const checkpoint = advance(START, [v('b', '2025-01-06T10:00:00Z')], null);
    expect(alreadyRead(checkpoint, v('b', '2025-01-06T10:00:00+00:00'))).toBe(true);
    expect(alreadyRead(checkpoint, v('d', '2025-01-06T10:00:00Z'))).toBe(false);
    expect(advance(checkpoint, [v('d', '2025-01-06T10:00:00Z')], null).versionsAtLastUpdated).toEqual([
      'Encounter/b/_history/1',
      'Encounter/d/_history/1',
    ]);
  });

  it('given versions newer than the search time minus the overlap, then the checkpoint stops at that bound (read again next time)', () => {
    const next = advance(
      START,
      [v('a', '2025-01-06T09:00:00Z'), v('b', '2025-01-06T10:00:00Z')],
      new Date('2025-01-06T09:30:00Z'),
    );
    expect(next).toEqual({ lastUpdated: '2025-01-06T09:30:00.000Z', versionsAtLastUpdated: [] });
  });

  it('never moves backwards, and stays put when nothing was read', () => {
    const checkpoint = advance(START, [v('b', '2025-01-06T10:00:00Z')], null);
    expect(advance(checkpoint, [], null)).toEqual(checkpoint);
    expect(advance(checkpoint, [v('z', '2025-01-05T00:00:00Z')], null)).toEqual(checkpoint);
    expect(advance(checkpoint, [v('y', '2025-01-07T00:00:00Z')], new Date('2025-01-06T00:00:00Z'))).toBe(
      checkpoint,
    );
  });
});
