import { readModels } from '@homefirst/schemas';
import { PersonStory, testNhsNumber } from '../testing/corpus';
import { given } from '../testing/spec';

const { trackerStatus, weeklyFigures } = readModels;

// The 48-hour tracker: each readiness episode, its deadline, and its status at the query's "now".

const person = (n: number): PersonStory => new PersonStory(testNhsNumber(100 + n));

describe('48-hour tracker', () => {
  const p = person(0);
  const ready = [p.admitted('2025-03-01T10:00:00Z'), p.ready('2025-03-03T09:00:00Z', { pathway: 'P1' })];

  it.each([
    ['10 hours in', '2025-03-03T19:00:00Z', 'on_track', 38],
    ['37 hours in, no provider sourced', '2025-03-04T22:00:00Z', 'at_risk', 11],
    ['exactly 12 hours left', '2025-03-04T21:00:00Z', 'on_track', 12],
    ['49 hours in', '2025-03-05T10:00:00Z', 'breached', -1],
  ])('given an open episode %s, then it is %s', (_when, now, status, hoursLeft) => {
    const { tracker } = given(ready).at(now);
    expect(tracker.episodes.items[0]).toMatchObject({
      status,
      hoursLeft,
      readyAt: '2025-03-03T09:00:00.000Z',
      deadline: '2025-03-05T09:00:00.000Z',
    });
  });

  it('given a provider was sourced, then 37 hours in is still on track', () => {
    const { tracker } = given(
      ready,
      p.referred('2025-03-03T10:00:00Z'),
      p.packageRequested('2025-03-03T12:00:00Z'),
      p.sourced('2025-03-04T08:00:00Z', '2025-03-05'),
    ).at('2025-03-04T22:00:00Z');
    expect(tracker.episodes.items[0]).toMatchObject({ status: 'on_track', providerSourced: true });
  });

  it('when the at-risk window is configured, then it applies', () => {
    const { tracker } = given(ready).at('2025-03-04T10:00:00Z', { atRiskHours: 24 });
    expect(tracker.episodes.items[0]?.status).toBe('at_risk');
  });

  it.each([
    ['discharged 40 hours after ready', p.discharged('2025-03-05T01:00:00Z'), 'met'],
    ['discharged 50 hours after ready', p.discharged('2025-03-05T11:00:00Z'), 'breached'],
    ['meeting the criteria to reside again', p.withdrawn('2025-03-04T01:00:00Z'), 'withdrawn'],
    ['dying in hospital', p.died('2025-03-04T01:00:00Z'), 'withdrawn'],
  ])('given an episode ended by %s, then it is %s', (_what, ending, status) => {
    const { tracker } = given(ready, ending).at('2025-03-10T09:00:00Z');
    expect(tracker.episodes.items[0]).toMatchObject({ status, hoursLeft: null });
  });

  it('given readiness withdrawn then declared again, then a second episode starts its own 48 hours', () => {
    const { tracker } = given(
      ready,
      p.withdrawn('2025-03-04T01:00:00Z'),
      p.ready('2025-03-06T12:00:00Z', { drd: '2025-03-06' }),
    ).at('2025-03-07T12:00:00Z');
    expect(tracker.episodes.items.map((item) => [item.readyAt, item.status])).toEqual([
      ['2025-03-03T09:00:00.000Z', 'withdrawn'],
      ['2025-03-06T12:00:00.000Z', 'on_track'],
    ]);
    expect(tracker.episodes.counts).toEqual({ on_track: 1, at_risk: 0, breached: 0, met: 0, withdrawn: 1 });
  });

  it('given a query time before the discharge, then the episode is judged as open (what-if)', () => {
    const { tracker } = given(ready, p.discharged('2025-03-05T11:00:00Z')).at('2025-03-04T22:00:00Z');
    expect(tracker.episodes.items[0]?.status).toBe('at_risk');
  });

  it('status is a pure function of the episode and now', () => {
    const episode = {
      deadline: '2025-03-05T09:00:00.000Z',
      endedAt: null,
      ending: null,
      providerSourcedAt: '2025-03-05T00:00:00.000Z',
    };
    expect(trackerStatus(episode, new Date('2025-03-04T22:00:00Z'))).toBe('at_risk'); // sourced later than now
    expect(trackerStatus(episode, new Date('2025-03-05T01:00:00Z'))).toBe('on_track');
  });
});

describe('48-hour tracker: weekly figures', () => {
  const people = [0, 1, 2, 3, 4].map((n) => person(10 + n));
  const hours = [10, 30, 50, 70, 20];
  const events = people.flatMap((q, i) => [
    q.admitted('2025-03-08T10:00:00Z'),
    q.ready('2025-03-10T08:00:00Z', { pathway: i === 4 ? 'P0' : 'P1' }),
    q.discharged(
      new Date(Date.parse('2025-03-10T08:00:00Z') + (hours[i] ?? 0) * 3_600_000).toISOString(),
      i === 4 ? 'P0' : 'P1',
    ),
  ]);

  it('given five discharges in a week, then counts within 48 hours, median and p90 by pathway and site', () => {
    const { tracker } = given(events).at('2025-03-20T12:00:00Z');
    expect(tracker.weekly.filter((row) => row.site === 'ALL')).toEqual([
      {
        weekStart: '2025-03-10',
        pathway: 'ALL',
        site: 'ALL',
        discharged: 5,
        within48h: 3,
        shareWithin48h: 0.6,
        medianHours: 30,
        p90Hours: 70,
      },
      {
        weekStart: '2025-03-10',
        pathway: 'P0',
        site: 'ALL',
        discharged: 1,
        within48h: 1,
        shareWithin48h: 1,
        medianHours: 20,
        p90Hours: 20,
      },
      {
        weekStart: '2025-03-10',
        pathway: 'P1',
        site: 'ALL',
        discharged: 4,
        within48h: 2,
        shareWithin48h: 0.5,
        medianHours: 40,
        p90Hours: 70,
      },
    ]);
    expect(tracker.weekly.find((row) => row.site === 'REM01' && row.pathway === 'ALL')?.discharged).toBe(5);
  });

  it('median of an even count is the mean of the middle two', () => {
    const rows = weeklyFigures(
      new Map([
        ['2025-03-10', [10, 20, 30, 40].map((h) => ({ site: 'REM01', pathway: 'P1' as const, hours: h }))],
      ]),
    );
    expect(rows[0]).toMatchObject({ medianHours: 25, p90Hours: 40 });
  });
});
